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
#include <pkcs11.h>
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
#include <vector>

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

// The database's objects read through NSS's softoken with PKCS#11 calls of our own
// session: one attribute query per object into buffers sized beforehand (NSS's
// PK11_ReadRawAttributes asks for the lengths first, a second SQLite statement, with its
// file locking, per object: half of the helper's time for 10,000 certificates).
class ObjectReader
{
public:
    explicit ObjectReader(PK11SlotInfo* slot)
        : m_functions(static_cast<CK_FUNCTION_LIST_PTR>(PK11_GetModule(slot)->functionList))
    {
        if (!m_functions
            || m_functions->C_OpenSession(PK11_GetSlotID(slot), CKF_SERIAL_SESSION, nullptr, nullptr, &m_session)
                != CKR_OK) {
            std::fprintf(stderr, "cannot open a session on the NSS database\n");
            std::exit(2);
        }
    }
    ~ObjectReader() { m_functions->C_CloseSession(m_session); }
    ObjectReader(const ObjectReader&) = delete;
    ObjectReader& operator=(const ObjectReader&) = delete;

    // Every object of the class. A search that fails (a damaged database) ends the
    // helper: listing what was found before would present the rest as deleted.
    std::vector<CK_OBJECT_HANDLE> find(CK_OBJECT_CLASS type, const char* what)
    {
        CK_BBOOL token = CK_TRUE;
        CK_ATTRIBUTE query[] = {{CKA_CLASS, &type, sizeof type}, {CKA_TOKEN, &token, sizeof token}};
        std::vector<CK_OBJECT_HANDLE> handles;
        CK_RV rv = m_functions->C_FindObjectsInit(m_session, query, 2);
        while (rv == CKR_OK) {
            CK_OBJECT_HANDLE batch[1024];
            CK_ULONG found = 0;
            rv = m_functions->C_FindObjects(m_session, batch, 1024, &found);
            if (rv != CKR_OK || found == 0)
                break;
            handles.insert(handles.end(), batch, batch + found);
        }
        m_functions->C_FindObjectsFinal(m_session);
        if (rv != CKR_OK) {
            std::fprintf(stderr, "cannot list the %s of the NSS database: PKCS#11 error 0x%lx\n", what,
                         static_cast<unsigned long>(rv));
            std::exit(2);
        }
        return handles;
    }

    // The attributes' values (an attribute the object lacks stays empty); false when
    // the object cannot be read at all.
    bool read(CK_OBJECT_HANDLE object, const CK_ATTRIBUTE_TYPE* types, size_t count, std::string* values)
    {
        std::vector<CK_ATTRIBUTE> attributes(count);
        size_t offset = 0;
        for (size_t i = 0; i < count; ++i) {
            const size_t room = i == 0 ? kFirstRoom : kOtherRoom;
            if (m_buffer.size() < offset + room)
                m_buffer.resize(offset + room);
            attributes[i] = {types[i], nullptr, room};
            offset += room;
        }
        offset = 0;
        for (size_t i = 0; i < count; ++i) {
            attributes[i].pValue = m_buffer.data() + offset;
            offset += attributes[i].ulValueLen;
        }
        CK_RV rv = m_functions->C_GetAttributeValue(m_session, object, attributes.data(), count);
        if (rv == CKR_BUFFER_TOO_SMALL) { // a value over the room: the lengths, then the values
            for (CK_ATTRIBUTE& a : attributes)
                a.pValue = nullptr;
            rv = m_functions->C_GetAttributeValue(m_session, object, attributes.data(), count);
            if (rv != CKR_OK && rv != CKR_ATTRIBUTE_TYPE_INVALID)
                return false;
            size_t total = 0;
            for (const CK_ATTRIBUTE& a : attributes)
                total += a.ulValueLen == CK_UNAVAILABLE_INFORMATION ? 0 : a.ulValueLen;
            m_buffer.resize(std::max(m_buffer.size(), total));
            offset = 0;
            for (CK_ATTRIBUTE& a : attributes) {
                if (a.ulValueLen == CK_UNAVAILABLE_INFORMATION)
                    a.ulValueLen = 0;
                a.pValue = m_buffer.data() + offset;
                offset += a.ulValueLen;
            }
            rv = m_functions->C_GetAttributeValue(m_session, object, attributes.data(), count);
        }
        if (rv != CKR_OK && rv != CKR_ATTRIBUTE_TYPE_INVALID)
            return false;
        for (size_t i = 0; i < count; ++i) {
            const CK_ATTRIBUTE& a = attributes[i];
            values[i] = a.ulValueLen == CK_UNAVAILABLE_INFORMATION
                ? std::string()
                : std::string(static_cast<const char*>(a.pValue), a.ulValueLen);
        }
        return true;
    }

private:
    static constexpr size_t kFirstRoom = 16384; // a certificate's DER, usually
    static constexpr size_t kOtherRoom = 1024;  // a nickname, an id, a hash, a trust level
    CK_FUNCTION_LIST_PTR m_functions = nullptr;
    CK_SESSION_HANDLE m_session = CK_INVALID_HANDLE;
    std::vector<char> m_buffer;
};

CK_ULONG ulongValue(const std::string& bytes)
{
    CK_ULONG value = 0;
    if (bytes.size() == sizeof value)
        std::memcpy(&value, bytes.data(), sizeof value);
    return value;
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
    size_t count = 0;
    {
        ObjectReader reader(slot);
        std::unordered_set<std::string> keyIds;
        if (keysVisible) {
            const CK_ATTRIBUTE_TYPE idOnly[] = {CKA_ID};
            for (CK_OBJECT_HANDLE key : reader.find(CKO_PRIVATE_KEY, "private keys")) {
                std::string id;
                if (reader.read(key, idOnly, 1, &id) && !id.empty())
                    keyIds.insert(id);
            }
        }
        // Trust objects name their certificate by the SHA-1 of its DER (NSS writes it
        // with every trust object): matched without reading the certificates' issuer
        // and serial. Levels an object lacks stay empty: no trust.
        std::unordered_map<std::string, CERTCertTrust> trustOf;
        const CK_ATTRIBUTE_TYPE trustTypes[] = {CKA_CERT_SHA1_HASH,     CKA_TRUST_SERVER_AUTH,
                                                CKA_TRUST_CLIENT_AUTH,  CKA_TRUST_EMAIL_PROTECTION,
                                                CKA_TRUST_CODE_SIGNING, CKA_TRUST_STEP_UP_APPROVED};
        for (CK_OBJECT_HANDLE object : reader.find(CKO_NSS_TRUST, "trust objects")) {
            std::string v[6];
            if (!reader.read(object, trustTypes, 6, v) || v[0].size() != SHA1_LENGTH)
                continue;
            CERTCertTrust trust = {};
            unsigned int clientFlags = nss3Trust(ulongValue(v[2]));
            if (clientFlags & (CERTDB_TRUSTED_CA | CERTDB_NS_TRUSTED_CA)) {
                clientFlags &= ~(CERTDB_TRUSTED_CA | CERTDB_NS_TRUSTED_CA);
                trust.sslFlags |= CERTDB_TRUSTED_CLIENT_CA;
            }
            trust.sslFlags |= nss3Trust(ulongValue(v[1])) | clientFlags;
            if (v[5].size() == 1 && static_cast<CK_BBOOL>(v[5][0]) == CK_TRUE)
                trust.sslFlags |= CERTDB_GOVT_APPROVED_CA;
            trust.emailFlags = nss3Trust(ulongValue(v[3]));
            trust.objectSigningFlags = nss3Trust(ulongValue(v[4]));
            trustOf[v[0]] = trust;
        }

        // The id only when there are private keys to match: each attribute costs.
        const CK_ATTRIBUTE_TYPE certTypes[] = {CKA_VALUE, CKA_LABEL, CKA_ID};
        const size_t wanted = keyIds.empty() ? 2 : 3;
        std::string v[3];
        for (CK_OBJECT_HANDLE object : reader.find(CKO_CERTIFICATE, "certificates")) {
            if (!reader.read(object, certTypes, wanted, v)) {
                problem("a certificate object cannot be read: " + nssError());
                continue;
            }
            const std::string& der = v[0];
            const std::string& nickname = v[1];
            const bool hasKey = wanted == 3 && !v[2].empty() && keyIds.count(v[2]);
            CERTCertTrust trust = {};
            if (!trustOf.empty()) {
                unsigned char sha1[SHA1_LENGTH];
                HASH_HashBuf(HASH_AlgSHA1, sha1, reinterpret_cast<const unsigned char*>(der.data()),
                             static_cast<PRUint32>(der.size()));
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
            std::fputs(header, stdout);
            std::fwrite(nickname.data(), 1, nickname.size(), stdout);
            std::fwrite(trustText.data(), 1, trustText.size(), stdout);
            std::fwrite(der.data(), 1, der.size(), stdout);
            ++count;
        }
    }
    PK11_FreeSlot(slot);
    std::fprintf(stdout, "END %zu\n", count);
    std::fflush(stdout);
    NSS_ShutdownContext(context);
    return std::ferror(stdout) ? 3 : 0;
}
