// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QIODevice>

namespace certlife::cli {

// The device under certlifectl's stdout and stderr streams: the net under every
// message and table. Whatever a command prints, a control character that is not a
// newline or a tab (an escape sequence in a certificate field, a file name or a
// script's output quoted by an error message) reaches the file descriptor escaped
// (util/TerminalText.h). Fields are escaped where they are printed, newlines included;
// this catches what a message from elsewhere carries. JSON passes unchanged in value:
// it has no raw C0 controls, and the \uHHHH written for a C1 or bidi character is the
// JSON escape of that same character.
class TerminalOutput final : public QIODevice
{
public:
    explicit TerminalOutput(int fd);
    ~TerminalOutput() override;
    bool isSequential() const override { return true; }
    // Text that is terminal-safe by construction (util/JsonLineWriter's JSON lines): the
    // bytes go to the descriptor as they are, without a second escaping pass. False when
    // the write failed.
    bool writeSafe(const QByteArray& bytes);

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 size) override;

private:
    int m_fd;
    QByteArray m_partial; // the start of a UTF-8 sequence cut by the end of a write
};

struct CliIo;
// JSON lines (util/JsonLineWriter, terminal-safe as written) to standard output, after
// what io.out holds; false when the write failed.
bool writeJsonLines(CliIo& io, const QByteArray& lines);

} // namespace certlife::cli
