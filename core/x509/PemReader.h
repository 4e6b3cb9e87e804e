#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace certlife {

struct PemBlock
{
    QByteArray label; // e.g. "CERTIFICATE", "PRIVATE KEY"
    QByteArray der;   // decoded content; empty when error is set
    QString error;    // why this block could not be decoded
    bool encryptedHeaders = false; // legacy "Proc-Type: 4,ENCRYPTED" key
};

bool looksLikePem(QByteArrayView data);

// Splits PEM text into blocks. Text before, between and after blocks is ignored;
// CRLF and stray whitespace are accepted; a BEGIN without its END is an error block.
QList<PemBlock> readPemBlocks(QByteArrayView data);

} // namespace certlife
