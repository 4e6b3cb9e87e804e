// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TerminalOutput.h"

#include "util/AtomicFile.h"
#include "util/TerminalText.h"

#include <algorithm>

namespace certlife::cli {

namespace {

// Bytes at the end of `bytes` that begin a UTF-8 sequence not yet complete.
qsizetype incompleteTail(const QByteArray& bytes)
{
    for (qsizetype back = 1; back <= std::min<qsizetype>(3, bytes.size()); ++back) {
        const uchar b = uchar(bytes.at(bytes.size() - back));
        if ((b & 0xC0) == 0x80)
            continue; // a continuation byte: look further back for the lead byte
        const qsizetype length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        return length > back ? back : 0;
    }
    return 0;
}

} // namespace

TerminalOutput::TerminalOutput(int fd) : m_fd(fd)
{
    open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

TerminalOutput::~TerminalOutput()
{
    if (!m_partial.isEmpty())
        writeAll(m_fd, m_partial.constData(), m_partial.size());
}

qint64 TerminalOutput::writeData(const char* data, qint64 size)
{
    m_partial.append(data, size);
    const qsizetype tail = incompleteTail(m_partial);
    const QString text = QString::fromUtf8(m_partial.constData(), m_partial.size() - tail);
    m_partial = m_partial.right(tail);
    const QByteArray escaped = escapeControlCharacters(text, LineBreaks::Keep).toUtf8();
    return writeAll(m_fd, escaped.constData(), escaped.size()) ? size : -1;
}

} // namespace certlife::cli
