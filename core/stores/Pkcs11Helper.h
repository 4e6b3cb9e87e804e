// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "stores/Pkcs11Uri.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <atomic>

namespace certlife {

// PKCS#11 modules are vendor code loaded into the process that uses them: one that
// crashes or hangs would take the agent or the console with it. Certlife loads them
// only in a helper program, certlife-pkcs11-list (app/pkcs11/main.cpp), run once per
// scan of a pkcs11 store with a time limit; it prints the certificate objects it finds
// on its standard output, and a crash or a hang is the store's error.
//
// The helper's output is a sequence of frames, each `TAG LENGTH\n` then LENGTH bytes
// then `\n`:
//   module NAME      about to load or call this module (names the culprit of a crash)
//   token LABEL      a token that matched; the objects after it are on it
//   cert ""          a certificate object (CKO_CERTIFICATE, CKC_X_509) begins; then:
//     label BYTES    its CKA_LABEL          id BYTES   its CKA_ID
//     value DER      its CKA_VALUE          key yes|no|unknown: a CKO_PRIVATE_KEY with the same CKA_ID
//   warning TEXT     a token could be read only in part (login failed, …)
//   error TEXT       a module could not be used: the listing is not complete
//   done ""          the last frame: without it the helper died before it finished

struct Pkcs11Object
{
    enum class PrivateKey : quint8 { No, Yes, Unknown };
    QByteArray token; // the token's label (trailing blanks removed)
    QByteArray label; // CKA_LABEL
    QByteArray id;    // CKA_ID
    QByteArray der;   // CKA_VALUE
    PrivateKey privateKey = PrivateKey::Unknown;
};

struct Pkcs11Listing
{
    QList<Pkcs11Object> objects;
    QStringList tokens;   // the tokens that matched, in order
    QStringList warnings; // parts of a token that could not be read
    QString error;        // the listing failed as a whole (crash, hang, module error): empty when complete
};

// Where the helper is: like pdfHelperPath() (core/reports/PdfHelper.h), the build
// tree's libexec/certlife/certlife-pkcs11-list for programs of the build tree, else
// libexec/certlife/ beside bin/ of the installed programs.
QString pkcs11HelperPath();

// The time a helper run may take, in seconds: CERTLIFE_PKCS11_TIMEOUT when set to a
// positive number, else 30.
int pkcs11HelperTimeoutSeconds();

// Runs the helper for `target` and waits (on the calling thread; a worker's) at most
// `timeoutSeconds`, or until `cancelled` is set. The PIN, when given, goes to the
// helper's standard input, never its command line or environment.
Pkcs11Listing runPkcs11Helper(const Pkcs11Target& target, const QByteArray* pin, int timeoutSeconds,
                              const std::atomic_bool& cancelled, const QString& helper = pkcs11HelperPath());

// The frames of the helper's output (above); a listing without `done` has an error.
Pkcs11Listing parsePkcs11HelperOutput(const QByteArray& output);

} // namespace certlife
