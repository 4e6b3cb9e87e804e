// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/ExpiryState.h"
#include "models/Inventory.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <array>

namespace certlife {

class CertificateRow;

// How many certificates are in each time bin (Expired … Healthy): certificates, not
// locations (a certificate at several paths of a store counts once in that store).
// Archived and acknowledged ones are counted apart and in no bin: they are not in the
// tiles, the chart or the totals.
struct ExpiryCounts
{
    std::array<int, kExpiryBinCount> byState{};
    int archived = 0;
    int acknowledged = 0; // acknowledged or muted (ExpiryState::Acknowledged)
    int longExpired = 0;  // of the Expired: expired longer than the policy's LongExpiredDays

    int operator[](ExpiryState s) const
    {
        return isExpiryBin(s) ? byState[size_t(s)] : s == ExpiryState::Archived ? archived : acknowledged;
    }
    void add(const ExpiryInfo& info);
    int total() const; // the bins: archived and acknowledged not included
    friend bool operator==(const ExpiryCounts&, const ExpiryCounts&) = default;
};

// Certificates expiring in one calendar month (UTC), split by their state today
// (archived ones are left out).
struct ExpiryMonth
{
    QDate month;    // first day of the month
    QDateTime from; // inclusive: the month's start, or "now" for the current month
    QDateTime to;   // exclusive: the next month's start
    ExpiryCounts counts;
    QString label() const; // "Mar 2026"
};

struct StoreExpiry
{
    QString storeKey;
    QString storeName;
    ExpiryCounts counts;
    bool scanned = true; // false: never scanned yet, its counts are not known (not zero)
};

// The overview's numbers: per store and in total, and the upcoming expirations per month
// for the next 12 months (the current month counts from now).
struct ExpirySummary
{
    static constexpr int kMonths = 12;

    ExpiryCounts total;
    QList<StoreExpiry> stores; // in inventory order, stores without certificates included
    QList<ExpiryMonth> months; // kMonths entries

    static ExpirySummary compute(const Inventory& inventory, const QList<CertificateRow>& rows, const QDateTime& now);
    // The same numbers straight from the inventory's dates, without table rows: what the
    // console paints first at start, while the rows are still being built.
    static ExpirySummary compute(const Inventory& inventory, const QDateTime& now, const ExpiryThresholds& thresholds);
    int maxMonthTotal() const;

    // The same numbers from counts made elsewhere: a fleet database counts its
    // certificates by store and state (as each host's agent judged them) and by month of
    // expiry, so that the fleet's Overview is painted before its 200,000 rows are read.
    struct Count
    {
        qsizetype store = -1; // in STORES; -1: in the totals only
        ExpiryState state = ExpiryState::Healthy;
        bool longExpired = false;
        int month = -1; // of months(), -1: not in the next 12 months
        int count = 0;
    };
    static ExpirySummary fromCounts(const QList<StoreExpiry>& stores, const QList<Count>& counts, const QDateTime& now);
    // Where months() start for NOW: the first is NOW itself, then each month's first day
    // (UTC), then the end of the last (kMonths + 1 times).
    static QList<QDateTime> monthBoundaries(const QDateTime& now);

    ExpirySummary() = default;

private:
    // Empty stores and months; then add() counts one certificate.
    ExpirySummary(const Inventory& inventory, const QDateTime& now);
    void setMonths(const QDateTime& now);
    void add(qsizetype store, const ExpiryInfo& info, qint64 notAfterSecs);
    qint64 m_nowSecs = 0;
    qint64 m_endSecs = 0;
};

} // namespace certlife
