// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "actions/PrivateKeyMaterial.h"
#include "stores/StoreTypes.h"

#include <QByteArray>
#include <QString>

namespace certlife {

// Changes to an NSS database, made by NSS itself in the helper certlife-nss-write
// (app/nss/write.cpp): never by editing cert9.db/key4.db and never through certutil.
// The helper opens the directory so that it cannot be swapped, refuses one that is
// another user's (or reached through another user's symbolic link), and fails with the
// program's name when another process is writing to the database (a browser). Each
// call changes nothing on failure and returns why; the database password comes from the
// store's password file, on the helper's standard input. docs/stores.md, "NSS databases".

// Why a nickname cannot be used, or empty: 1 to 255 bytes of UTF-8, no control
// characters (a line break or NUL in a nickname would break every listing of it).
QString nssNicknameProblem(const QString& nickname);
// Why trust flags cannot be used, or empty: certutil -t's form, SSL,S/MIME,JAR/XPI,
// each of the letters p P c C T u w (for example "C,,", "P,,", ",,").
QString nssTrustProblem(const QString& trust);
// The nickname an import gives when none is asked for: the certificate's display name
// with control characters dropped (a hostile CN cannot put a line break into the database).
QString defaultNssNickname(const Certificate& cert);

struct NssImport
{
    QString nickname;
    QString trust; // empty: none (",,")
    QByteArray der;
    PrivateKey key; // null: the certificate alone
};
QString nssImport(const StoreConfig& store, const NssImport& import);

enum class NssKeyOutcome { NoKey, Removed, Kept };
// Removes the certificate (and its trust); with `withKey` its private key too, unless
// another certificate of the database still uses it (*keyOutcome says which).
QString nssDelete(const StoreConfig& store, const QByteArray& der, bool withKey, NssKeyOutcome* keyOutcome);

// The certificate's private key, taken out through NSS (encrypted on the way, with a
// one-time password). Null with *error when it cannot be.
PrivateKey nssPrivateKey(const StoreConfig& store, const Certificate& cert, QString* error);

} // namespace certlife
