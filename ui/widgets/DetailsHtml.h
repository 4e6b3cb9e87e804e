// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "lifecycle/LifecycleEvent.h"
#include "models/CertificateRow.h"
#include "models/EndpointServing.h"

#include <QString>
#include <optional>

class QUrl;

namespace certlife::ui {

// Field tables for the details panes. Every value is escaped: certificate fields and
// paths come from files an attacker may have written. An archived row names its
// successor (the row given, when the console has it) with a link successorOfLink() reads.
// `endpoints`: the endpoint stores' addresses that serve it, each with its findings.
QString certificateDetailsHtml(const CertificateRow& row, const ExpiryThreshold& threshold, const QDateTime& now,
                               const CertificateRow* successor = nullptr,
                               const QList<EndpointObservation>& endpoints = {});
std::optional<Sha256Digest> successorOfLink(const QUrl& link);
// How an event with two certificates (Replace, a stale binding) shows them: side by side,
// or one above the other where the pane is too narrow for two columns of values.
enum class ComparisonLayout { SideBySide, Stacked };
QString eventDetailsHtml(const LifecycleEvent& event, const QString& storeName = {}, // storeName: else the id
                         ComparisonLayout layout = ComparisonLayout::SideBySide);
// The table rows for one certificate of an event (shared by event details and Replace's
// old/new columns).
QString certificateFieldsHtml(const CertificateDetails& details);

} // namespace certlife::ui
