// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "stores/ScanJob.h"

#include "stores/FileNames.h"
#include "stores/NssStore.h"
#include "stores/Parallel.h"
#include "stores/PosixFile.h"
#include "stores/StorePassword.h"
#include "util/Clock.h"
#include "x509/JavaKeyStore.h"

#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <malloc.h>
#include <openssl/crypto.h>

namespace certlife {

namespace {

constexpr qsizetype kFilesPerTask = 32;    // small files handed to a thread at a time
constexpr qint64 kLargeFile = 1024 * 1024; // the parser spreads PEM files this large over the cores
// A streaming scan reads this many small files (or this many bytes) ahead of what it has
// handed on, then hands them on before it reads more: what it holds stays bounded.
constexpr qsizetype kStreamFiles = 256;
constexpr qint64 kStreamBytes = kLargeFile;

// A copy of a certificate whose own data (DER, subject, serial, SANs) is in fresh,
// exactly sized allocations made on the calling thread. The job thread parses nothing
// (the scan threads do), so its malloc arena holds only what the scan keeps; the
// originals, interleaved with parsing's short-lived allocations in the scan threads'
// arenas, are freed with the job and those pages go back to the system: about 1 KiB
// less resident per certificate held (certlife-bench scan). Strings shared through
// the StringPool stay shared.
Certificate compactedCopy(const Certificate& c)
{
    const auto copy = [](const QString& s) { return QString(s.constData(), s.size()); };
    Certificate out = c;
    out.der = QByteArray(c.der.constData(), c.der.size());
    out.subject = copy(c.subject);
    out.subjectCN = copy(c.subjectCN);
    out.serialHex = copy(c.serialHex);
    QList<SubjectAltName> sans;
    sans.reserve(c.sans.size());
    for (const SubjectAltName& san : c.sans) // the CN is usually also the first DNS name: keep it once
        sans.append(SubjectAltName{san.type, san.value == c.subjectCN ? out.subjectCN : copy(san.value)});
    out.sans = std::move(sans);
    return out;
}

QByteArray spkiKey(const Sha256Digest& d)
{
    return QByteArray(reinterpret_cast<const char*>(d.data()), qsizetype(d.size()));
}

// A PKCS#12 file that did not open, or a keystore its password does not verify, depends
// on the configured password, not only on its content: never reuse that result.
bool isCacheable(const FileResult& r)
{
    if (r.errors.contains(QLatin1String(kNssWrongPassword)))
        return false;
    if (r.format == ContainerFormat::JavaKeyStore)
        return !r.errors.contains(QLatin1String(kKeyStoreIntegrityFailed));
    return !(r.format == ContainerFormat::Pkcs12 && !r.errors.isEmpty());
}

// A keystore listed unverified is read again once the store has a password to verify it.
// An NSS database whose private keys were not looked for, likewise.
bool stillValid(const FileResult& r, const ParseOptions& parse)
{
    if (parse.hasPkcs12Password && r.errors.contains(QLatin1String(kNssKeysNeedPassword)))
        return false;
    return !(parse.hasPkcs12Password && r.format == ContainerFormat::JavaKeyStore
             && r.errors.contains(QLatin1String(kKeyStoreIntegrityNotVerified)));
}

} // namespace

QByteArray ReadBuffers::take()
{
    QMutexLocker lock(&m_mutex);
    return m_free.isEmpty() ? QByteArray() : m_free.takeLast();
}

void ReadBuffers::give(QByteArray buffer)
{
    buffer.truncate(0); // keeps its capacity
    QMutexLocker lock(&m_mutex);
    m_free.append(std::move(buffer));
}

void ProgressRelay::detach()
{
    QMutexLocker lock(&m_mutex);
    m_target = nullptr;
}

void ProgressRelay::post(const StoreScanProgress& progress)
{
    QMutexLocker lock(&m_mutex);
    if (!m_target)
        return;
    // Queued: the signal is emitted on the Scanner's thread. Events posted to an object
    // that is then deleted are discarded by Qt, so a late progress cannot reach a dead one.
    Scanner* target = m_target;
    QMetaObject::invokeMethod(
        target, [target, progress] { Q_EMIT target->progress(progress); }, Qt::QueuedConnection);
}

ScanJob::ScanJob(std::shared_ptr<const Store> store, ScanOptions options, std::shared_ptr<ProgressRelay> relay,
                 std::optional<ScanCache> memoryCache, ScanSink sink)
    : m_store(std::move(store)),
      m_sink(std::move(sink)),
      m_options(std::move(options)),
      m_relay(std::move(relay)),
      m_memoryCache(std::move(memoryCache))
{}

ScanCache ScanJob::loadCache(const QString& file) const
{
    QString error;
    ScanCache cache = ScanCache::load(file, &error);
    if (!error.isEmpty())
        qInfo("certlife: %s", qUtf8Printable(error)); // not the user's problem: the scan reads every file
    return cache;
}

void ScanJob::run()
{
    const StoreConfig& config = m_store->config();
    StoreScan& scan = m_result;
    scan.storeId = config.id;
    scan.scope = config.scope;
    scan.scannedAt = (m_options.clock ? m_options.clock : Clock::system())->now();

    // Load the cache file while the store is being listed: both are mostly waiting.
    const QString cacheFile = !m_sink && !m_options.cacheDirectory.isEmpty() && storeIdError(config.id).isEmpty()
        ? ScanCache::fileFor(m_options.cacheDirectory, config)
        : QString();
    QFuture<ScanCache> pendingCache;
    const bool loading = !m_memoryCache && !cacheFile.isEmpty();
    if (loading)
        pendingCache = QtConcurrent::run(scanThreadPool(), [this, cacheFile] { return loadCache(cacheFile); });

    m_relay->post({config.id, StoreScanProgress::Phase::Listing, 0, 0});
    const StoreListing listing = m_store->list(m_cancelled);
    if (m_options.afterListing)
        m_options.afterListing();
    const int total = int(listing.files.size());
    m_filesTotal = total;
    m_relay->post({config.id, StoreScanProgress::Phase::Reading, 0, total});

    ScanCache old = loading ? pendingCache.takeResult() : m_memoryCache ? std::move(*m_memoryCache) : ScanCache();
    QList<ScanProblem> passwordProblems;
    ParseOptions parse = readPassword(passwordProblems);

    if (m_sink) {
        scan.problems = passwordProblems;
        scan.storeMissing = listing.missing;
        stream(listing, parse, scan);
        OPENSSL_cleanse(parse.pkcs12Password.data(), size_t(parse.pkcs12Password.size()));
        scan.cancelled = m_cancelled.load();
        m_relay->post({config.id, StoreScanProgress::Phase::Finished, m_filesDone.load(), total});
        return;
    }

    QList<Slot> outcomes(listing.files.size());
    resolve(listing, old, parse, outcomes);
    OPENSSL_cleanse(parse.pkcs12Password.data(), size_t(parse.pkcs12Password.size()));

    // The cache changes when a file was read, or (unless cancelled: it saw only part of
    // the store) when a cached file is no longer there or no longer readable.
    scan.cancelled = m_cancelled.load();
    const bool anyParsed = std::any_of(outcomes.cbegin(), outcomes.cend(), [](const Slot& s) { return s.parsed; });
    const qsizetype hits = std::count_if(outcomes.cbegin(), outcomes.cend(), [](const Slot& s) { return s.fromCache; });
    const bool changed = anyParsed || (!scan.cancelled && hits != old.size());
    if (cacheFile.isEmpty() || changed) // an in-memory cache is always handed back
        updateCache(listing, outcomes, std::move(old), scan.cancelled);
    old = ScanCache();
    // Written by a scan thread while this one assembles the result.
    QFuture<void> saving;
    if (!cacheFile.isEmpty() && changed) {
        saving = QtConcurrent::run(scanThreadPool(), [this, cacheFile] {
            QString error;
            if (!m_newCache.save(cacheFile, &error))
                qWarning("certlife: %s", qUtf8Printable(error)); // the next scan is cold; nothing is lost
        });
    }

    scan.problems = passwordProblems;
    scan.storeMissing = listing.missing;
    assemble(listing, outcomes, scan);
    saving.waitForFinished();
    if (!cacheFile.isEmpty()) {
        m_newCache = ScanCache(); // freed here, not on the thread that awaits the scan
        outcomes = QList<Slot>();
        // What was parsed is now free (the scan holds compact copies) but scattered over
        // the scan threads' malloc arenas, where nothing else allocates: give its pages
        // back, or a first agent pass holds them beside its snapshot and events.
        if (anyParsed)
            malloc_trim(0);
    }
    m_relay->post({config.id, StoreScanProgress::Phase::Finished, m_filesDone.load(), total});
}

ParseOptions ScanJob::readPassword(QList<ScanProblem>& problems) const
{
    ParseOptions options;
    const StorePassword password(m_store->config());
    if (!password.error().isEmpty())
        problems.append(ScanProblem{
            password.file(), QStringLiteral("cannot read the store's PKCS#12 password file: ") + password.error()});
    if (!password.configured())
        return options;
    options.pkcs12Password =
        QByteArray(password.password().constData(), password.password().size()); // wiped after the scan
    options.hasPkcs12Password = true;
    return options;
}

void ScanJob::resolve(const StoreListing& listing, const ScanCache& old, const ParseOptions& parse,
                      QList<Slot>& outcomes)
{
    const QList<qsizetype> aliasOf = aliasesOf(listing);
    QList<qsizetype> small, big;
    QList<QPair<qsizetype, qsizetype>> aliases; // (path, earlier path reaching the same file)
    for (qsizetype i = 0; i < listing.files.size(); ++i) {
        const ListedFile& f = listing.files.at(i);
        if (FileResultPtr cached = old.lookup(f.path, f.stamp); cached && stillValid(*cached, parse)) {
            outcomes[i].result = std::move(cached);
            outcomes[i].stamp = f.stamp;
            outcomes[i].fromCache = true;
            fileDone();
            continue;
        }
        if (aliasOf.at(i) >= 0) {
            aliases.append({i, aliasOf.at(i)});
            continue;
        }
        (f.stamp.size >= kLargeFile ? big : small).append(i);
    }

    // Small files: many at once, each parsed on one thread.
    ParseOptions single = parse;
    single.threads = 1;
    parallelFor(small.size(), kFilesPerTask, [&](qsizetype k) {
        const qsizetype i = small.at(k);
        readAndParse(listing.files.at(i), single, outcomes[i]);
    });
    // Large files one at a time, each spread over the cores by the parser (a PEM bundle
    // is decoded in parallel parts). On a scan thread, not here: see compactedCopy.
    for (qsizetype i : std::as_const(big))
        QtConcurrent::run(scanThreadPool(), [&, i] {
            readAndParse(listing.files.at(i), parse, outcomes[i]);
        }).waitForFinished();
    for (const auto& [alias, original] : std::as_const(aliases)) {
        if (!outcomes[original].parsed && outcomes[original].readError.isEmpty())
            continue; // cancelled before it was read
        outcomes[alias] = outcomes[original];
        fileDone();
    }
}

QList<qsizetype> ScanJob::aliasesOf(const StoreListing& listing)
{
    // /etc/ssl/certs reaches each file two or three times (name.pem, hash.0): read it once.
    QList<qsizetype> aliasOf(listing.files.size(), -1);
    QHash<FileIdentity, qsizetype> firstOfInode;
    for (qsizetype i = 0; i < listing.files.size(); ++i) {
        const ListedFile& f = listing.files.at(i);
        const FileIdentity id{f.stamp.device, f.stamp.inode};
        const auto first = firstOfInode.constFind(id);
        if (first != firstOfInode.constEnd() && listing.files.at(first.value()).stamp == f.stamp)
            aliasOf[i] = first.value();
        else
            firstOfInode.insert(id, i);
    }
    return aliasOf;
}

void ScanJob::stream(const StoreListing& listing, const ParseOptions& parse, StoreScan& scan)
{
    scan.problems += listing.problems;
    scan.filesSeen = int(listing.files.size());
    const QList<qsizetype> aliasOf = aliasesOf(listing);
    QList<Slot> outcomes(listing.files.size());
    if (listing.files.size() > 1) // a single file pairs its own keys (parseCertificateData)
        readKeysFirst(listing, aliasOf, parse, outcomes);
    const KeyFiles keyFiles = keyFilesOf(outcomes);
    // Results an alias will hand on again, kept until then.
    QSet<qsizetype> original;
    for (qsizetype a : aliasOf)
        if (a >= 0)
            original.insert(a);

    ParseOptions single = parse;
    single.threads = 1;
    QList<QString> paths(listing.files.size());
    const qsizetype count = listing.files.size();
    for (qsizetype begin = 0; begin < count && !m_cancelled.load();) {
        // The next files to read: small ones together (up to kStreamFiles / kStreamBytes),
        // a large one alone, decoded on every core.
        QList<qsizetype> toRead;
        qint64 bytes = 0;
        qsizetype end = begin;
        bool large = false;
        for (; end < count && toRead.size() < kStreamFiles && bytes < kStreamBytes; ++end) {
            const Slot& s = outcomes.at(end);
            if (aliasOf.at(end) >= 0 || s.result || !s.readError.isEmpty())
                continue; // an alias, or read already (it may hold a key)
            const qint64 size = listing.files.at(end).stamp.size;
            if (size >= kLargeFile && !toRead.isEmpty())
                break;
            toRead.append(end);
            bytes += size;
            if (size >= kLargeFile) {
                large = true;
                ++end;
                break;
            }
        }
        if (large) {
            QtConcurrent::run(scanThreadPool(), [&] {
                readAndParse(listing.files.at(toRead.first()), parse, outcomes[toRead.first()]);
            }).waitForFinished();
        } else {
            parallelFor(toRead.size(), kFilesPerTask, [&](qsizetype k) {
                const qsizetype i = toRead.at(k);
                readAndParse(listing.files.at(i), single, outcomes[i]);
            });
        }
        if (m_cancelled.load())
            break; // files cut short would be missing from the middle of what was handed on
        StoreScan part;
        for (qsizetype i = begin; i < end; ++i) {
            if (const qsizetype a = aliasOf.at(i); a >= 0) {
                outcomes[i] = outcomes.at(a);
                fileDone();
            }
            collect(listing, i, outcomes.at(i), keyFiles, false, paths, part);
            if (!original.contains(i))
                outcomes[i] = Slot();
            paths[i] = QString();
        }
        scan.problems += part.problems;
        scan.filesParsed += part.filesParsed;
        if (!part.certificates.isEmpty() && !m_sink(std::move(part.certificates)))
            cancel();
        begin = end;
    }
    std::stable_sort(scan.problems.begin(), scan.problems.end(),
                     [](const ScanProblem& a, const ScanProblem& b) { return a.path < b.path; });
}

void ScanJob::readKeysFirst(const StoreListing& listing, const QList<qsizetype>& aliasOf, const ParseOptions& parse,
                            QList<Slot>& outcomes)
{
    // Only what may hold a key is decoded now (and kept for its turn); the rest is read
    // again in its turn, which costs a read from the page cache, not a decode.
    ParseOptions single = parse;
    single.threads = 1;
    QList<qsizetype> originals;
    for (qsizetype i = 0; i < listing.files.size(); ++i)
        if (aliasOf.at(i) < 0)
            originals.append(i);
    parallelFor(originals.size(), kFilesPerTask, [&](qsizetype k) {
        const qsizetype i = originals.at(k);
        if (m_cancelled.load(std::memory_order_relaxed))
            return;
        if (m_store->readsItems()) {
            readItem(listing.files.at(i), single, outcomes[i]);
            return;
        }
        QByteArray content = m_buffers.take();
        FileStamp stamp;
        if (readContent(listing.files.at(i), &content, &stamp, outcomes[i]) && mayHoldPrivateKey(content))
            parseContent(content, stamp, single, outcomes[i]);
        m_buffers.give(std::move(content));
    });
}

void ScanJob::readAndParse(const ListedFile& file, const ParseOptions& parse, Slot& slot)
{
    if (m_cancelled.load(std::memory_order_relaxed))
        return;
    if (m_store->readsItems()) {
        readItem(file, parse, slot);
        return;
    }
    QByteArray content = m_buffers.take();
    FileStamp stamp;
    if (readContent(file, &content, &stamp, slot))
        parseContent(content, stamp, parse, slot);
    m_buffers.give(std::move(content));
}

bool ScanJob::readContent(const ListedFile& file, QByteArray* content, FileStamp* stamp, Slot& slot)
{
    QString error;
    bool ok = true;
    if (file.preloaded) { // a token's object: the store read it already
        *content = file.content;
        *stamp = file.stamp;
    } else {
        ok = m_options.readFile ? m_options.readFile(file.path, m_store->config().maxFileSize, content, stamp, &error)
                                : readRegularFile(file.path, m_store->config().maxFileSize, content, stamp, &error);
    }
    if (!ok) {
        slot.readError = error.isEmpty() ? QStringLiteral("cannot be read") : error;
        fileDone();
    }
    return ok;
}

void ScanJob::parseContent(QByteArray& content, const FileStamp& stamp, const ParseOptions& parse, Slot& slot)
{
    ParsedFile parsed = parseCertificateData(content, parse);
    // The content may have held private keys: do not leave them in freed memory.
    OPENSSL_cleanse(content.data(), size_t(content.size()));

    auto result = std::make_shared<FileResult>();
    result->format = parsed.format;
    result->certificates = std::move(parsed.certificates);
    result->entryNames = std::move(parsed.entryNames);
    QList<Certificate>& certs = result->certificates;
    if (certs.size() >= 4096) // a large bundle: on all cores too
        parallelFor(certs.size(), 1024, [&](qsizetype i) { m_strings.internRepeatedFields(certs[i]); });
    else
        for (Certificate& c : certs)
            m_strings.internRepeatedFields(c);
    result->privateKeySpki = std::move(parsed.privateKeySpki);
    result->errors = std::move(parsed.errors);
    slot.result = std::move(result);
    slot.stamp = stamp;
    slot.parsed = true;
    fileDone();
}

void ScanJob::readItem(const ListedFile& file, const ParseOptions& parse, Slot& slot)
{
    QString error;
    FileResultPtr read = m_store->readItem(file, parse.pkcs12Password, parse.hasPkcs12Password, &error);
    if (!read) {
        slot.readError = error;
        fileDone();
        return;
    }
    // The stamp taken when listing: a database changed since is read again next time.
    auto result = std::const_pointer_cast<FileResult>(std::move(read));
    for (Certificate& c : result->certificates)
        m_strings.internRepeatedFields(c);
    slot.result = std::move(result);
    slot.stamp = file.stamp;
    slot.parsed = true;
    fileDone();
}

void ScanJob::updateCache(const StoreListing& listing, const QList<Slot>& outcomes, ScanCache old, bool cancelled)
{
    ScanCache fresh;
    for (qsizetype i = 0; i < outcomes.size(); ++i) {
        const Slot& s = outcomes.at(i);
        if (s.result && isCacheable(*s.result))
            fresh.insert(listing.files.at(i).path, s.stamp, s.result);
    }
    // A cancelled scan did not see the whole store: keep what it did not get to.
    if (cancelled) {
        for (auto it = old.entries().constBegin(); it != old.entries().constEnd(); ++it)
            if (!fresh.entries().contains(it.key()))
                fresh.insert(it.key(), it->stamp, it->result);
    }
    m_newCache = std::move(fresh);
}

void ScanJob::assemble(const StoreListing& listing, const QList<Slot>& outcomes, StoreScan& scan) const
{
    scan.problems += listing.problems;
    scan.filesSeen = int(listing.files.size());
    // With the cache kept on disk nothing else holds what was parsed now: keep compact
    // copies instead (compactedCopy). An in-memory cache shares it with the scan, and
    // what came from the cache file was loaded compactly already (ScanCache::load).
    const bool compact = !m_options.cacheDirectory.isEmpty();
    const KeyFiles keyFiles = keyFilesOf(outcomes);
    QList<QString> paths(outcomes.size());

    qsizetype certificateCount = 0;
    for (const Slot& s : outcomes)
        certificateCount += s.result ? s.result->certificates.size() : 0;
    scan.certificates.reserve(certificateCount);
    for (qsizetype i = 0; i < outcomes.size(); ++i)
        collect(listing, i, outcomes.at(i), keyFiles, compact, paths, scan);
    std::stable_sort(scan.problems.begin(), scan.problems.end(),
                     [](const ScanProblem& a, const ScanProblem& b) { return a.path < b.path; });
}

ScanJob::KeyFiles ScanJob::keyFilesOf(const QList<Slot>& outcomes)
{
    // Private keys pair with certificates across the whole store, by public key.
    KeyFiles keyFiles;
    for (qsizetype i = 0; i < outcomes.size(); ++i)
        if (outcomes.at(i).result)
            for (const Sha256Digest& spki : outcomes.at(i).result->privateKeySpki)
                keyFiles[spkiKey(spki)].append(i);
    return keyFiles;
}

void ScanJob::collect(const StoreListing& listing, qsizetype i, const Slot& s, const KeyFiles& keyFiles, bool compact,
                      QList<QString>& paths, StoreScan& scan) const
{
    const auto pathOf = [&](qsizetype file) -> const QString& {
        if (paths.at(file).isNull())
            paths[file] = decodeFileName(listing.files.at(file).path);
        return paths.at(file);
    };
    // Of several files holding the key, the one beside the certificate (certbot's
    // live/NAME/privkey.pem for live/NAME/cert.pem), else the first in walk order.
    const auto keyFileFor = [&](qsizetype certFile, const QList<qsizetype>& candidates) {
        const QByteArray& certPath = listing.files.at(certFile).path;
        const QByteArrayView dir = QByteArrayView(certPath).first(qMax<qsizetype>(certPath.lastIndexOf('/'), 0));
        for (qsizetype k : candidates) {
            const QByteArray& keyPath = listing.files.at(k).path;
            if (keyPath.lastIndexOf('/') == dir.size() && keyPath.startsWith(dir))
                return k;
        }
        return candidates.first();
    };

    if (!s.readError.isEmpty()) {
        scan.problems.append(ScanProblem{pathOf(i), s.readError});
        return;
    }
    if (!s.result)
        return; // cancelled before it was read
    scan.filesParsed += s.parsed ? 1 : 0;
    scan.filesFromCache += s.fromCache ? 1 : 0;
    if (!s.result->errors.isEmpty())
        scan.problems.append(ScanProblem{pathOf(i), s.result->errors.join(QStringLiteral("; "))});
    const QList<Certificate>& certs = s.result->certificates;
    // A keystore's aliases; a PKCS#12 file's friendly names only where it is the keystore.
    const bool namesEntries = s.result->format == ContainerFormat::JavaKeyStore
        || m_store->kind() == StoreKind::KeyStore || m_store->kind() == StoreKind::Nss;
    // A result only this slot holds (taken from the cache file, which is freed
    // already, and reached by one path) gives its certificates away: copying them
    // and then dropping the originals costs an unchanged pass over 100,000
    // certificates a tenth of its CPU in reference counting alone.
    Certificate* movable = s.fromCache && compact && s.result.use_count() == 1
        ? std::const_pointer_cast<FileResult>(s.result)->certificates.data()
        : nullptr;
    for (qsizetype k = 0; k < certs.size(); ++k) {
        StoredCertificate stored{movable                   ? std::move(movable[k])
                                     : compact && s.parsed ? compactedCopy(certs.at(k))
                                                           : certs.at(k),
                                 pathOf(i),
                                 int(k),
                                 QString(),
                                 namesEntries ? s.result->entryNames.value(k) : QString(),
                                 s.result->entryTrust.value(k)};
        if (stored.certificate.hasPrivateKey) {
            stored.keyPath = pathOf(i);
        } else if (const QString& keyObject = listing.files.at(i).keyPath; !keyObject.isEmpty()) {
            stored.certificate.hasPrivateKey = true; // a token's private key with the certificate's id
            stored.keyPath = keyObject;
        } else if (const auto key = keyFiles.constFind(spkiKey(stored.certificate.spkiSha256));
                   key != keyFiles.constEnd()) {
            stored.certificate.hasPrivateKey = true;
            stored.keyPath = pathOf(keyFileFor(i, key.value()));
        }
        scan.certificates.append(std::move(stored));
    }
}

void ScanJob::fileDone()
{
    const int done = m_filesDone.fetch_add(1, std::memory_order_relaxed) + 1;
    const int total = m_filesTotal;
    if (done % qMax(1, (total + 99) / 100) == 0 || done == total) // about a hundred reports per scan
        m_relay->post({m_store->id(), StoreScanProgress::Phase::Reading, done, total});
}

} // namespace certlife
