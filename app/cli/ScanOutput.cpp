// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ScanOutput.h"

#include "stores/FileNames.h"
#include "util/TerminalText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

namespace certlife::cli {

namespace {

QString isoUtc(qint64 secs)
{
    return QDateTime::fromSecsSinceEpoch(secs, Qt::UTC).toString(Qt::ISODate); // …T…Z
}

void printJsonLine(const QJsonObject& o, QTextStream& out)
{
    out << QJsonDocument(o).toJson(QJsonDocument::Compact) << '\n';
}

QString elided(const QString& text, int width)
{
    return text.size() <= width ? text : text.left(width - 1) + QChar(0x2026);
}

} // namespace

QJsonObject certificateJson(const StoredCertificate& stored)
{
    const Certificate& c = stored.certificate;
    QJsonArray ekus;
    for (const ExtendedKeyUsage& e : c.ekus)
        ekus.append(QJsonObject{{QStringLiteral("oid"), e.oid}, {QStringLiteral("name"), e.name}});
    return QJsonObject{
        {QStringLiteral("path"), escapedFileName(stored.path)},
        {QStringLiteral("index"), stored.index},
        {QStringLiteral("thumbprint"), c.thumbprint()},
        {QStringLiteral("sha256"), c.sha256Hex()},
        {QStringLiteral("subject"), c.subject},
        {QStringLiteral("subjectCN"), c.subjectCN},
        {QStringLiteral("issuer"), c.issuer},
        {QStringLiteral("serial"), c.serialHex},
        {QStringLiteral("notBefore"), isoUtc(c.notBeforeSecs)},
        {QStringLiteral("notAfter"), isoUtc(c.notAfterSecs)},
        {QStringLiteral("sans"), QJsonArray::fromStringList(c.sanStrings())},
        {QStringLiteral("ekus"), ekus},
        {QStringLiteral("template"), c.templateName.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(c.templateName)},
        {QStringLiteral("keyAlgorithm"), c.keyAlgorithm},
        {QStringLiteral("keyBits"), c.keyBits},
        {QStringLiteral("isCA"), c.isCA},
        {QStringLiteral("selfSigned"), c.selfSigned},
        {QStringLiteral("hasPrivateKey"), c.hasPrivateKey},
    };
}

QJsonObject problemJson(const ScanProblem& problem)
{
    return QJsonObject{{QStringLiteral("path"), escapedFileName(problem.path)},
                       {QStringLiteral("error"), problem.error}};
}

void printScanJson(const StoreScan& scan, QTextStream& out)
{
    for (const StoredCertificate& c : scan.certificates)
        printJsonLine(certificateJson(c), out);
    for (const ScanProblem& p : scan.problems)
        printJsonLine(problemJson(p), out);
}

void printScanTable(const StoreScan& scan, const CertificateClassifier& classifier, QTextStream& out, QTextStream& err)
{
    QList<const StoredCertificate*> rows;
    QHash<const StoredCertificate*, ExpiryInfo> states;
    rows.reserve(scan.certificates.size());
    for (const StoredCertificate& c : scan.certificates) {
        rows.append(&c);
        states.insert(&c, classifier.classify(scan.scope, c.certificate));
    }
    std::stable_sort(rows.begin(), rows.end(), [&states](const StoredCertificate* a, const StoredCertificate* b) {
        return moreUrgent(states.value(a), states.value(b));
    });
    int longExpired = 0, archived = 0;
    for (const ExpiryInfo& info : std::as_const(states)) {
        longExpired += info.state == ExpiryState::Expired && info.longExpired ? 1 : 0;
        archived += info.state == ExpiryState::Archived ? 1 : 0;
    }
    constexpr int kStateWidth = 14; // "Within 30 days"

    // A bundle's certificates are told apart by their position in the file.
    QHash<QString, int> perFile;
    for (const StoredCertificate& c : scan.certificates)
        ++perFile[c.path];

    // A subject is hostile text: an escape sequence or a carriage return in it could
    // redraw the row, so it is shown escaped.
    QHash<const StoredCertificate*, QString> names;
    for (const StoredCertificate* c : std::as_const(rows))
        names.insert(c, escapeControlCharacters(c->certificate.displayName()));
    constexpr int kMaxNameWidth = 40;
    int nameWidth = int(QStringLiteral("SUBJECT").size());
    for (const QString& name : std::as_const(names))
        nameWidth = qMax(nameWidth, int(qMin<qsizetype>(name.size(), kMaxNameWidth)));

    if (!rows.isEmpty()) {
        // "yyyy-MM-dd HH:mm" is 16 characters wide, one more than its title.
        out << QStringLiteral("NOT AFTER (UTC)").leftJustified(16) << QStringLiteral("  ")
            << QStringLiteral("DAYS LEFT").rightJustified(9) << QStringLiteral("  ")
            << QStringLiteral("STATE").leftJustified(kStateWidth) << QStringLiteral("  KEY  ")
            << QStringLiteral("SUBJECT").leftJustified(nameWidth) << QStringLiteral("  PATH\n");
    }
    for (const StoredCertificate* row : std::as_const(rows)) {
        const Certificate& c = row->certificate;
        const ExpiryInfo info = states.value(row);
        QString path = escapedFileName(row->path);
        if (perFile.value(row->path) > 1)
            path += QStringLiteral(" #%1").arg(row->index);
        out << c.notAfter().toString(QStringLiteral("yyyy-MM-dd HH:mm")) << QStringLiteral("  ")
            << QString::number(info.daysLeft).rightJustified(9) << QStringLiteral("  ")
            << expiryStateName(info.state).leftJustified(kStateWidth) << QStringLiteral("  ")
            << (c.hasPrivateKey ? QStringLiteral("yes") : QStringLiteral("-  ")) << QStringLiteral("  ")
            << elided(names.value(row), kMaxNameWidth).leftJustified(nameWidth) << QStringLiteral("  ") << path << '\n';
    }
    for (const ScanProblem& p : scan.problems)
        err << "certlifectl: " << escapedFileName(p.path) << ": " << escapeControlCharacters(p.error) << '\n';

    const int files = int(perFile.size());
    out << (rows.isEmpty() ? QString() : QStringLiteral("\n"))
        << QStringLiteral("%1 certificate%2 in %3 file%4").arg(rows.size()).arg(rows.size() == 1 ? "" : "s")
               .arg(files).arg(files == 1 ? "" : "s");
    if (longExpired > 0)
        out << QStringLiteral("; %1 long expired (listed last)").arg(longExpired);
    if (archived > 0)
        out << QStringLiteral("; %1 archived (superseded by a renewal)").arg(archived);
    if (!scan.problems.isEmpty())
        out << QStringLiteral("; %1 problem%2 (listed on standard error)")
                   .arg(scan.problems.size()).arg(scan.problems.size() == 1 ? "" : "s");
    if (scan.cancelled)
        out << QStringLiteral("; the scan was interrupted");
    out << '\n';
    err.flush();
}

} // namespace certlife::cli
