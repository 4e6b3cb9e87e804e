// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "commands/AcknowledgementCommands.h"

#include <QDialog>

class QPushButton;
class QTableWidget;

namespace certlife::ui {

// Certificate → Mutes and acknowledgements…: every acknowledged certificate and muted
// store or issuer of both scopes (what `certlifectl ack --list` and `mute --list`
// show), one row each with what, scope, until, who and when, the note. Select rows and
// Remove: they count and warn again. Entries of a scope this user cannot change (System
// without root) are listed but cannot be selected for removal.
class AcknowledgementsDialog : public QDialog
{
    Q_OBJECT
public:
    enum Column { KindColumn, WhatColumn, ScopeColumn, UntilColumn, ByColumn, NoteColumn, ColumnCount };

    AcknowledgementsDialog(const QList<ListedAcknowledgement>& entries, const QDateTime& now,
                           QWidget* parent = nullptr);
    QList<int> chosen() const; // indices into the entries: the selected rows when Remove was pressed
    QTableWidget* table() const { return m_table; }
    QPushButton* removeButton() const { return m_remove; }

private:
    QTableWidget* m_table = nullptr;
    QPushButton* m_remove = nullptr;
};

} // namespace certlife::ui
