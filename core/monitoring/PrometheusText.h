// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// The Prometheus text exposition format (version 0.0.4), as node_exporter's textfile
// collector and promtool read it: one HELP and TYPE line per family, then its samples.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace certlife {

struct MetricSample
{
    QList<QPair<QString, QString>> labels; // name, value (any text: escaped when written)
    double value = 0;
};

struct MetricFamily
{
    QString name;
    QString type; // "gauge" or "counter"
    QString help;
    QList<MetricSample> samples;
};

// Label values and HELP text may hold anything a certificate does: backslash, double
// quote and line feed are escaped (\\ \" \n), as the format requires. Every other
// control character (TerminalText.h: C0, C1, DEL, bidi overrides) becomes U+FFFD: the
// format has no escape for them, and an escape sequence must not reach a terminal that
// shows the file (nor would `certlifectl metrics` print it: its output is escaped).
QString escapeLabelValue(const QString& value);
QString escapeHelp(const QString& help);

// Families in the order given, samples in order; a family without samples is left out. Two samples of one family with the same labels would be
// rejected by Prometheus: only the first is kept.
QByteArray renderExposition(const QList<MetricFamily>& families);

} // namespace certlife
