// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <functional>

namespace certlife {

struct PemBlock
{
    QByteArray label;              // e.g. "CERTIFICATE", "PRIVATE KEY"
    QByteArray der;                // decoded content; empty when error is set
    QString error;                 // why this block could not be decoded
    bool encryptedHeaders = false; // legacy "Proc-Type: 4,ENCRYPTED" key
};

// One block as forEachPemBlock() hands it over: label points into the input, der
// into a buffer that is reused (and overwritten) for the next block.
struct PemBlockView
{
    QByteArrayView label;
    QByteArrayView der; // empty when error is set
    QString error;
    bool encryptedHeaders = false;
};

bool looksLikePem(QByteArrayView data);

// Splits PEM text into blocks. Text before, between and after blocks is ignored;
// CRLF and stray whitespace are accepted; a BEGIN without its END is an error block.
// Streams: no block outlives the call, nothing is allocated per block. The decoded
// bytes of every block (private keys included) are wiped before it returns.
void forEachPemBlock(QByteArrayView data, const std::function<void(const PemBlockView&)>& onBlock);

// The same as a list, for callers that want to keep the blocks.
QList<PemBlock> readPemBlocks(QByteArrayView data);

// The two steps of forEachPemBlock, for callers that share the decoding between
// threads: nextPemBlock() finds where the next block is (cheap, sequential);
// decodePemBlock() decodes it (into buffer, which the caller reuses and wipes).
struct PemBlockSpan
{
    enum class Problem : quint8 { None, MalformedBegin, NoEnd };
    qsizetype labelStart = 0, labelSize = 0;
    qsizetype bodyStart = 0, bodySize = 0;
    Problem problem = Problem::None;
};
bool nextPemBlock(QByteArrayView data, qsizetype& pos, PemBlockSpan& out);
PemBlockView decodePemBlock(QByteArrayView data, const PemBlockSpan& span, QByteArray& buffer);

} // namespace certlife
