// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "models/EndpointServing.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTextBrowser;

namespace certlife {
class CertificateRow;
struct ExpiryThreshold;
} // namespace certlife

namespace certlife::ui {

class HashLabel;

// Every field of the selected certificate, its PEM, and the actions on it.
class CertificateDetailsPane : public QWidget
{
    Q_OBJECT
public:
    explicit CertificateDetailsPane(QWidget* parent = nullptr);

    // `successor`: for an archived row, the row of the certificate that replaced it;
    // `endpoints`: the endpoint addresses that serve it (models/EndpointServing.h).
    void showCertificate(const CertificateRow& row, const ExpiryThreshold& threshold, const QDateTime& now,
                         const CertificateRow* successor = nullptr, const QList<EndpointObservation>& endpoints = {});
    void clear();
    QString detailsText() const; // what the fields read as plain text
    QString pemText() const;
    HashLabel* thumbprintLabel() const { return m_thumbprint; }
    HashLabel* sha256Label() const { return m_sha256; }

Q_SIGNALS:
    void copyPemRequested();
    void copyTextRequested(const QString& text); // a hash's Copy: the whole hash
    void openFolderRequested();
    void showEventsRequested();
    void successorRequested(const QByteArray& sha256); // the link of an archived certificate's successor

private:
    QStackedWidget* m_stack = nullptr;
    QTextBrowser* m_fields = nullptr;
    QPlainTextEdit* m_pem = nullptr;
    QTabWidget* m_tabs = nullptr;
    QPushButton* m_openFolder = nullptr;
    HashLabel* m_thumbprint = nullptr;
    HashLabel* m_sha256 = nullptr;
};

} // namespace certlife::ui
