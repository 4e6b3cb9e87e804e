// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-nss-write: changes one NSS database (sql: format) for Certlife's import,
// delete and key export (core/stores/NssDatabase.h), through NSS itself, so that the
// database stays NSS's own: SQLite's locking, NSS's nickname and trust rules, the key
// database's encryption. Like certlife-nss-read it alone links libnss3, one database
// per process.
//
//   certlife-nss-write import|delete|export-key DIR
//
// Standard input: the database password's line (empty: none), then the operation's
// fields, each as "LEN\n" and LEN bytes:
//   import      NICKNAME TRUST DER KEY    (TRUST as certutil -t, or empty; KEY: PKCS#8 DER, or empty)
//   delete      DER WITHKEY               (WITHKEY "1": the private key goes too, unless another
//                                          certificate of the database uses it)
//   export-key  DER PASSWORD              (the key comes out as PKCS#8 encrypted with PASSWORD)
// Standard output on success: "OK\n" (import), "OK key-removed|key-kept|no-key\n" (delete),
// "OK LEN\n" and the EncryptedPrivateKeyInfo DER (export-key). On failure nothing was
// changed: exit status 2, the reason on standard error. Not for direct use.

#include <cert.h>
#include <certdb.h>
#include <keyhi.h>
#include <nss.h>
#include <pk11pub.h>
#include <secasn1.h>
#include <secerr.h>
#include <secoid.h>

#include "NssHelperCommon.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <vector>

namespace {

using nsshelper::nssError;

constexpr size_t kMaxInput = 8u << 20;
constexpr size_t kMaxNickname = 255;

std::string g_dir;
int g_dirFd = -1;
std::string g_password;

[[noreturn]] void fail(const std::string& why)
{
    std::fprintf(stderr, "%s\n", why.c_str());
    std::exit(2);
}

// A failed NSS call: the reason, or who holds the database when a program is writing
// to it (SQLite then answers "busy", which NSS reports as a bad database).
[[noreturn]] void failNss(const std::string& what)
{
    const std::string nss = nssError();
    const std::string writer = nsshelper::databaseWriter(g_dirFd);
    if (!writer.empty())
        fail("the NSS database " + g_dir + " is in use: " + writer + "; close that program (a browser: quit it) "
             + "and try again; nothing was changed");
    fail(what + ": " + nss);
}

std::string readAll()
{
    std::string in;
    char buffer[65536];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0) {
        in.append(buffer, n);
        if (in.size() > kMaxInput)
            fail("the request is over its size limit");
    }
    return in;
}

std::vector<std::string> readFields(const std::string& in, size_t pos, size_t count)
{
    std::vector<std::string> fields;
    while (fields.size() < count) {
        const size_t eol = in.find('\n', pos);
        if (eol == std::string::npos || eol - pos > 20)
            fail("the request is malformed");
        char* end = nullptr;
        const std::string number = in.substr(pos, eol - pos);
        const unsigned long long length = std::strtoull(number.c_str(), &end, 10);
        if (number.empty() || *end || length > in.size() - (eol + 1))
            fail("the request is malformed");
        fields.push_back(in.substr(eol + 1, length));
        pos = eol + 1 + length;
    }
    if (pos != in.size())
        fail("the request is malformed");
    return fields;
}

// The database directory, opened so that no one can swap it afterwards (NSS is given
// /proc/self/fd/N). A symbolic link on the way that another user owns is not followed:
// she could point it at her own database and receive the private key written there, or
// at someone else's. The directory itself must be this user's and writable by no one
// else, as a browser profile or ~/.pki/nssdb is.
int openDatabaseDirectory(const std::string& dir)
{
    if (dir.empty() || dir[0] != '/')
        fail("the database directory must be an absolute path");
    const uid_t me = ::geteuid();
    std::string prefix;
    size_t pos = 1;
    while (pos <= dir.size()) {
        size_t slash = dir.find('/', pos);
        if (slash == std::string::npos)
            slash = dir.size();
        if (slash > pos) {
            prefix += "/" + dir.substr(pos, slash - pos);
            struct stat st = {};
            if (::lstat(prefix.c_str(), &st) == 0 && S_ISLNK(st.st_mode) && st.st_uid != me && st.st_uid != 0)
                fail(prefix + " is a symbolic link owned by another user (uid " + std::to_string(st.st_uid)
                     + "): Certlife does not write to an NSS database through it; nothing was changed");
        }
        pos = slash + 1;
    }
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        fail("cannot open the NSS database " + dir + ": " + std::strerror(errno));
    struct stat st = {};
    if (::fstat(fd, &st) != 0)
        fail("cannot read " + dir + ": " + std::strerror(errno));
    if (st.st_uid != me)
        fail("the NSS database " + dir + " belongs to another user (uid " + std::to_string(st.st_uid)
             + "): Certlife writes only to its own user's databases; nothing was changed");
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        fail("the NSS database " + dir + " is writable by group or others: chmod go-w it first; nothing was changed");
    struct stat db = {};
    if (::fstatat(fd, "cert9.db", &db, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(db.st_mode))
        fail(dir + " is not an NSS database: it has no cert9.db");
    return fd;
}

char* passwordCallback(PK11SlotInfo*, PRBool retry, void*)
{
    return retry || g_password.empty() ? nullptr : PORT_Strdup(g_password.c_str());
}

// Logs in when the key database has a password; false when it has one and none (or a
// wrong one) was given: private keys are then out of reach.
bool logIn(PK11SlotInfo* slot, std::string* why)
{
    if (!PK11_NeedLogin(slot) || PK11_IsLoggedIn(slot, nullptr))
        return true;
    if (g_password.empty()) {
        *why = "the key database has a password and the store has no password file (--nss-password-file)";
        return false;
    }
    if (PK11_CheckUserPassword(slot, g_password.c_str()) != SECSuccess) {
        *why = "the store's password file does not open the key database";
        return false;
    }
    return true;
}

SECItem item(const std::string& bytes)
{
    return SECItem{siBuffer, reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data())),
                   static_cast<unsigned int>(bytes.size())};
}

// The public value NSS derives a key's id from (CKA_ID), as pk12util gives it, so the
// key pairs with its certificate.
const SECItem* publicValue(const SECKEYPublicKey* key)
{
    switch (key->keyType) {
    case rsaKey: return &key->u.rsa.modulus;
    case ecKey: return &key->u.ec.publicValue;
    case dsaKey: return &key->u.dsa.publicValue;
    default: return nullptr;
    }
}

void importCertificate(PK11SlotInfo* slot, const std::vector<std::string>& f)
{
    const std::string& nickname = f[0];
    const std::string& trustText = f[1];
    const std::string& der = f[2];
    const std::string& key = f[3];
    if (nickname.empty() || nickname.size() > kMaxNickname)
        fail("a nickname must have 1 to 255 bytes");
    for (unsigned char c : nickname)
        if (c < 0x20 || c == 0x7f)
            fail("a nickname must not hold control characters (line breaks, NUL, escapes)");
    CERTCertTrust trust = {};
    if (!trustText.empty() && CERT_DecodeTrustString(&trust, trustText.c_str()) != SECSuccess)
        fail("\"" + trustText + "\" are not trust flags as certutil -t takes them (for example C,, or P,,)");
    CERTCertDBHandle* handle = CERT_GetDefaultCertDB();
    SECItem derItem = item(der);
    if (CERTCertificate* there = PK11_FindCertFromDERCertItem(slot, &derItem, nullptr)) {
        std::string held = there->nickname ? there->nickname : "";
        held = held.substr(held.find(':') + 1); // "NSS Certificate DB:name": the token is ours

        CERT_DestroyCertificate(there);
        fail("the database already holds this certificate (as \"" + held + "\"); nothing was changed");
    }
    CERTCertificate* cert = CERT_NewTempCertificate(handle, &derItem, nullptr, PR_FALSE, PR_TRUE);
    if (!cert)
        failNss("NSS does not accept the certificate");
    // NSS keeps one subject per nickname (a renewal takes its predecessor's): another
    // subject under this name would merge two certificates in its eyes.
    if (CERTCertificate* named = CERT_FindCertByNickname(handle, nickname.c_str())) {
        const bool sameSubject = SECITEM_CompareItem(&named->derSubject, &cert->derSubject) == SECEqual;
        CERT_DestroyCertificate(named);
        if (!sameSubject)
            fail("the nickname \"" + nickname
                 + "\" belongs to a certificate of another subject in this database: choose another one; nothing was "
                   "changed");
    }
    // A key, and trust (NSS changes it as the token's owner), need the database password.
    if (!key.empty() || !trustText.empty()) {
        std::string why;
        if (!logIn(slot, &why))
            fail(why + (key.empty() ? ": trust flags cannot be set" : ": the private key cannot be stored")
                 + "; nothing was changed");
    }
    SECKEYPrivateKey* imported = nullptr;
    if (!key.empty()) {
        SECKEYPublicKey* pub = CERT_ExtractPublicKey(cert);
        const SECItem* value = pub ? publicValue(pub) : nullptr;
        if (!value)
            fail("NSS cannot pair a key of this type with its certificate; nothing was changed");
        SECItem keyItem = item(key);
        SECItem nickItem = item(nickname);
        SECItem valueCopy = *value;
        const SECStatus rv = PK11_ImportDERPrivateKeyInfoAndReturnKey(slot, &keyItem, &nickItem, &valueCopy, PR_TRUE,
                                                                      PR_TRUE, KU_ALL, &imported, nullptr);
        SECKEY_DestroyPublicKey(pub);
        if (rv != SECSuccess)
            failNss("NSS did not store the private key");
    }
    const auto undoKey = [&] {
        if (imported)
            PK11_DeleteTokenPrivateKey(imported, PR_TRUE);
        imported = nullptr;
    };
    if (PK11_ImportCert(slot, cert, CK_INVALID_HANDLE, nickname.c_str(), PR_FALSE) != SECSuccess) {
        undoKey();
        failNss("NSS did not store the certificate");
    }
    if (!trustText.empty()) {
        CERTCertificate* stored = PK11_FindCertFromDERCertItem(slot, &derItem, nullptr);
        if (!stored || CERT_ChangeCertTrust(handle, stored, &trust) != SECSuccess) {
            const std::string nss = nssError();
            if (stored) {
                SEC_DeletePermCertificate(stored);
                CERT_DestroyCertificate(stored);
            }
            undoKey();
            fail("NSS did not store the trust flags: " + nss + "; nothing was changed");
        }
        CERT_DestroyCertificate(stored);
    }
    if (imported)
        SECKEY_DestroyPrivateKey(imported);
    CERT_DestroyCertificate(cert);
    std::fputs("OK\n", stdout);
}

void deleteCertificate(PK11SlotInfo* slot, const std::vector<std::string>& f)
{
    SECItem derItem = item(f[0]);
    const bool withKey = f[1] == "1";
    CERTCertificate* cert = PK11_FindCertFromDERCertItem(slot, &derItem, nullptr);
    if (!cert)
        fail("the database no longer holds this certificate (it changed since the store was read): nothing was "
             "removed; look again");
    SECKEYPrivateKey* key = nullptr;
    if (withKey) {
        std::string why;
        if (!logIn(slot, &why))
            fail(why + ": its private key cannot be removed; nothing was changed");
        key = PK11_FindKeyByAnyCert(cert, nullptr);
    }
    if (SEC_DeletePermCertificate(cert) != SECSuccess)
        failNss("NSS did not remove the certificate");
    CERT_DestroyCertificate(cert);
    const char* keyOutcome = "no-key";
    if (key) {
        // Not forced: a key another certificate still names (a renewal on the same key)
        // stays, as a key file other certificates use stays in a directory store.
        keyOutcome = PK11_DeleteTokenPrivateKey(key, PR_FALSE) == SECSuccess ? "key-removed" : "key-kept";
    }
    std::fprintf(stdout, "OK %s\n", keyOutcome);
}

void exportKey(PK11SlotInfo* slot, const std::vector<std::string>& f)
{
    SECItem derItem = item(f[0]);
    CERTCertificate* cert = PK11_FindCertFromDERCertItem(slot, &derItem, nullptr);
    if (!cert)
        fail("the database no longer holds this certificate (it changed since the store was read)");
    std::string why;
    if (!logIn(slot, &why))
        fail(why + ": its private key cannot be read");
    SECKEYPrivateKey* key = PK11_FindKeyByAnyCert(cert, nullptr);
    if (!key)
        fail("the database holds no private key for this certificate");
    SECItem password = item(f[1]);
    SECKEYEncryptedPrivateKeyInfo* encrypted = PK11_ExportEncryptedPrivKeyInfoV2(
        slot, SEC_OID_AES_256_CBC, SEC_OID_AES_256_CBC, SEC_OID_HMAC_SHA256, &password, key, 10000, nullptr);
    if (!encrypted)
        failNss("NSS did not give out the private key (it may be marked not extractable)");
    SECItem* out = SEC_ASN1EncodeItem(nullptr, nullptr, encrypted, SECKEY_EncryptedPrivateKeyInfoTemplate);
    if (!out)
        failNss("cannot encode the private key");
    std::fprintf(stdout, "OK %u\n", out->len);
    std::fwrite(out->data, 1, out->len, stdout);
    SECITEM_ZfreeItem(out, PR_TRUE);
    SECKEY_DestroyEncryptedPrivateKeyInfo(encrypted, PR_TRUE);
    SECKEY_DestroyPrivateKey(key);
    CERT_DestroyCertificate(cert);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 3 || ::isatty(STDIN_FILENO)) {
        std::fputs("certlife-nss-write changes an NSS database for certlifectl and the console: use\n"
                   "certlifectl import, delete or export on an NSS store instead\n",
                   stderr);
        return 2;
    }
    const std::string op = argv[1];
    const size_t fieldCount = op == "import" ? 4 : op == "delete" || op == "export-key" ? 2 : 0;
    if (fieldCount == 0)
        fail("unknown operation " + op);
    g_dir = argv[2];
    std::string in = readAll();
    const size_t eol = in.find('\n');
    if (eol == std::string::npos)
        fail("the request is malformed");
    g_password = in.substr(0, eol);
    const std::vector<std::string> fields = readFields(in, eol + 1, fieldCount);
    std::fill(in.begin(), in.end(), '\0');

    g_dirFd = openDatabaseDirectory(g_dir);
    // A program in the middle of a change (a browser saving a certificate): say so now,
    // rather than after SQLite's retries.
    if (const std::string writer = nsshelper::databaseWriter(g_dirFd); !writer.empty())
        fail("the NSS database " + g_dir + " is in use: " + writer
             + "; close that program (a browser: quit it) and try again; nothing was changed");
    ::setenv("NSS_SDB_USE_CACHE", "no", 1);
    const std::string config = "sql:/proc/self/fd/" + std::to_string(g_dirFd);
    const PRUint32 flags = NSS_INIT_NOROOTINIT | NSS_INIT_NOMODDB | NSS_INIT_OPTIMIZESPACE;
    NSSInitContext* context = NSS_InitContext(config.c_str(), "", "", "", nullptr, flags);
    if (!context)
        failNss("cannot open the NSS database " + g_dir);
    PK11_SetPasswordFunc(passwordCallback);
    PK11SlotInfo* slot = PK11_GetInternalKeySlot();
    if (op == "import")
        importCertificate(slot, fields);
    else if (op == "delete")
        deleteCertificate(slot, fields);
    else
        exportKey(slot, fields);
    std::fill(g_password.begin(), g_password.end(), '\0');
    PK11_FreeSlot(slot);
    std::fflush(stdout);
    NSS_ShutdownContext(context); // the change is committed already (SQLite, one transaction per object)
    return std::ferror(stdout) ? 3 : 0;
}
