// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "x509/Certificate.h"
#include "x509/DerCursor.h"

namespace certlife::der {

// The v3 extensions of a certificate as the fast path understands them. Every
// extension OpenSSL decodes while caching a certificate's extension flags (and
// whose failure would change what OpenSslCertificateReader reports) is checked
// here to decode; those it cannot vouch for make readExtensions() decline.
struct Extensions
{
    bool hasBasicConstraints = false;
    bool isCA = false;
    bool hasKeyUsage = false;
    quint16 keyUsage = 0;
    Span subjectAltNames;  // content of the GeneralNames SEQUENCE, validated
    Span extendedKeyUsage; // content of the SEQUENCE OF OID, validated
    bool hasSubjectKeyId = false;
    Span subjectKeyId;
    bool hasAuthorityKeyId = false;
    bool authorityKeyIdHasKeyId = false;
    Span authorityKeyId;
    Span templateName; // extnValue of 1.3.6.1.4.1.311.20.2
    Span templateInfo; // extnValue of 1.3.6.1.4.1.311.21.7
    bool hasTemplateName = false;
    bool hasTemplateInfo = false;
};

// Reads the content of the Extensions SEQUENCE. On false *reason says why the
// fast path declines.
bool readExtensions(Span extensionsContent, Extensions& out, const char** reason);

// Certificate fields from validated extension content.
void appendSubjectAltNames(Span generalNames, QList<SubjectAltName>& out);
bool appendExtendedKeyUsages(Span oids, QList<ExtendedKeyUsage>& out);
QString templateName(const Extensions& ext);

} // namespace certlife::der
