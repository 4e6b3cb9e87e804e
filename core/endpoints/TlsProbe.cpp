// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "endpoints/TlsProbe.h"

#include "endpoints/ProbeFindings.h"
#include "endpoints/StartTlsDialogue.h"
#include "util/Clock.h"

#include <QCoro/QCoroFuture>
#include <QHash>
#include <QtConcurrent/QtConcurrentRun>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netdb.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <optional>
#include <poll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <vector>

namespace certlife {

namespace {

qint64 monotonicMs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

QString seconds(int ms)
{
    return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000) : QStringLiteral("%1 ms").arg(ms);
}

enum class Stage : quint8 { Waiting, Connecting, StartTls, Handshake, Done };

struct Probe
{
    ProbeResult result;
    ResolvedAddress address;
    int fd = -1;
    SSL* ssl = nullptr;
    Stage stage = Stage::Waiting;
    qint64 started = 0;
    qint64 deadline = 0;
    std::optional<StartTlsDialogue> dialogue;
    QByteArray received;
    QByteArray toSend;
    bool peerClosed = false;
    QString alert; // the description of a TLS alert the server sent

    ~Probe() { release(); }
    void release()
    {
        if (ssl)
            SSL_free(ssl);
        ssl = nullptr;
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
};

void recordAlert(const SSL* ssl, int where, int value)
{
    if ((where & SSL_CB_READ_ALERT) != SSL_CB_READ_ALERT) // not the alerts the probe itself sends
        return;
    auto* probe = static_cast<Probe*>(SSL_get_app_data(ssl));
    if (probe && probe->alert.isEmpty())
        probe->alert = QString::fromLatin1(SSL_alert_desc_string_long(value));
}

// What one run of probes shares: the client context (no verification: the chain is
// recorded as served, valid or not) and the trust store the findings consult.
class ProbeRun
{
public:
    explicit ProbeRun(const ProbeOptions& options) : m_options(options)
    {
        m_ctx = SSL_CTX_new(TLS_client_method());
        SSL_CTX_set_verify(m_ctx, SSL_VERIFY_NONE, nullptr);
        SSL_CTX_set_security_level(m_ctx, 0); // see old versions and weak keys, to report them
        SSL_CTX_set_min_proto_version(m_ctx, 0);
        SSL_CTX_set_options(m_ctx, SSL_OP_LEGACY_SERVER_CONNECT);
        SSL_CTX_set_session_cache_mode(m_ctx, SSL_SESS_CACHE_OFF);
        SSL_CTX_set_info_callback(m_ctx, recordAlert);
        m_trust = loadTrustStore(options.trustedCertificates);
        m_nowSecs = (options.clock ? options.clock->now() : SystemClock().now()).toSecsSinceEpoch();
    }
    ~ProbeRun()
    {
        SSL_CTX_free(m_ctx);
        X509_STORE_free(m_trust);
    }
    ProbeRun(const ProbeRun&) = delete;
    ProbeRun& operator=(const ProbeRun&) = delete;

    void start(Probe& p);
    void handle(Probe& p, short revents);
    void checkDeadline(Probe& p, qint64 now);
    void cancel(Probe& p) { fail(p, ProbeFailure::Cancelled, QStringLiteral("cancelled")); }
    short events(const Probe& p) const;

private:
    void connected(Probe& p);
    void startHandshake(Probe& p);
    void pumpHandshake(Probe& p);
    void finish(Probe& p);
    void fail(Probe& p, ProbeFailure failure, const QString& error);
    bool sendPending(Probe& p);
    void receive(Probe& p);
    QString tlsError(Probe& p, int sslError);

    const ProbeOptions& m_options;
    SSL_CTX* m_ctx = nullptr;
    X509_STORE* m_trust = nullptr;
    qint64 m_nowSecs = 0;
};

void ProbeRun::start(Probe& p)
{
    p.started = monotonicMs();
    p.fd = ::socket(p.address.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (p.fd < 0)
        return fail(p, ProbeFailure::Refused,
                    QStringLiteral("socket: %1").arg(QString::fromLocal8Bit(strerror(errno))));
    const auto* sa = reinterpret_cast<const sockaddr*>(p.address.sockaddr.constData());
    if (::connect(p.fd, sa, socklen_t(p.address.sockaddr.size())) == 0)
        return connected(p);
    if (errno != EINPROGRESS)
        return fail(p, ProbeFailure::Refused, QString::fromLocal8Bit(strerror(errno)).toLower());
    p.stage = Stage::Connecting;
    p.deadline = p.started + m_options.connectTimeoutMs;
}

void ProbeRun::connected(Probe& p)
{
    p.deadline = monotonicMs() + m_options.handshakeTimeoutMs;
    if (p.result.endpoint.startTls == StartTls::None)
        return startHandshake(p);
    p.stage = Stage::StartTls;
    p.dialogue.emplace(p.result.endpoint.startTls, p.result.endpoint.serviceName());
    p.toSend = p.dialogue->opening();
    sendPending(p);
}

void ProbeRun::startHandshake(Probe& p)
{
    p.stage = Stage::Handshake;
    p.ssl = SSL_new(m_ctx);
    BIO* in = BIO_new(BIO_s_mem());
    BIO* out = BIO_new(BIO_s_mem());
    SSL_set_bio(p.ssl, in, out);
    SSL_set_app_data(p.ssl, &p);
    SSL_set_connect_state(p.ssl);
    const Endpoint& e = p.result.endpoint;
    const QString sni = e.sni.isEmpty() && !isIpAddress(e.host) ? e.host : e.sni;
    if (!sni.isEmpty()) {
        const QByteArray name = sni.toUtf8();
        SSL_set_tlsext_host_name(p.ssl, name.constData());
    }
    pumpHandshake(p);
}

void ProbeRun::pumpHandshake(Probe& p)
{
    if (!p.received.isEmpty()) {
        BIO_write(SSL_get_rbio(p.ssl), p.received.constData(), int(p.received.size()));
        p.received.clear();
    }
    if (p.peerClosed)
        BIO_set_mem_eof_return(SSL_get_rbio(p.ssl), 0);
    ERR_clear_error();
    const int rc = SSL_do_handshake(p.ssl);
    BIO* out = SSL_get_wbio(p.ssl);
    char* pending = nullptr;
    const long size = BIO_get_mem_data(out, &pending);
    if (size > 0) {
        p.toSend.append(pending, size);
        (void)BIO_reset(out);
    }
    if (rc == 1)
        return finish(p);
    const int error = SSL_get_error(p.ssl, rc);
    if (error == SSL_ERROR_WANT_READ && !p.peerClosed) {
        sendPending(p);
        return;
    }
    const QString why = tlsError(p, error);
    fail(p, p.alert.isEmpty() && p.peerClosed ? ProbeFailure::Closed : ProbeFailure::Tls, why);
}

QString ProbeRun::tlsError(Probe& p, int sslError)
{
    if (!p.alert.isEmpty())
        return QStringLiteral("TLS alert: %1").arg(p.alert);
    if (p.peerClosed)
        return QStringLiteral("the server closed the connection during the TLS handshake");
    const unsigned long code = ERR_peek_last_error();
    if (code != 0) {
        const char* reason = ERR_reason_error_string(code);
        return QStringLiteral("TLS error: %1").arg(reason ? QString::fromLatin1(reason) : QString::number(code));
    }
    return QStringLiteral("TLS error %1").arg(sslError);
}

void ProbeRun::finish(Probe& p)
{
    ProbeResult& r = p.result;
    r.protocol = QString::fromLatin1(SSL_get_version(p.ssl));
    const SSL_CIPHER* cipher = SSL_get_current_cipher(p.ssl);
    r.cipher = cipher ? QString::fromLatin1(SSL_CIPHER_get_name(cipher)) : QString();
    const STACK_OF(X509)* chain = SSL_get_peer_cert_chain(p.ssl);
    QList<X509*> served;
    for (int i = 0; chain && i < sk_X509_num(chain); ++i)
        served << sk_X509_value(chain, i);
    r.chain = decodeServedChain(served);
    r.findings = servedChainFindings(r, served, m_trust, m_nowSecs);
    // A polite close: close_notify, sent if the socket takes it at once; nothing else.
    if (SSL_shutdown(p.ssl) >= 0) {
        char* pending = nullptr;
        const long size = BIO_get_mem_data(SSL_get_wbio(p.ssl), &pending);
        if (size > 0)
            p.toSend.append(pending, size);
    }
    if (!p.toSend.isEmpty())
        (void)::send(p.fd, p.toSend.constData(), size_t(p.toSend.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
    p.release();
    p.stage = Stage::Done;
    p.result.elapsedMs = monotonicMs() - p.started;
}

void ProbeRun::fail(Probe& p, ProbeFailure failure, const QString& error)
{
    p.release();
    p.stage = Stage::Done;
    p.result.failure = failure;
    p.result.error = error;
    p.result.findings.append({FindingKind::HandshakeError, error});
    p.result.elapsedMs = p.started ? monotonicMs() - p.started : 0;
}

bool ProbeRun::sendPending(Probe& p)
{
    while (!p.toSend.isEmpty()) {
        const ssize_t n = ::send(p.fd, p.toSend.constData(), size_t(p.toSend.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return true;
            if (errno == EINTR)
                continue;
            fail(p, ProbeFailure::Closed,
                 QStringLiteral("sending failed: %1").arg(QString::fromLocal8Bit(strerror(errno)).toLower()));
            return false;
        }
        p.toSend.remove(0, n);
    }
    return true;
}

void ProbeRun::receive(Probe& p)
{
    char buffer[16384];
    while (true) {
        const ssize_t n = ::recv(p.fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n > 0) {
            p.received.append(buffer, n);
            if (p.received.size() > 1024 * 1024)
                return; // more than any handshake needs: let the stage judge it
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK))
            p.peerClosed = true;
        return;
    }
}

void ProbeRun::handle(Probe& p, short revents)
{
    if (p.stage == Stage::Connecting) {
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error == ECONNREFUSED)
            return fail(p, ProbeFailure::Refused, QStringLiteral("connection refused"));
        if (error != 0)
            return fail(p, ProbeFailure::Refused, QString::fromLocal8Bit(strerror(error)).toLower());
        return connected(p);
    }
    if ((revents & POLLOUT) && !sendPending(p))
        return;
    if ((revents & (POLLIN | POLLHUP | POLLERR)) == 0)
        return;
    receive(p);
    if (p.stage == Stage::StartTls) {
        const StartTlsDialogue::Status status = p.dialogue->feed(p.received, p.toSend);
        if (status == StartTlsDialogue::Status::Failed)
            return fail(p, ProbeFailure::StartTls, p.dialogue->error());
        if (status == StartTlsDialogue::Status::Ready)
            return startHandshake(p);
        if (p.peerClosed)
            return fail(p, ProbeFailure::Closed,
                        QStringLiteral("STARTTLS (%1): the server closed the connection")
                            .arg(startTlsName(p.result.endpoint.startTls)));
        sendPending(p);
        return;
    }
    if (p.stage == Stage::Handshake)
        pumpHandshake(p);
}

void ProbeRun::checkDeadline(Probe& p, qint64 now)
{
    if (p.stage == Stage::Done || now < p.deadline)
        return;
    if (p.stage == Stage::Connecting)
        return fail(p, ProbeFailure::ConnectTimeout,
                    QStringLiteral("timeout: no connection within %1").arg(seconds(m_options.connectTimeoutMs)));
    const QString what = p.stage == Stage::StartTls
        ? QStringLiteral("STARTTLS (%1) not finished").arg(startTlsName(p.result.endpoint.startTls))
        : QStringLiteral("no TLS handshake");
    fail(p, ProbeFailure::HandshakeTimeout,
         QStringLiteral("timeout: %1 within %2").arg(what, seconds(m_options.handshakeTimeoutMs)));
}

short ProbeRun::events(const Probe& p) const
{
    if (p.stage == Stage::Connecting)
        return POLLOUT;
    return short(POLLIN | (p.toSend.isEmpty() ? 0 : POLLOUT));
}

} // namespace

QString ProbeResult::location() const
{
    return address.isEmpty() ? endpoint.hostPort() : endpointLocation(endpoint.hostPort(), address);
}

ResolvedAddress resolvedAddress(const QString& literal, quint16 port)
{
    ResolvedAddress a;
    a.text = literal;
    const QByteArray bytes = literal.toLatin1();
    sockaddr_in v4{};
    sockaddr_in6 v6{};
    if (::inet_pton(AF_INET, bytes.constData(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        a.family = AF_INET;
        a.sockaddr = QByteArray(reinterpret_cast<const char*>(&v4), sizeof v4);
    } else if (::inet_pton(AF_INET6, bytes.constData(), &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        a.family = AF_INET6;
        a.sockaddr = QByteArray(reinterpret_cast<const char*>(&v6), sizeof v6);
    }
    return a;
}

QList<ResolvedAddress> resolveWithGetaddrinfo(const QString& host, quint16 port, QString* error)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* list = nullptr;
    const QByteArray name = host.toUtf8();
    const QByteArray service = QByteArray::number(port);
    const int rc = ::getaddrinfo(name.constData(), service.constData(), &hints, &list);
    if (rc != 0) {
        *error = QStringLiteral("cannot resolve %1: %2").arg(host, QString::fromLocal8Bit(gai_strerror(rc)));
        return {};
    }
    QList<ResolvedAddress> addresses;
    for (const addrinfo* ai = list; ai; ai = ai->ai_next) {
        if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6)
            continue;
        char text[INET6_ADDRSTRLEN] = {};
        const void* raw = ai->ai_family == AF_INET
            ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(ai->ai_addr)->sin_addr)
            : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(ai->ai_addr)->sin6_addr);
        ::inet_ntop(ai->ai_family, raw, text, sizeof text);
        ResolvedAddress a{ai->ai_family,
                          QByteArray(reinterpret_cast<const char*>(ai->ai_addr), qsizetype(ai->ai_addrlen)),
                          QString::fromLatin1(text)};
        const bool seen = std::any_of(addresses.cbegin(), addresses.cend(),
                                      [&](const ResolvedAddress& other) { return other.text == a.text; });
        if (!seen)
            addresses << a;
    }
    ::freeaddrinfo(list);
    if (addresses.isEmpty())
        *error = QStringLiteral("cannot resolve %1: no IPv4 or IPv6 address").arg(host);
    return addresses;
}

QList<ProbeResult> probeEndpointsBlocking(const QList<Endpoint>& endpoints, const ProbeOptions& options)
{
    const EndpointResolver resolve = options.resolve ? options.resolve : EndpointResolver(resolveWithGetaddrinfo);
    std::vector<std::unique_ptr<Probe>> probes;
    for (const Endpoint& endpoint : endpoints) {
        QString error;
        const QList<ResolvedAddress> addresses = resolve(endpoint.host, endpoint.port, &error);
        if (addresses.isEmpty()) {
            auto unresolved = std::make_unique<Probe>();
            unresolved->result.endpoint = endpoint;
            unresolved->result.failure = ProbeFailure::Resolve;
            unresolved->result.error = error;
            unresolved->result.findings.append({FindingKind::HandshakeError, error});
            unresolved->stage = Stage::Done;
            probes.push_back(std::move(unresolved));
        }
        for (const ResolvedAddress& address : addresses) {
            auto probe = std::make_unique<Probe>();
            probe->result.endpoint = endpoint;
            probe->result.address = address.text;
            probe->address = address;
            probes.push_back(std::move(probe));
        }
    }

    ProbeRun run(options);
    const int maxActive = std::max(1, options.maxConcurrent);
    std::vector<Probe*> active;
    std::vector<pollfd> fds;
    size_t next = 0;
    while (true) {
        const bool cancelled = options.cancelled && options.cancelled->load();
        while (!cancelled && int(active.size()) < maxActive && next < probes.size()) {
            Probe& p = *probes[next++];
            if (p.stage != Stage::Waiting)
                continue;
            run.start(p);
            if (p.stage != Stage::Done)
                active.push_back(&p);
        }
        if (cancelled) {
            for (; next < probes.size(); ++next) {
                if (probes[next]->stage == Stage::Waiting)
                    run.cancel(*probes[next]);
            }
            for (Probe* p : active)
                run.cancel(*p);
        }
        const qint64 now = monotonicMs();
        for (Probe* p : active)
            run.checkDeadline(*p, now);
        std::erase_if(active, [](const Probe* p) { return p->stage == Stage::Done; });
        if (active.empty()) {
            if (next >= probes.size())
                break;
            continue;
        }
        qint64 wait = options.cancelled ? 200 : std::numeric_limits<int>::max();
        fds.clear();
        for (const Probe* p : active) {
            fds.push_back({p->fd, run.events(*p), 0});
            wait = std::min(wait, std::max<qint64>(0, p->deadline - now));
        }
        const int ready = ::poll(fds.data(), nfds_t(fds.size()), int(wait));
        if (ready <= 0)
            continue;
        for (size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].revents != 0)
                run.handle(*active[i], fds[i].revents);
        }
    }

    QList<ProbeResult> results;
    results.reserve(qsizetype(probes.size()));
    for (auto& probe : probes)
        results.append(std::move(probe->result));
    return results;
}

QCoro::Task<QList<ProbeResult>> probeEndpoints(QList<Endpoint> endpoints, ProbeOptions options)
{
    QFuture<QList<ProbeResult>> probing =
        QtConcurrent::run([endpoints, options] { return probeEndpointsBlocking(endpoints, options); });
    QList<ProbeResult> results = co_await probing;
    co_return results;
}

} // namespace certlife
