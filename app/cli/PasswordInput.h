// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

namespace certlife::cli {

// Passwords never come from the command line (other users see argv in ps): they come
// from a file (--password-file F, first line), an environment variable the user names
// (--password-env NAME), or a prompt on the terminal without echo.
struct PasswordOptions
{
    QCommandLineOption file{QStringLiteral("password-file"),
                            QStringLiteral("Read the password from the first line of FILE."), QStringLiteral("FILE")};
    QCommandLineOption env{QStringLiteral("password-env"),
                           QStringLiteral("Read the password from environment variable NAME."), QStringLiteral("NAME")};
    QCommandLineOption noPrompt{QStringList{QStringLiteral("y"), QStringLiteral("yes")},
                                QStringLiteral("Never ask (for scripts): a password then comes from --password-file "
                                               "or --password-env, or the command fails.")};
    void addTo(QCommandLineParser& parser) const { parser.addOptions({file, env, noPrompt}); }
    // A terminal to prompt on, and no --yes.
    bool mayPrompt(const QCommandLineParser& parser) const;
};

struct PasswordResult
{
    QByteArray password;
    bool given = false; // a password was supplied (possibly empty)
    QString error;
};

// prompt: text shown on the terminal; confirm: ask twice (for new passwords).
// required: when no source is given and stdin is not a terminal, an error.
PasswordResult readPassword(const QCommandLineParser& parser, const PasswordOptions& options, const QString& prompt,
                            bool confirm, bool required);

} // namespace certlife::cli
