#include "stores/PemBundle.h"

#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentMap>

namespace certlife {

namespace {

constexpr QByteArrayView kBegin("-----BEGIN ");

struct Chunk
{
    QByteArrayView text;
    ParsedFile parsed;
    int blocks = 0; // every "-----BEGIN " starts exactly one block (PemReader), good or bad
};

int countBlocks(QByteArrayView text)
{
    int n = 0;
    for (qsizetype pos = text.indexOf(kBegin); pos >= 0; pos = text.indexOf(kBegin, pos + kBegin.size()))
        ++n;
    return n;
}

// The parser names a bad block by its number within what it was given ("PEM block 3:
// …"); within a chunk that number is off by the blocks of the chunks before it.
QString renumbered(const QString& error, int offset)
{
    static const QRegularExpression blockNumber(QStringLiteral("^PEM block (\\d+)"));
    const QRegularExpressionMatch m = blockNumber.match(error);
    if (!m.hasMatch() || offset == 0)
        return error;
    return QStringLiteral("PEM block %1").arg(m.captured(1).toInt() + offset) + error.mid(m.capturedEnd());
}

// The parser's complaint about a PEM text without certificates or keys: right for a
// whole file, wrong for one chunk of it. Asked of the parser itself, so the two can
// never disagree about the wording.
const QStringList& nothingFoundErrors()
{
    static const QStringList errors =
        parseCertificateData(QByteArrayView("-----BEGIN X509 CRL-----\nAA==\n-----END X509 CRL-----\n")).errors;
    return errors;
}

} // namespace

ParsedFile parsePemBundleInParallel(QByteArrayView data, const ParseOptions& options, qsizetype chunkSize,
                                    const std::atomic_bool& cancelled)
{
    QList<Chunk> chunks;
    qsizetype start = 0;
    while (start < data.size()) {
        qsizetype cut = data.size();
        if (data.size() - start > chunkSize) {
            const qsizetype next = data.indexOf(kBegin, start + chunkSize);
            if (next > start)
                cut = next;
        }
        chunks.append(Chunk{data.sliced(start, cut - start), {}, 0});
        start = cut;
    }
    if (chunks.size() <= 1)
        return parseCertificateData(data, options);

    QtConcurrent::blockingMap(chunks, [&options, &cancelled](Chunk& c) {
        if (cancelled.load(std::memory_order_relaxed))
            return;
        c.blocks = countBlocks(c.text);
        c.parsed = parseCertificateData(c.text, options);
    });

    ParsedFile out;
    out.format = ContainerFormat::Pem;
    int offset = 0;
    for (Chunk& c : chunks) {
        out.certificates += std::move(c.parsed.certificates);
        out.privateKeySpki += c.parsed.privateKeySpki;
        out.encryptedPrivateKeys += c.parsed.encryptedPrivateKeys;
        for (const QString& e : std::as_const(c.parsed.errors))
            if (!nothingFoundErrors().contains(e))
                out.errors.append(renumbered(e, offset));
        offset += c.blocks;
    }
    if (out.certificates.isEmpty() && out.privateKeySpki.isEmpty() && out.encryptedPrivateKeys == 0
        && out.errors.isEmpty())
        out.errors = nothingFoundErrors();
    for (Certificate& cert : out.certificates)
        cert.hasPrivateKey = cert.hasPrivateKey || out.privateKeySpki.contains(cert.spkiSha256);
    return out;
}

} // namespace certlife
