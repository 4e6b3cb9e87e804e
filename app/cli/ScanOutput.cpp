// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "ScanOutput.h"

#include "TerminalOutput.h"

#include "eventlog/EventJson.h"
#include "stores/FileNames.h"
#include "util/TerminalText.h"

#include <QHash>
#include <algorithm>

namespace certlife::cli {

namespace {

QString elided(const QString& text, int width)
{
    return text.size() <= width ? text : text.left(width - 1) + QChar(0x2026);
}

} // namespace

void writeCertificateJson(JsonLineWriter& w, const StoredCertificate& stored)
{
    w.beginObject();
    writeCertificateJsonMembers(w, stored);
    w.endObject();
}

void writeCertificateJsonMembers(JsonLineWriter& w, const StoredCertificate& stored)
{
    const Certificate& c = stored.certificate;
    w.field(QLatin1StringView("path"), escapedFileName(stored.path));
    w.field(QLatin1StringView("index"), stored.index);
    if (!stored.entry.isEmpty())
        w.field(QLatin1StringView("entry"), stored.entry);
    if (!stored.trust.isEmpty()) // NSS databases: certutil's SSL,S/MIME,JAR/XPI flags
        w.field(QLatin1StringView("trust"), stored.trust);
    w.field(QLatin1StringView("thumbprint"), c.thumbprint());
    w.field(QLatin1StringView("sha256"), c.sha256Hex());
    w.field(QLatin1StringView("subject"), c.subject);
    w.field(QLatin1StringView("subjectCN"), c.subjectCN);
    w.field(QLatin1StringView("issuer"), c.issuer);
    w.field(QLatin1StringView("serial"), c.serialHex);
    w.fieldTime(QLatin1StringView("notBefore"), c.notBeforeSecs);
    w.fieldTime(QLatin1StringView("notAfter"), c.notAfterSecs);
    w.key(QLatin1StringView("sans"));
    w.beginArray();
    for (const SubjectAltName& san : c.sans)
        w.string(san.toString());
    w.endArray();
    eventlog::writeExtendedKeyUsagesJson(w, c.ekus);
    w.key(QLatin1StringView("template"));
    if (c.templateName.isEmpty())
        w.null();
    else
        w.string(c.templateName);
    w.field(QLatin1StringView("keyAlgorithm"), c.keyAlgorithm);
    w.field(QLatin1StringView("keyBits"), c.keyBits);
    w.fieldBool(QLatin1StringView("isCA"), c.isCA);
    w.fieldBool(QLatin1StringView("selfSigned"), c.selfSigned);
    w.fieldBool(QLatin1StringView("hasPrivateKey"), c.hasPrivateKey);
}

void writeProblemJson(JsonLineWriter& w, const ScanProblem& problem)
{
    w.beginObject();
    w.field(QLatin1StringView("path"), escapedFileName(problem.path));
    w.field(QLatin1StringView("error"), problem.error);
    w.endObject();
}

namespace {

// Written in slices: the output of 100,000 certificates is ~60 MiB, none of it needed
// again once written.
constexpr qsizetype kJsonSlice = 1 << 20;

} // namespace

ScanJsonStream::ScanJsonStream(CliIo& io) : m_io(io), m_writer(m_out)
{
    m_out.reserve(kJsonSlice + 4096);
}

bool ScanJsonStream::flush(bool always)
{
    if (!m_ok || (m_out.size() < kJsonSlice && !always) || m_out.isEmpty())
        return m_ok;
    m_ok = writeJsonLines(m_io, m_out);
    m_out.resize(0); // keeps the buffer for the next slice
    return m_ok;
}

bool ScanJsonStream::writeCertificates(const QList<StoredCertificate>& certificates)
{
    for (const StoredCertificate& c : certificates) {
        writeCertificateJson(m_writer, c);
        m_writer.endLine();
        if (!flush(false))
            return false;
    }
    return flush(true); // a reader sees each file as soon as it is read
}

bool ScanJsonStream::finish(const QList<ScanProblem>& problems)
{
    for (const ScanProblem& p : problems) {
        writeProblemJson(m_writer, p);
        m_writer.endLine();
    }
    return flush(true);
}

bool printScanJson(const StoreScan& scan, CliIo& io)
{
    ScanJsonStream stream(io);
    return stream.writeCertificates(scan.certificates) && stream.finish(scan.problems);
}

void printScanTable(const StoreScan& scan, const CertificateClassifier& classifier, QTextStream& out, QTextStream& err)
{
    QList<const StoredCertificate*> rows;
    QHash<const StoredCertificate*, ExpiryInfo> states;
    rows.reserve(scan.certificates.size());
    for (const StoredCertificate& c : scan.certificates) {
        rows.append(&c);
        states.insert(&c, classifier.classify(scan.scope, c.certificate, scan.storeId, c.path));
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
        if (!row->trust.isEmpty()) // nss:DIR nickname
            path = QStringLiteral("nss:%1 %2").arg(path, escapeControlCharacters(row->entry));
        else if (!row->entry.isEmpty()) // keystore:FILE alias
            path = QStringLiteral("keystore:%1 %2").arg(path, escapeControlCharacters(row->entry));
        else if (perFile.value(row->path) > 1)
            path += QStringLiteral(" #%1").arg(row->index);
        out << c.notAfter().toString(QStringLiteral("yyyy-MM-dd HH:mm")) << QStringLiteral("  ")
            << QString::number(info.daysLeft).rightJustified(9) << QStringLiteral("  ")
            << expiryStateText(info).leftJustified(kStateWidth) << QStringLiteral("  ")
            << (c.hasPrivateKey ? QStringLiteral("yes") : QStringLiteral("-  ")) << QStringLiteral("  ")
            << elided(names.value(row), kMaxNameWidth).leftJustified(nameWidth) << QStringLiteral("  ") << path << '\n';
    }
    for (const ScanProblem& p : scan.problems)
        err << "certlifectl: " << escapedFileName(p.path) << ": " << escapeControlCharacters(p.error) << '\n';

    const int files = int(perFile.size());
    out << (rows.isEmpty() ? QString() : QStringLiteral("\n"))
        << QStringLiteral("%1 certificate%2 in %3 file%4")
               .arg(rows.size())
               .arg(rows.size() == 1 ? "" : "s")
               .arg(files)
               .arg(files == 1 ? "" : "s");
    if (longExpired > 0)
        out << QStringLiteral("; %1 long expired (listed last)").arg(longExpired);
    if (archived > 0)
        out << QStringLiteral("; %1 archived (superseded by a renewal)").arg(archived);
    if (!scan.problems.isEmpty())
        out << QStringLiteral("; %1 problem%2 (listed on standard error)")
                   .arg(scan.problems.size())
                   .arg(scan.problems.size() == 1 ? "" : "s");
    if (scan.cancelled)
        out << QStringLiteral("; the scan was interrupted");
    out << '\n';
    err.flush();
}

} // namespace certlife::cli
