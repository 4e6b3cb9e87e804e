// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The Policy page's and File → Export report's questions, answered by the GUI tests.
// Header-only; ConsoleFixture hands them to the MainWindow.

#include "commands/PolicyDialogs.h"
#include "commands/ReportDialogs.h"

namespace certlife::test {

class ScriptedPolicyDialogs final : public ui::PolicyDialogs
{
public:
    bool machineWritable = true; // what canWrite answers for the System scope
    QStringList reasons;         // every refusal shown
    QList<QStringList> commands; // the sudo commands shown with each

    bool canWrite(Scope scope, const QString&) const override { return scope == Scope::User || machineWritable; }
    void showSudoCommands(QWidget*, const QString& reason, const QStringList& shown) override
    {
        reasons << reason;
        commands << shown;
    }
};

class ScriptedReportDialogs final : public ui::ReportDialogs
{
public:
    std::optional<ui::ReportChoice> choice; // the answer; nullopt: cancelled
    QList<ui::ReportDialogContext> contexts;

    std::optional<ui::ReportChoice> chooseReport(QWidget*, const ui::ReportDialogContext& context) override
    {
        contexts << context;
        return choice;
    }
    QString chooseOutputFile(QWidget*, const QString& suggested, ReportFormat) override { return suggested; }
};

} // namespace certlife::test
