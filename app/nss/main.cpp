// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-nss-read: lists the certificates of one NSS database (sql: format,
// cert9.db/key4.db) for the scanner (stores/NssStore.h), so that only it links libnss3:
// NSS is initialised once per process and for one database, which neither the agent
// nor the console could promise. The database is opened read-only, without the root
// certificates module and without the module database, so nothing in it is written.
//
//   certlife-nss-read DIR      (the database password, if any, on standard input)
//
// Standard output, every length in bytes (stores/NssStore.cpp reads it):
//   CERTLIFE-NSS 1\n
//   C NICKLEN TRUSTLEN DERLEN HASKEY\n NICK TRUST DER     one per certificate
//   K nopassword\n | K wrongpassword\n                     private keys were not looked for
//   P LEN\n TEXT                                          a problem that is not fatal
//   END COUNT\n                                           COUNT certificates were written
// A database that cannot be opened: exit status 2, the reason on standard error.
// Not for direct use.

#include <cert.h>
#include <certdb.h>
#include <keyhi.h>
#include <nss.h>
#include <pkcs11n.h>
#include <pk11pub.h>
#include <prerror.h>
#include <secerr.h>
#include <sechash.h>

#include "NssHelperCommon.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>

namespace {

using nsshelper::nssError;

constexpr size_t kMaxPassword = 4096;

void writeRecord(const char* header, const std::string& body)
{
    std::fputs(header, stdout);
    std::fwrite(body.data(), 1, body.size(), stdout);
}

void problem(const std::string& text)
{
    char header[64];
    std::snprintf(header, sizeof header, "P %zu\n", text.size());
    writeRecord(header, text);
}

// The first line of standard input: the database password, or empty.
std::string readPassword()
{
    if (::isatty(STDIN_FILENO))
        return {};
    std::string password;
    char buffer[512];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, stdin)) > 0 && password.size() <= kMaxPassword)
        password.append(buffer, n);
    const size_t end = password.find_first_of("\r\n");
    if (end != std::string::npos)
        password.resize(end);
    return password;
}

// As certutil -L shows them ("CT,C,C", "u,u,u"): SSL, e-mail and object signing.
// NSS keeps its own encoder (CERT_EncodeTrustString) private; this is the same.
std::string trustFlags(unsigned int flags)
{
    std::string out;
    if ((flags & CERTDB_VALID_CA) && !(flags & CERTDB_TRUSTED_CA) && !(flags & CERTDB_TRUSTED_CLIENT_CA))
        out += 'c';
    if ((flags & CERTDB_TERMINAL_RECORD) && !(flags & CERTDB_TRUSTED))
        out += 'p';
    if (flags & CERTDB_TRUSTED_CA)
        out += 'C';
    if (flags & CERTDB_TRUSTED_CLIENT_CA)
        out += 'T';
    if (flags & CERTDB_TRUSTED)
        out += 'P';
    if (flags & CERTDB_USER)
        out += 'u';
    if (flags & CERTDB_SEND_WARN)
        out += 'w';
    if (flags & CERTDB_INVISIBLE_CA)
        out += 'I';
    if (flags & CERTDB_GOVT_APPROVED_CA)
        out += 'G';
    return out;
}

// PKCS#11 trust as NSS's own certificate code turns it into certutil's flags.
unsigned int nss3Trust(CK_TRUST level)
{
    switch (level) {
    case CKT_NSS_TRUSTED: return CERTDB_TERMINAL_RECORD | CERTDB_TRUSTED;
    case CKT_NSS_TRUSTED_DELEGATOR: return CERTDB_VALID_CA | CERTDB_TRUSTED_CA;
    case CKT_NSS_NOT_TRUSTED: return CERTDB_TERMINAL_RECORD;
    case CKT_NSS_VALID_DELEGATOR: return CERTDB_VALID_CA;
    default: return 0;
    }
}

std::string text(const SECItem& item)
{
    return std::string(reinterpret_cast<const char*>(item.data), item.len);
}

std::string text(const CK_ATTRIBUTE& attribute)
{
    return attribute.pValue ? std::string(static_cast<const char*>(attribute.pValue), attribute.ulValueLen)
                            : std::string();
}

// A search that fails (a damaged database) ends the helper: listing what was found
// before would present the rest as deleted.
template <typename Fn> void forEachObject(PK11SlotInfo* slot, CK_OBJECT_CLASS type, const char* what, Fn fn)
{
    PORT_SetError(0);
    PK11GenericObject* objects = PK11_FindGenericObjects(slot, type);
    if (!objects && PORT_GetError() != 0) {
        std::fprintf(stderr, "cannot list the %s of the NSS database: %s\n", what, nssError().c_str());
        std::exit(2);
    }
    for (PK11GenericObject* o = objects; o; o = PK11_GetNextGenericObject(o))
        fn(o);
    if (objects)
        PK11_DestroyGenericObjects(objects);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2 || ::isatty(STDOUT_FILENO)) {
        std::fputs("certlife-nss-read lists an NSS database for certlifectl and the console; add the\n"
                   "database as a store instead: certlifectl store add --id ID --nss DIR\n",
                   stderr);
        return 2;
    }
    const std::string dir = argv[1];
    std::string password = readPassword();
    struct stat st = {};
    if (::stat((dir + "/cert9.db").c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
        std::fprintf(stderr, "%s is not an NSS database: it has no cert9.db\n", dir.c_str());
        return 2;
    }
    // Measuring the file system's speed (to decide on a cache copy) costs time and is
    // pointless for one read.
    ::setenv("NSS_SDB_USE_CACHE", "no", 1);
    const std::string config = "sql:" + dir;
    const PRUint32 flags =
        NSS_INIT_READONLY | NSS_INIT_NOROOTINIT | NSS_INIT_NOMODDB | NSS_INIT_OPTIMIZESPACE | NSS_INIT_NOPK11FINALIZE;
    NSSInitContext* context = NSS_InitContext(config.c_str(), "", "", "", nullptr, flags);
    if (!context) {
        std::fprintf(stderr, "cannot open the NSS database %s: %s\n", dir.c_str(), nssError().c_str());
        return 2;
    }
    static char out[1 << 16];
    std::setvbuf(stdout, out, _IOFBF, sizeof out);
    std::fputs("CERTLIFE-NSS 1\n", stdout);

    PK11SlotInfo* slot = PK11_GetInternalKeySlot();
    // Private keys are private objects: with a database password they are seen only
    // after logging in. A database with an empty password is logged in already.
    bool keysVisible = true;
    if (PK11_NeedLogin(slot) && !PK11_IsLoggedIn(slot, nullptr)) {
        if (password.empty()) {
            keysVisible = false;
            std::fputs("K nopassword\n", stdout);
        } else if (PK11_CheckUserPassword(slot, password.c_str()) != SECSuccess) {
            keysVisible = false;
            std::fputs("K wrongpassword\n", stdout);
        }
    }
    std::fill(password.begin(), password.end(), '\0');

    // The objects themselves, read with one attribute query each: NSS's certificate
    // functions (PK11_ListCertsInSlot, certutil -L) look every certificate's nickname
    // and trust up again by search, minutes for 10,000 certificates.
    std::unordered_set<std::string> keyIds;
    if (keysVisible)
        forEachObject(slot, CKO_PRIVATE_KEY, "private keys", [&](PK11GenericObject* key) {
            SECItem id = {};
            if (PK11_ReadRawAttribute(PK11_TypeGeneric, key, CKA_ID, &id) == SECSuccess) {
                keyIds.insert(text(id));
                SECITEM_FreeItem(&id, PR_FALSE);
            }
        });
    // Trust objects name their certificate by the SHA-1 of its DER (NSS writes it with
    // every trust object): matched without reading the certificates' issuer and serial.
    std::unordered_map<std::string, CERTCertTrust> trustOf;
    forEachObject(slot, CKO_NSS_TRUST, "trust objects", [&](PK11GenericObject* object) {
        CK_TRUST server = 0, client = 0, email = 0, signing = 0;
        CK_BBOOL stepUp = CK_FALSE;
        CK_ATTRIBUTE hash = {CKA_CERT_SHA1_HASH, nullptr, 0};
        CK_ATTRIBUTE levels[] = {
            {CKA_TRUST_SERVER_AUTH, &server, sizeof server},      {CKA_TRUST_CLIENT_AUTH, &client, sizeof client},
            {CKA_TRUST_EMAIL_PROTECTION, &email, sizeof email},   {CKA_TRUST_CODE_SIGNING, &signing, sizeof signing},
            {CKA_TRUST_STEP_UP_APPROVED, &stepUp, sizeof stepUp},
        };
        PLArenaPool* arena = PORT_NewArena(1024);
        if (PK11_ReadRawAttributes(arena, PK11_TypeGeneric, object, &hash, 1) == SECSuccess
            && hash.ulValueLen == SHA1_LENGTH) {
            // Levels the object lacks keep their zero: no trust.
            if (PK11_ReadRawAttributes(arena, PK11_TypeGeneric, object, levels, 5) != SECSuccess)
                for (CK_ATTRIBUTE& level : levels)
                    PK11_ReadRawAttributes(arena, PK11_TypeGeneric, object, &level, 1);
            CERTCertTrust trust = {};
            unsigned int clientFlags = nss3Trust(client);
            if (clientFlags & (CERTDB_TRUSTED_CA | CERTDB_NS_TRUSTED_CA)) {
                clientFlags &= ~(CERTDB_TRUSTED_CA | CERTDB_NS_TRUSTED_CA);
                trust.sslFlags |= CERTDB_TRUSTED_CLIENT_CA;
            }
            trust.sslFlags |= nss3Trust(server) | clientFlags;
            if (stepUp == CK_TRUE)
                trust.sslFlags |= CERTDB_GOVT_APPROVED_CA;
            trust.emailFlags = nss3Trust(email);
            trust.objectSigningFlags = nss3Trust(signing);
            trustOf[text(hash)] = trust;
        }
        PORT_FreeArena(arena, PR_FALSE);
    });

    // Each attribute is a query of its own in NSS's SQLite database: read only those
    // needed (the id only when there are private keys to match).
    size_t count = 0;
    const int wanted = keyIds.empty() ? 2 : 3;
    forEachObject(slot, CKO_CERTIFICATE, "certificates", [&](PK11GenericObject* object) {
        CK_ATTRIBUTE attributes[] = {{CKA_VALUE, nullptr, 0}, {CKA_LABEL, nullptr, 0}, {CKA_ID, nullptr, 0}};
        PLArenaPool* arena = PORT_NewArena(4096);
        // All at once when it has them all (the usual case); a certificate without a
        // nickname or an id leaves them empty.
        if (PK11_ReadRawAttributes(arena, PK11_TypeGeneric, object, attributes, wanted) != SECSuccess) {
            for (CK_ATTRIBUTE& attribute : attributes)
                attribute = {attribute.type, nullptr, 0};
            if (PK11_ReadRawAttributes(arena, PK11_TypeGeneric, object, attributes, 1) != SECSuccess) {
                problem("a certificate object cannot be read: " + nssError());
                PORT_FreeArena(arena, PR_FALSE);
                return;
            }
            for (int i = 1; i < wanted; ++i)
                PK11_ReadRawAttributes(arena, PK11_TypeGeneric, object, attributes + i, 1);
        }
        const std::string der = text(attributes[0]);
        const std::string nickname = text(attributes[1]);
        const bool hasKey = attributes[2].ulValueLen > 0 && keyIds.count(text(attributes[2]));
        CERTCertTrust trust = {};
        if (!trustOf.empty()) {
            unsigned char sha1[SHA1_LENGTH];
            HASH_HashBuf(HASH_AlgSHA1, sha1,
                         attributes[0].pValue ? static_cast<unsigned char*>(attributes[0].pValue) : sha1,
                         attributes[0].ulValueLen);
            const auto found = trustOf.find(std::string(reinterpret_cast<const char*>(sha1), SHA1_LENGTH));
            if (found != trustOf.end())
                trust = found->second;
        }
        if (hasKey) { // NSS marks a certificate with its private key as the user's
            trust.sslFlags |= CERTDB_USER;
            trust.emailFlags |= CERTDB_USER;
            trust.objectSigningFlags |= CERTDB_USER;
        }
        const std::string trustText = trustFlags(trust.sslFlags) + ',' + trustFlags(trust.emailFlags) + ','
            + trustFlags(trust.objectSigningFlags);
        char header[128];
        std::snprintf(header, sizeof header, "C %zu %zu %zu %d\n", nickname.size(), trustText.size(), der.size(),
                      hasKey ? 1 : 0);
        writeRecord(header, nickname + trustText + der);
        ++count;
        PORT_FreeArena(arena, PR_FALSE);
    });
    PK11_FreeSlot(slot);
    std::fprintf(stdout, "END %zu\n", count);
    std::fflush(stdout);
    NSS_ShutdownContext(context);
    return std::ferror(stdout) ? 3 : 0;
}
