// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/StorePassword.h"

#include "stores/FileNames.h"
#include "stores/PosixFile.h"

#include <openssl/crypto.h>

namespace certlife {

namespace {
constexpr qint64 kMaxPasswordFileSize = 4096;
}

StorePassword::StorePassword(const StoreConfig& store) : m_file(store.pkcs12PasswordFile)
{
    if (m_file.isEmpty())
        return;
    QByteArray content;
    FileStamp stamp;
    QString error;
    if (!readRegularFile(encodeFileName(m_file), kMaxPasswordFileSize, &content, &stamp, &error)) {
        m_error = error;
        return;
    }
    // The password is the first line; editors add a newline that is not part of it.
    const qsizetype eol = content.indexOf('\n');
    m_password = eol >= 0 ? content.left(eol) : content;
    if (m_password.endsWith('\r'))
        m_password.chop(1);
    m_configured = true;
    OPENSSL_cleanse(content.data(), size_t(content.size()));
}

StorePassword::~StorePassword()
{
    OPENSSL_cleanse(m_password.data(), size_t(m_password.size()));
}

} // namespace certlife
