// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "TlsTestServer.h"

#include <QMutex>
#include <arpa/inet.h>
#include <csignal>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace certlife::test {

namespace {

SSL_CTX* serverContext(const QList<GeneratedCert>& chain)
{
    if (chain.isEmpty())
        return nullptr;
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_set_security_level(ctx, 0);
    for (int i = 0; i < chain.size(); ++i) {
        const auto* der = reinterpret_cast<const unsigned char*>(chain[i].der.constData());
        X509* x = d2i_X509(nullptr, &der, long(chain[i].der.size()));
        if (i == 0)
            SSL_CTX_use_certificate(ctx, x);
        else
            SSL_CTX_add_extra_chain_cert(ctx, X509_dup(x));
        X509_free(x);
    }
    SSL_CTX_use_PrivateKey(ctx, chain.first().key.pkey.get());
    // Never look for the rest of the chain anywhere: serve exactly what was given.
    SSL_CTX_set_mode(ctx, SSL_MODE_NO_AUTO_CHAIN);
    return ctx;
}

struct Listener
{
    int fd = -1;
    quint16 port = 0;
    TlsTestServer::Mode mode = TlsTestServer::Mode::Tls;
    SSL_CTX* ctx = nullptr; // guarded by Shared::mutex
    std::atomic_int handshakes{0};
    std::atomic_int accepted{0};
};

enum class ConnState { Smtp, Tls, Draining, Held };

struct Connection
{
    int fd = -1;
    Listener* listener = nullptr;
    SSL* ssl = nullptr;
    ConnState state = ConnState::Tls;
    QByteArray in;
    bool wantWrite = false;
};

} // namespace

struct TlsTestServer::Shared
{
    std::vector<std::unique_ptr<Listener>> listeners;
    std::vector<Connection> connections;
    QMutex mutex;
    int wake = -1;
    std::atomic_bool stop{false};
    std::thread thread;

    Listener* find(quint16 port) const
    {
        for (const auto& l : listeners) {
            if (l->port == port)
                return l.get();
        }
        return nullptr;
    }

    void startTls(Connection& c)
    {
        QMutexLocker lock(&mutex);
        c.ssl = SSL_new(c.listener->ctx);
        lock.unlock();
        SSL_set_fd(c.ssl, c.fd);
        SSL_set_accept_state(c.ssl);
        c.state = ConnState::Tls;
        stepTls(c);
    }

    void stepTls(Connection& c)
    {
        const int rc = SSL_do_handshake(c.ssl);
        if (rc == 1) {
            c.listener->handshakes.fetch_add(1);
            c.state = ConnState::Draining; // until the client closes: no RST over its last bytes
            c.wantWrite = false;
            return;
        }
        const int error = SSL_get_error(c.ssl, rc);
        c.wantWrite = error == SSL_ERROR_WANT_WRITE;
        if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE)
            close(c);
        ERR_clear_error();
    }

    static void close(Connection& c)
    {
        if (c.ssl)
            SSL_free(c.ssl);
        c.ssl = nullptr;
        if (c.fd >= 0)
            ::close(c.fd);
        c.fd = -1;
    }

    static void reply(Connection& c, const char* text) { (void)::send(c.fd, text, strlen(text), MSG_NOSIGNAL); }

    void smtp(Connection& c)
    {
        char buffer[4096];
        const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, MSG_DONTWAIT);
        if (n <= 0)
            return close(c);
        c.in.append(buffer, n);
        qsizetype end;
        while ((end = c.in.indexOf('\n')) >= 0) {
            const QByteArray line = c.in.left(end).trimmed().toUpper();
            c.in.remove(0, end + 1);
            if (line.startsWith("EHLO")) {
                reply(c, "250-test.example greets you\r\n250-PIPELINING\r\n250 STARTTLS\r\n");
            } else if (line == "STARTTLS") {
                reply(c, "220 2.0.0 Ready to start TLS\r\n");
                return startTls(c);
            } else {
                reply(c, "502 5.5.1 not implemented\r\n");
            }
        }
    }

    void accept(Listener& l)
    {
        const int fd = ::accept4(l.fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        l.accepted.fetch_add(1);
        Connection c;
        c.fd = fd;
        c.listener = &l;
        switch (l.mode) {
        case Mode::CloseAtOnce: ::close(fd); return;
        case Mode::Silent: c.state = ConnState::Held; break;
        case Mode::SmtpStartTls:
            c.state = ConnState::Smtp;
            reply(c, "220 test.example ESMTP ready\r\n");
            break;
        case Mode::Tls: startTls(c); break;
        }
        if (c.fd >= 0)
            connections.push_back(c);
    }

    void run()
    {
        std::vector<pollfd> fds;
        while (!stop.load()) {
            fds.clear();
            fds.push_back({wake, POLLIN, 0});
            for (const auto& l : listeners)
                fds.push_back({l->fd, POLLIN, 0});
            for (const Connection& c : connections)
                fds.push_back({c.fd, short(c.state == ConnState::Held ? 0 : (c.wantWrite ? POLLOUT : POLLIN)), 0});
            if (::poll(fds.data(), nfds_t(fds.size()), 1000) <= 0)
                continue;
            size_t i = 1;
            for (const auto& l : listeners) {
                if (fds[i++].revents)
                    accept(*l);
            }
            const size_t connectionsPolled = fds.size() - i;
            for (size_t k = 0; k < connectionsPolled; ++k) {
                Connection& c = connections[k];
                const short revents = fds[i + k].revents;
                if (revents == 0 || c.fd < 0)
                    continue;
                if (c.state == ConnState::Held) {
                    if (revents & (POLLHUP | POLLERR))
                        close(c);
                    continue;
                }
                if (c.state == ConnState::Smtp) {
                    smtp(c);
                } else if (c.state == ConnState::Tls) {
                    stepTls(c);
                } else { // Draining
                    char buffer[4096];
                    const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, MSG_DONTWAIT);
                    if (n <= 0)
                        close(c);
                }
            }
            std::erase_if(connections, [](const Connection& c) { return c.fd < 0; });
        }
        for (Connection& c : connections)
            close(c);
        connections.clear();
    }
};

TlsTestServer::TlsTestServer() : d(std::make_shared<Shared>())
{
    std::signal(SIGPIPE, SIG_IGN);
    d->wake = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

TlsTestServer::~TlsTestServer()
{
    d->stop = true;
    const quint64 one = 1;
    (void)::write(d->wake, &one, sizeof one);
    if (d->thread.joinable())
        d->thread.join();
    for (auto& l : d->listeners) {
        ::close(l->fd);
        SSL_CTX_free(l->ctx);
    }
    ::close(d->wake);
}

quint16 TlsTestServer::listen(const QString& address, Mode mode, const QList<GeneratedCert>& chain, quint16 port)
{
    const bool v6 = address.contains(QLatin1Char(':'));
    const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return 0;
    const QByteArray text = address.toLatin1();
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (v6) {
        auto* sa = reinterpret_cast<sockaddr_in6*>(&storage);
        sa->sin6_family = AF_INET6;
        sa->sin6_port = htons(port);
        ::inet_pton(AF_INET6, text.constData(), &sa->sin6_addr);
        length = sizeof(sockaddr_in6);
    } else {
        auto* sa = reinterpret_cast<sockaddr_in*>(&storage);
        sa->sin_family = AF_INET;
        sa->sin_port = htons(port);
        ::inet_pton(AF_INET, text.constData(), &sa->sin_addr);
        length = sizeof(sockaddr_in);
    }
    if (::bind(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0 || ::listen(fd, 128) != 0) {
        ::close(fd);
        return 0;
    }
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length);
    auto l = std::make_unique<Listener>();
    l->fd = fd;
    l->port = ntohs(v6 ? reinterpret_cast<sockaddr_in6*>(&storage)->sin6_port
                       : reinterpret_cast<sockaddr_in*>(&storage)->sin_port);
    l->mode = mode;
    l->ctx = serverContext(chain);
    const quint16 bound = l->port;
    d->listeners.push_back(std::move(l));
    return bound;
}

void TlsTestServer::start()
{
    d->thread = std::thread([shared = d] { shared->run(); });
}

void TlsTestServer::serve(quint16 port, const QList<GeneratedCert>& chain)
{
    Listener* l = d->find(port);
    if (!l)
        return;
    SSL_CTX* fresh = serverContext(chain);
    QMutexLocker lock(&d->mutex);
    std::swap(l->ctx, fresh);
    lock.unlock();
    SSL_CTX_free(fresh); // SSL objects made from it keep their own reference
}

int TlsTestServer::handshakes(quint16 port) const
{
    const Listener* l = d->find(port);
    return l ? l->handshakes.load() : 0;
}

int TlsTestServer::accepted(quint16 port) const
{
    const Listener* l = d->find(port);
    return l ? l->accepted.load() : 0;
}

} // namespace certlife::test
