// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "CertificateDetailsPane.h"

#include "endpoints/Endpoint.h"
#include "models/CertificateRow.h"
#include "widgets/DetailsHtml.h"
#include "widgets/HashLabel.h"
#include "widgets/PageParts.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace certlife::ui {

CertificateDetailsPane::CertificateDetailsPane(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("certificateDetails"));

    auto* content = new QWidget(this);
    auto* openFolder = new QPushButton(tr("Open folder"), content);
    openFolder->setObjectName(QStringLiteral("openFolderButton"));
    m_openFolder = openFolder;
    auto* showEvents = new QPushButton(tr("Show events"), content);
    showEvents->setObjectName(QStringLiteral("showEventsButton"));
    auto* actions = new QHBoxLayout;
    actions->addWidget(openFolder);
    actions->addWidget(showEvents);
    actions->addStretch();

    // The hashes outside the field table: a table cell clips or breaks them anywhere,
    // these elide in the middle and copy whole. Their Copy is the pane's only one for
    // hashes (the table's context menu has Copy thumbprint for the row).
    m_thumbprint = new HashLabel(tr("thumbprint (SHA-1)"), content);
    m_thumbprint->setObjectName(QStringLiteral("thumbprintHash"));
    m_sha256 = new HashLabel(tr("SHA-256"), content);
    m_sha256->setObjectName(QStringLiteral("sha256Hash"));
    auto* hashes = new QFormLayout;
    hashes->setContentsMargins(0, 0, 0, 0);
    hashes->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    hashes->addRow(tr("Thumbprint (SHA-1)"), m_thumbprint);
    hashes->addRow(tr("SHA-256"), m_sha256);

    m_fields = new QTextBrowser(content);
    m_fields->setObjectName(QStringLiteral("certificateFields"));
    m_fields->setOpenLinks(false);
    m_fields->setFrameShape(QFrame::NoFrame);

    auto* pemPage = new QWidget(content);
    m_pem = new QPlainTextEdit(pemPage);
    m_pem->setObjectName(QStringLiteral("certificatePem"));
    m_pem->setReadOnly(true);
    m_pem->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_pem->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto* copyPem = new QPushButton(tr("Copy PEM"), pemPage);
    auto* pemLayout = new QVBoxLayout(pemPage);
    pemLayout->setContentsMargins(4, 4, 4, 4);
    pemLayout->addWidget(m_pem, 1);
    pemLayout->addWidget(copyPem, 0, Qt::AlignLeft);

    m_tabs = new QTabWidget(content);
    m_tabs->addTab(m_fields, tr("Details"));
    m_tabs->addTab(pemPage, tr("PEM"));
    m_tabs->setDocumentMode(true);

    auto* contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addLayout(actions);
    contentLayout->addLayout(hashes);
    contentLayout->addWidget(m_tabs, 1);

    m_stack = makeDetailsStack(this, tr("Select a certificate to see all its fields and its PEM."), content);

    connect(m_thumbprint, &HashLabel::copyRequested, this, &CertificateDetailsPane::copyTextRequested);
    connect(m_sha256, &HashLabel::copyRequested, this, &CertificateDetailsPane::copyTextRequested);
    connect(copyPem, &QPushButton::clicked, this, &CertificateDetailsPane::copyPemRequested);
    connect(openFolder, &QPushButton::clicked, this, &CertificateDetailsPane::openFolderRequested);
    connect(showEvents, &QPushButton::clicked, this, &CertificateDetailsPane::showEventsRequested);
    connect(m_fields, &QTextBrowser::anchorClicked, this, [this](const QUrl& link) {
        if (const std::optional<Sha256Digest> sha256 = successorOfLink(link))
            Q_EMIT successorRequested(
                QByteArray(reinterpret_cast<const char*>(sha256->data()), qsizetype(sha256->size())));
    });
}

void CertificateDetailsPane::showCertificate(const CertificateRow& row, const ExpiryThreshold& threshold,
                                             const QDateTime& now, const CertificateRow* successor,
                                             const QList<EndpointObservation>& endpoints)
{
    m_fields->setHtml(certificateDetailsHtml(row, threshold, now, successor, endpoints));
    // What an endpoint serves has no folder.
    const bool endpoint = !endpointOfLocation(row.stored().path).isEmpty();
    m_openFolder->setEnabled(!endpoint);
    m_openFolder->setToolTip(endpoint ? tr("Served by a TLS endpoint: no folder to open") : QString());
    m_pem->setPlainText(row.certificate().pem());
    m_thumbprint->setHash(row.thumbprint());
    m_sha256->setHash(row.certificate().sha256Hex());
    m_stack->setCurrentIndex(1);
}

void CertificateDetailsPane::clear()
{
    m_fields->clear();
    m_pem->clear();
    m_thumbprint->setHash({});
    m_sha256->setHash({});
    m_stack->setCurrentIndex(0);
}

QString CertificateDetailsPane::detailsText() const
{
    if (m_stack->currentIndex() != 1)
        return {};
    return QStringLiteral("%1\nThumbprint (SHA-1)\t%2\nSHA-256\t%3")
        .arg(m_fields->toPlainText(), m_thumbprint->hash(), m_sha256->hash());
}

QString CertificateDetailsPane::pemText() const
{
    return m_pem->toPlainText();
}

} // namespace certlife::ui
