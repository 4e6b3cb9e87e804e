// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The commands on one selected certificate: Export…, Copy to…, Move to…, Delete…,
// Replace with…. Each keeps a copy of the row it was started on.

#include "commands/CertificateCommand.h"

namespace certlife::ui {

class CertificateRowCommand : public CertificateCommand
{
    Q_OBJECT
public:
    CertificateRowCommand(CommandContext context, CertificateRow row, QObject* parent = nullptr)
        : CertificateCommand(std::move(context), parent), m_row(std::move(row))
    {}

protected:
    const CertificateRow& row() const { return m_row; }

private:
    CertificateRow m_row;
};

// PEM or DER (the certificate alone, no event) or PKCS#12 with the key (1007).
class ExportCommand : public CertificateRowCommand
{
    Q_OBJECT
public:
    using CertificateRowCommand::CertificateRowCommand;

protected:
    QCoro::Task<CommandOutcome> run() override;
};

// Into another writable store: 1006 MoveOrCopy there; a move also removes it here (1004).
class CopyMoveCommand : public CertificateRowCommand
{
    Q_OBJECT
public:
    CopyMoveCommand(CommandContext context, CertificateRow row, bool move, QObject* parent = nullptr)
        : CertificateRowCommand(std::move(context), std::move(row), parent), m_move(move)
    {}

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    bool m_move;
};

// Removes the certificate from its store, from every location or from one (the store
// may hold it at several paths), after a confirmation naming the files that go, the
// bundles rewritten and the key files kept: 1004 action delete when it leaves the store.
class DeleteCommand : public CertificateRowCommand
{
    Q_OBJECT
public:
    using CertificateRowCommand::CertificateRowCommand;

protected:
    QCoro::Task<CommandOutcome> run() override;

private:
    DeleteQuestion deleteQuestion(const StoredCertificate& cert, const StoreConfig& store,
                                  const StoreScan& content) const;
};

// Switch-Certificate: another certificate of the inventory (same scope) replaces this
// one: 1001 action replace, and the old one archived (1005). No file changes. Then the
// scope's matching Replace tasks run (runReplaceTasks, as `certlifectl switch`).
class ReplaceCommand : public CertificateRowCommand
{
    Q_OBJECT
public:
    using CertificateRowCommand::CertificateRowCommand;

protected:
    QCoro::Task<CommandOutcome> run() override;
};

} // namespace certlife::ui
