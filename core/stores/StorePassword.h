// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "stores/StoreTypes.h"

#include <QByteArray>
#include <QString>

namespace certlife {

// A store's PKCS#12 password, read from the file StoreConfig::pkcs12PasswordFile names
// (its first line; a trailing CR is not part of it). One reader for the scanner and for
// the actions that need the private key (export, copy, move): they must agree on it.
// The bytes are wiped when the value goes.
class StorePassword
{
public:
    explicit StorePassword(const StoreConfig& store);
    ~StorePassword();
    StorePassword(const StorePassword&) = delete;
    StorePassword& operator=(const StorePassword&) = delete;

    bool configured() const { return m_configured; } // the store names a password file that was read
    const QByteArray& password() const { return m_password; }
    QString error() const { return m_error; } // why the named file cannot be read
    QString file() const { return m_file; }

private:
    QByteArray m_password;
    QString m_error;
    QString m_file;
    bool m_configured = false;
};

} // namespace certlife
