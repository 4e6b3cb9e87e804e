// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <memory>

namespace certlife {

// The one place that knows the time. Expiry logic takes a Clock so tests (and
// `CERTLIFE_NOW` for the CLI and agent) can fix it.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0; // always UTC

    // The real time, or the fixed time in CERTLIFE_NOW (ISO 8601) when set.
    // Returns nullptr and fills *error when CERTLIFE_NOW is set but invalid.
    static std::shared_ptr<Clock> fromEnvironment(QString* error = nullptr);
    static std::shared_ptr<Clock> system();
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override;
};

// A clock that stands still until told to move: for tests and CERTLIFE_NOW.
class FixedClock final : public Clock
{
public:
    explicit FixedClock(QDateTime now) : m_now(now.toUTC()) {}
    QDateTime now() const override { return m_now; }
    void setNow(const QDateTime& now) { m_now = now.toUTC(); }
    void advance(qint64 seconds) { m_now = m_now.addSecs(seconds); }

private:
    QDateTime m_now;
};

// Parses ISO 8601 with or without zone; a value without a zone is taken as UTC.
QDateTime parseIsoUtc(const QString& text);

} // namespace certlife
