// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "util/Scope.h"

#include <QStringList>

class QWidget;

namespace certlife::ui {

// What the Policy page asks of the system and the user. Tests answer it (the tests run
// as root, so "may I write /etc" must be theirs to decide).
class PolicyDialogs
{
public:
    virtual ~PolicyDialogs() = default;
    // May this process write the scope's policy file (or create it)? Asked before
    // saving, so a refusal writes nothing. Default: access(2) on the file, else on its
    // nearest existing directory.
    virtual bool canWrite(Scope scope, const QString& policyFile) const;
    // The machine policy cannot be written: says why (`reason`) and shows the commands
    // that would apply the change as root, selectable and with a Copy button.
    virtual void showSudoCommands(QWidget* parent, const QString& reason, const QStringList& commands);
};

} // namespace certlife::ui
