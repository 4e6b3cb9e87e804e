// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "x509/CertificateParser.h"

#include "x509/CertificateDecoder.h"
#include "x509/DerReader.h"
#include "x509/JavaKeyStore.h"
#include "x509/OpenSslContainers.h"
#include "x509/PemReader.h"

#include <QThread>
#include <cstring>
#include <openssl/crypto.h>
#include <thread>
#include <vector>

namespace certlife {

QString containerFormatName(ContainerFormat f)
{
    switch (f) {
    case ContainerFormat::Pem: return QStringLiteral("PEM");
    case ContainerFormat::Der: return QStringLiteral("DER");
    case ContainerFormat::Pkcs7: return QStringLiteral("PKCS#7");
    case ContainerFormat::Pkcs12: return QStringLiteral("PKCS#12");
    case ContainerFormat::PrivateKey: return QStringLiteral("private key");
    case ContainerFormat::JavaKeyStore: return QStringLiteral("Java keystore");
    case ContainerFormat::Unknown: break;
    }
    return QStringLiteral("unknown");
}

namespace {

enum class DerKind { Certificate, Pkcs7, Pkcs12OrKey, Unknown };

// Peeks at the outer structure without a full parse: a certificate starts
// SEQUENCE { SEQUENCE (tbs) …, a PKCS#7 ContentInfo SEQUENCE { OID …, PKCS#12 and
// private keys SEQUENCE { INTEGER ….
DerKind classifyDer(QByteArrayView data, QString* truncation)
{
    QByteArrayView in = data;
    der::Tlv outer;
    if (!der::readTlv(in, outer) || outer.tag != 0x30) {
        if (data.size() >= 2 && quint8(data[0]) == 0x30 && truncation)
            *truncation = QStringLiteral("truncated or corrupt DER data (%1 bytes)").arg(data.size());
        return DerKind::Unknown;
    }
    QByteArrayView inner = outer.value;
    der::Tlv first;
    if (!der::readTlv(inner, first))
        return DerKind::Unknown;
    switch (first.tag) {
    case 0x30: return DerKind::Certificate;
    case 0x06: return DerKind::Pkcs7;
    case 0x02: return DerKind::Pkcs12OrKey;
    default: return DerKind::Unknown;
    }
}

void decodeInto(QByteArrayView der, ParsedFile& out, const QString& where)
{
    QString error;
    if (auto cert = decodeCertificateDer(der, &error))
        out.certificates.append(std::move(*cert));
    else
        out.errors.append(where.isEmpty() ? error : where + QStringLiteral(": ") + error);
}

QString pemWhere(int index)
{
    return QStringLiteral("PEM block %1").arg(index);
}

void parseDer(QByteArrayView data, const ParseOptions& options, ParsedFile& out, const QString& where)
{
    QString truncation;
    switch (classifyDer(data, &truncation)) {
    case DerKind::Certificate:
        out.format = out.format == ContainerFormat::Unknown ? ContainerFormat::Der : out.format;
        decodeInto(data, out, where);
        return;
    case DerKind::Pkcs7:
        out.format = out.format == ContainerFormat::Unknown ? ContainerFormat::Pkcs7 : out.format;
        openssl::readPkcs7(data, out);
        return;
    case DerKind::Pkcs12OrKey: {
        ParsedFile keyOnly;
        if (openssl::readPrivateKey(data, keyOnly)) {
            out.format = out.format == ContainerFormat::Unknown ? ContainerFormat::PrivateKey : out.format;
            out.privateKeySpki += keyOnly.privateKeySpki;
            return;
        }
        out.format = out.format == ContainerFormat::Unknown ? ContainerFormat::Pkcs12 : out.format;
        openssl::readPkcs12(data, options, out);
        return;
    }
    case DerKind::Unknown:
        out.errors.append(!truncation.isEmpty()
                              ? truncation
                              : QStringLiteral("not a certificate file: no PEM block, and not DER, PKCS#7 or PKCS#12"));
        return;
    }
}

bool isPrivateKeyLabel(QByteArrayView label)
{
    return label == "PRIVATE KEY" || label == "RSA PRIVATE KEY" || label == "EC PRIVATE KEY"
        || label == "DSA PRIVATE KEY";
}

// One PEM block, number `index` (from 1) in the file.
void handlePemBlock(const PemBlockView& block, int index, const ParseOptions& options, ParsedFile& out)
{
    if (!block.error.isEmpty()) {
        out.errors.append(pemWhere(index) + QStringLiteral(": ") + block.error);
        return;
    }
    const QByteArrayView label = block.label;
    if (label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE") {
        QString error;
        if (auto cert = decodeCertificateDer(block.der, &error))
            out.certificates.append(std::move(*cert));
        else
            out.errors.append(pemWhere(index) + QStringLiteral(": ") + error);
    } else if (label == "PKCS7" || label == "CERTIFICATE CHAIN") {
        openssl::readPkcs7(block.der, out);
    } else if (label == "PKCS12") {
        openssl::readPkcs12(block.der, options, out);
    } else if (label == "ENCRYPTED PRIVATE KEY" || (isPrivateKeyLabel(label) && block.encryptedHeaders)) {
        ++out.encryptedPrivateKeys;
    } else if (isPrivateKeyLabel(label)) {
        if (!openssl::readPrivateKey(block.der, out))
            out.errors.append(pemWhere(index) + QStringLiteral(": private key cannot be read"));
    }
    // Anything else (CSR, CRL, PUBLIC KEY, parameters) is not ours: ignored.
}

// Below this a second thread costs more than it saves.
constexpr qsizetype kParallelPemBytes = 1 << 20;

int pemThreads(QByteArrayView data, const ParseOptions& options)
{
    if (options.threads == 1 || data.size() < kParallelPemBytes || options.pkcs12Keys) // keys: one writer
        return 1;
    return options.threads > 1 ? options.threads : qBound(1, QThread::idealThreadCount(), 4);
}

// Large bundles: the block boundaries are found in one sequential pass (cheap, and
// exactly as the single-threaded reader finds them); decoding the blocks, the
// expensive part, is shared between threads; the parts are joined in file order.
void parsePemBlocksInParallel(QByteArrayView data, const ParseOptions& options, int threads, ParsedFile& out)
{
    QList<PemBlockSpan> spans;
    PemBlockSpan span;
    for (qsizetype pos = 0; nextPemBlock(data, pos, span);)
        spans.append(span);
    if (spans.isEmpty())
        return;
    threads = int(qMin<qsizetype>(threads, spans.size()));
    std::vector<ParsedFile> parts(static_cast<size_t>(threads));
    auto work = [&](int part) {
        const qsizetype first = spans.size() * part / threads, last = spans.size() * (part + 1) / threads;
        ParsedFile& mine = parts[size_t(part)];
        mine.certificates.reserve(last - first);
        QByteArray buffer;
        for (qsizetype i = first; i < last; ++i) {
            handlePemBlock(decodePemBlock(data, spans[i], buffer), int(i + 1), options, mine);
            OPENSSL_cleanse(buffer.data(), size_t(buffer.size()));
        }
    };
    std::vector<std::thread> helpers;
    for (int part = 1; part < threads; ++part)
        helpers.emplace_back(work, part);
    work(0);
    for (std::thread& t : helpers)
        t.join();
    qsizetype total = 0;
    for (const ParsedFile& p : parts)
        total += p.certificates.size();
    out.certificates.reserve(total);
    for (ParsedFile& p : parts) {
        for (Certificate& c : p.certificates)
            out.certificates.append(std::move(c));
        out.errors += p.errors;
        out.privateKeySpki += p.privateKeySpki;
        out.encryptedPrivateKeys += p.encryptedPrivateKeys;
    }
}

void parsePem(QByteArrayView data, const ParseOptions& options, ParsedFile& out)
{
    out.format = ContainerFormat::Pem;
    if (const int threads = pemThreads(data, options); threads > 1) {
        parsePemBlocksInParallel(data, options, threads, out);
    } else {
        int index = 0;
        forEachPemBlock(data, [&](const PemBlockView& block) { handlePemBlock(block, ++index, options, out); });
    }
    out.certificates.squeeze(); // held for long: no spare capacity
}

} // namespace

ParsedFile parseCertificateData(QByteArrayView data, const ParseOptions& options)
{
    ParsedFile out;
    if (data.isEmpty()) {
        out.errors.append(QStringLiteral("empty file"));
        return out;
    }
    if (looksLikeJavaKeyStore(data))
        parseJavaKeyStore(data, options, out);
    else if (looksLikePem(data))
        parsePem(data, options, out);
    else
        parseDer(data, options, out, QString());

    if (out.format == ContainerFormat::Pem && out.certificates.isEmpty() && out.privateKeySpki.isEmpty()
        && out.encryptedPrivateKeys == 0 && out.errors.isEmpty())
        out.errors.append(QStringLiteral("PEM file holds no certificate or private key"));

    if (out.entryNames.size() > out.certificates.size())
        out.entryNames.resize(out.certificates.size());
    // A key in the same file as its certificate (PKCS#12, combined PEM) pairs at once.
    for (Certificate& c : out.certificates)
        if (out.privateKeySpki.contains(c.spkiSha256))
            c.hasPrivateKey = true;
    return out;
}

namespace {

// Every PEM label is on a "-----BEGIN " line and base64 has no '-': only lines with a '-'
// can name a key, and memchr skips the rest at memory speed. Two searches of the whole
// text were 8 % of the CPU of a 100,000-certificate `scan --json` of four bundles.
bool pemMayHoldPrivateKey(QByteArrayView data)
{
    const char* p = data.data();
    const char* const end = p + data.size();
    while ((p = static_cast<const char*>(std::memchr(p, '-', size_t(end - p))))) {
        const char* lineEnd = static_cast<const char*>(std::memchr(p, '\n', size_t(end - p)));
        if (!lineEnd)
            lineEnd = end;
        const QByteArrayView line(p, lineEnd - p);
        if (line.contains("PRIVATE KEY") || line.contains("PKCS12"))
            return true;
        p = lineEnd;
    }
    return false;
}

} // namespace

bool mayHoldPrivateKey(QByteArrayView data)
{
    if (data.isEmpty())
        return false;
    if (looksLikeJavaKeyStore(data))
        return true;
    if (looksLikePem(data)) // every key label ends in "PRIVATE KEY"; a PKCS12 block may hold keys
        return pemMayHoldPrivateKey(data);
    return classifyDer(data, nullptr) == DerKind::Pkcs12OrKey;
}

} // namespace certlife
