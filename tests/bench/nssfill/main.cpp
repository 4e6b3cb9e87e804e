// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-bench-nss-fill: makes the NSS database `certlife-bench nss` lists. certutil -A
// and pk12util look every nickname up before adding a certificate (ten minutes for
// 10,000); this writes the PKCS#11 objects directly, as NSS's own code would store them.
//
//   certlife-bench-nss-fill DIR DERFILE   DERFILE: the certificates, each "LEN\n" + DER
//
// DIR must be empty; the database gets an empty password. Every tenth certificate gets
// a trust object (trusted as a CA for TLS servers, "C,,"). Not installed.

#include <cert.h>
#include <certdb.h>
#include <nss.h>
#include <pk11pub.h>
#include <pkcs11n.h>
#include <prerror.h>
#include <sechash.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {

int fail(const char* what)
{
    std::fprintf(stderr, "certlife-bench-nss-fill: %s: %s\n", what, PR_ErrorToName(PR_GetError()));
    return 1;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::fputs("usage: certlife-bench-nss-fill DIR DERFILE\n", stderr);
        return 2;
    }
    std::ifstream in(argv[2], std::ios::binary);
    const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string config = std::string("sql:") + argv[1];
    if (NSS_Initialize(config.c_str(), "", "", "", NSS_INIT_NOROOTINIT | NSS_INIT_NOMODDB) != SECSuccess)
        return fail("NSS_Initialize");
    PK11SlotInfo* slot = PK11_GetInternalKeySlot();
    if (PK11_NeedUserInit(slot) && PK11_InitPin(slot, "", "") != SECSuccess)
        return fail("PK11_InitPin");

    CK_OBJECT_CLASS certClass = CKO_CERTIFICATE, trustClass = CKO_NSS_TRUST;
    CK_CERTIFICATE_TYPE x509 = CKC_X_509;
    CK_BBOOL yes = CK_TRUE, no = CK_FALSE;
    CK_TRUST delegator = CKT_NSS_TRUSTED_DELEGATOR, unknown = CKT_NSS_MUST_VERIFY_TRUST;
    size_t pos = 0;
    int count = 0;
    while (pos < all.size()) {
        const size_t eol = all.find('\n', pos);
        if (eol == std::string::npos)
            break;
        const size_t len = std::stoul(all.substr(pos, eol - pos));
        SECItem der = {siBuffer, reinterpret_cast<unsigned char*>(const_cast<char*>(all.data() + eol + 1)),
                       static_cast<unsigned int>(len)};
        pos = eol + 1 + len;
        CERTCertificate* cert = CERT_NewTempCertificate(CERT_GetDefaultCertDB(), &der, nullptr, PR_FALSE, PR_TRUE);
        if (!cert)
            return fail("CERT_NewTempCertificate");
        unsigned char id[SHA1_LENGTH];
        HASH_HashBuf(HASH_AlgSHA1, id, cert->derPublicKey.data, cert->derPublicKey.len);
        const std::string nickname = "bench " + std::to_string(count);
        CK_ATTRIBUTE certTemplate[] = {
            {CKA_CLASS, &certClass, sizeof certClass},
            {CKA_TOKEN, &yes, sizeof yes},
            {CKA_CERTIFICATE_TYPE, &x509, sizeof x509},
            {CKA_LABEL, const_cast<char*>(nickname.data()), nickname.size()},
            {CKA_VALUE, der.data, der.len},
            {CKA_SUBJECT, cert->derSubject.data, cert->derSubject.len},
            {CKA_ISSUER, cert->derIssuer.data, cert->derIssuer.len},
            {CKA_SERIAL_NUMBER, cert->serialNumber.data, cert->serialNumber.len},
            {CKA_ID, id, sizeof id},
        };
        PK11GenericObject* object = PK11_CreateGenericObject(slot, certTemplate, 9, PR_TRUE);
        if (!object)
            return fail("creating a certificate object");
        PK11_DestroyGenericObject(object);
        if (count % 10 == 0) {
            unsigned char sha1[SHA1_LENGTH], md5[MD5_LENGTH];
            HASH_HashBuf(HASH_AlgSHA1, sha1, der.data, der.len);
            HASH_HashBuf(HASH_AlgMD5, md5, der.data, der.len);
            CK_ATTRIBUTE trustTemplate[] = {
                {CKA_CLASS, &trustClass, sizeof trustClass},
                {CKA_TOKEN, &yes, sizeof yes},
                {CKA_ISSUER, cert->derIssuer.data, cert->derIssuer.len},
                {CKA_SERIAL_NUMBER, cert->serialNumber.data, cert->serialNumber.len},
                {CKA_CERT_SHA1_HASH, sha1, sizeof sha1},
                {CKA_CERT_MD5_HASH, md5, sizeof md5},
                {CKA_TRUST_SERVER_AUTH, &delegator, sizeof delegator},
                {CKA_TRUST_CLIENT_AUTH, &unknown, sizeof unknown},
                {CKA_TRUST_EMAIL_PROTECTION, &unknown, sizeof unknown},
                {CKA_TRUST_CODE_SIGNING, &unknown, sizeof unknown},
                {CKA_TRUST_STEP_UP_APPROVED, &no, sizeof no},
            };
            object = PK11_CreateGenericObject(slot, trustTemplate, 11, PR_TRUE);
            if (!object)
                return fail("creating a trust object");
            PK11_DestroyGenericObject(object);
        }
        CERT_DestroyCertificate(cert);
        ++count;
    }
    PK11_FreeSlot(slot);
    if (NSS_Shutdown() != SECSuccess)
        return fail("NSS_Shutdown");
    std::printf("%d\n", count);
    return 0;
}
