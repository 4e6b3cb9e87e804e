#pragma once

#include "x509/Certificate.h"

#include <QByteArrayView>
#include <QList>
#include <QStringList>

namespace certlife {

enum class ContainerFormat : quint8 { Unknown, Pem, Der, Pkcs7, Pkcs12, PrivateKey };
QString containerFormatName(ContainerFormat f);

struct ParseOptions
{
    // PKCS#12 password. When unset, the empty and the absent password are tried.
    QByteArray pkcs12Password;
    bool hasPkcs12Password = false;
    // Threads that share the decoding of a large PEM bundle (≥ 1 MiB): 0 picks one
    // per core (at most 4), 1 keeps it on the calling thread. The result is the
    // same either way, in file order.
    int threads = 0;
};

// Everything read from one file. Private keys are reduced to the SHA-256 of their
// public half at once: key material never leaves the parser.
struct ParsedFile
{
    ContainerFormat format = ContainerFormat::Unknown;
    QList<Certificate> certificates;
    QList<Sha256Digest> privateKeySpki; // SPKI SHA-256 of each private key found
    int encryptedPrivateKeys = 0;       // keys we could not open (no password)
    QStringList errors;                 // one line per problem, e.g. "PEM block 3: bad base64"

    bool hasErrors() const { return !errors.isEmpty(); }
};

// Reads certificates and keys from a file's content, recognising PEM, DER, PKCS#7
// (PEM or DER) and PKCS#12 by content, never by extension. Never throws; every
// problem becomes an entry in errors and the rest of the file is still read.
ParsedFile parseCertificateData(QByteArrayView data, const ParseOptions& options = {});

} // namespace certlife
