// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

// Awaiting in Certlife: the one place that explains it.
//
// 1. Name what you await. GCC 12 (Debian 12's compiler, the one CI uses) miscompiles a
//    co_await whose operand creates temporaries: a task, future or lambda made inside
//    the expression can be destroyed twice, and ?: or a braced list in it is evaluated
//    wrongly. So every awaited task, future, timer or signal is a named local:
//        QCoro::Task<Inventory> loading = source.loadCached();
//        Inventory inventory = co_await loading;
//    never `co_await source.loadCached()`. `co_await std::move(named)` is fine.
//    scripts/check-source (ctest SourceRules) rejects an unnamed one.
// 2. Stop when the owner is gone: a member coroutine of a QObject resumes after its
//    co_await (or after a modal dialog, which runs a nested event loop) even when the
//    object was destroyed meanwhile, and QCoro cannot cancel it. Hold an Alive from the
//    start and stop once it turns false (below).
// 3. QCoro 0.8 moves from a non-const lvalue given to co_return: return a copy of
//    anything the coroutine still needs (or that another owner still holds).
// 4. Blocking work goes to the background pool (inBackground() in
//    models/BackgroundPool.h). Event logs are SQLite connections bound to the thread
//    that opened them: open, query and close one on the same thread.

#include <QObject>
#include <QPointer>

namespace certlife {

// Whether a coroutine may go on touching its owner:
//     const Alive alive(this);            // or Alive(this, m_generation)
//     auto counting = inBackground([...] { ... });
//     const qint64 count = co_await counting;
//     if (!alive)
//         co_return;
class Alive
{
public:
    explicit Alive(const QObject* owner) : m_owner(owner) {}
    // Also false once *generation has moved on: a newer run of the same coroutine started
    // (the caller increments it before making the Alive).
    Alive(const QObject* owner, const quint64& generation)
        : m_owner(owner), m_generation(&generation), m_expected(generation)
    {}
    // Also false once *stop is set (a command that was cancelled).
    Alive(const QObject* owner, const bool& stop) : m_owner(owner), m_stop(&stop) {}

    // The owner still exists, superseded or stopped or not: for bookkeeping that must
    // happen in any case (a counter of runs in flight).
    bool ownerExists() const { return !m_owner.isNull(); }

    explicit operator bool() const
    {
        // *m_generation and *m_stop are members of the owner: read only while it exists.
        return m_owner && (!m_generation || *m_generation == m_expected) && (!m_stop || !*m_stop);
    }

private:
    QPointer<const QObject> m_owner;
    const quint64* m_generation = nullptr;
    quint64 m_expected = 0;
    const bool* m_stop = nullptr;
};

} // namespace certlife
