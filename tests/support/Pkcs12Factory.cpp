// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "Pkcs12Factory.h"

#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <stdexcept>

namespace certlife::test {

namespace {

void check(bool ok, const char* what)
{
    if (!ok)
        throw std::runtime_error(std::string("Pkcs12Factory: ") + what);
}

template <typename T> T* unpack(const ASN1_ITEM* item, const ASN1_TYPE* parameter)
{
    T* out = static_cast<T*>(ASN1_TYPE_unpack_sequence(item, parameter));
    check(out, "unreadable encryption parameters");
    return out;
}

// Sets the iteration count of password-based encryption `alg`: PBES2 with PBKDF2, or a
// PKCS#12 / PKCS#5 v1 PBE.
void setIterations(X509_ALGOR* alg, qint64 iterations)
{
    if (OBJ_obj2nid(alg->algorithm) == NID_pbes2) {
        PBE2PARAM* pbes2 = unpack<PBE2PARAM>(ASN1_ITEM_rptr(PBE2PARAM), alg->parameter);
        PBKDF2PARAM* kdf = unpack<PBKDF2PARAM>(ASN1_ITEM_rptr(PBKDF2PARAM), pbes2->keyfunc->parameter);
        check(ASN1_INTEGER_set_int64(kdf->iter, iterations) == 1, "set the PBKDF2 iterations");
        check(ASN1_TYPE_pack_sequence(ASN1_ITEM_rptr(PBKDF2PARAM), kdf, &pbes2->keyfunc->parameter), "pack PBKDF2");
        check(ASN1_TYPE_pack_sequence(ASN1_ITEM_rptr(PBE2PARAM), pbes2, &alg->parameter), "pack PBES2");
        PBKDF2PARAM_free(kdf);
        PBE2PARAM_free(pbes2);
        return;
    }
    PBEPARAM* pbe = unpack<PBEPARAM>(ASN1_ITEM_rptr(PBEPARAM), alg->parameter);
    check(ASN1_INTEGER_set_int64(pbe->iter, iterations) == 1, "set the PBE iterations");
    check(ASN1_TYPE_pack_sequence(ASN1_ITEM_rptr(PBEPARAM), pbe, &alg->parameter), "pack PBE");
    PBEPARAM_free(pbe);
}

void setShroudedKeyIterations(STACK_OF(PKCS12_SAFEBAG) * bags, qint64 iterations)
{
    for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
        PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags, i);
        if (PKCS12_SAFEBAG_get_nid(bag) != NID_pkcs8ShroudedKeyBag)
            continue;
        X509_ALGOR* alg = nullptr;
        X509_SIG_getm(const_cast<X509_SIG*>(PKCS12_SAFEBAG_get0_pkcs8(bag)), &alg, nullptr);
        setIterations(alg, iterations);
    }
}

QByteArray toDer(PKCS12* p12)
{
    unsigned char* der = nullptr;
    const int len = i2d_PKCS12(p12, &der);
    check(len > 0, "encode the PKCS#12 file");
    QByteArray out(reinterpret_cast<const char*>(der), len);
    OPENSSL_free(der);
    return out;
}

} // namespace

QByteArray withPkcs12Iterations(const QByteArray& der, qint64 mac, qint64 pbe)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    PKCS12* p12 = d2i_PKCS12(nullptr, &p, long(der.size()));
    check(p12, "not a PKCS#12 file");
    if (mac > 0) {
        const ASN1_INTEGER* iterations = nullptr;
        PKCS12_get0_mac(nullptr, nullptr, nullptr, &iterations, p12);
        check(iterations, "the MAC names no iteration count (make the file with iterations > 1)");
        check(ASN1_INTEGER_set_int64(const_cast<ASN1_INTEGER*>(iterations), mac) == 1, "set the MAC iterations");
    }
    if (pbe > 0) {
        STACK_OF(PKCS7)* safes = PKCS12_unpack_authsafes(p12);
        check(safes, "unreadable contents");
        for (int i = 0; i < sk_PKCS7_num(safes); ++i) {
            PKCS7* part = sk_PKCS7_value(safes, i);
            if (OBJ_obj2nid(part->type) == NID_pkcs7_encrypted) {
                setIterations(part->d.encrypted->enc_data->algorithm, pbe);
            } else if (OBJ_obj2nid(part->type) == NID_pkcs7_data) {
                STACK_OF(PKCS12_SAFEBAG)* bags = PKCS12_unpack_p7data(part);
                check(bags, "unreadable bags");
                setShroudedKeyIterations(bags, pbe);
                sk_PKCS7_set(safes, i, PKCS12_pack_p7data(bags));
                PKCS7_free(part);
                sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
            }
        }
        check(PKCS12_pack_authsafes(p12, safes), "pack the contents");
        sk_PKCS7_pop_free(safes, PKCS7_free);
    }
    const QByteArray out = toDer(p12);
    PKCS12_free(p12);
    return out;
}

QByteArray makePkcs12WithHiddenKeyIterations(const GeneratedCert& cert, const QByteArray& password,
                                             qint64 keyIterations)
{
    const auto* p = reinterpret_cast<const unsigned char*>(cert.der.constData());
    X509* x = d2i_X509(nullptr, &p, long(cert.der.size()));
    check(x, "not a certificate");
    STACK_OF(PKCS12_SAFEBAG)* bags = nullptr;
    check(PKCS12_add_cert(&bags, x), "add the certificate");
    check(PKCS12_add_key(&bags, cert.key.pkey.get(), 0, 1, NID_aes_256_cbc, password.constData()), "add the key");
    setShroudedKeyIterations(bags, keyIterations);
    STACK_OF(PKCS7)* safes = nullptr;
    check(PKCS12_add_safe(&safes, bags, NID_aes_256_cbc, 1, password.constData()), "encrypt the contents");
    PKCS12* p12 = PKCS12_add_safes(safes, 0);
    check(p12, "make the PKCS#12 file");
    check(PKCS12_set_mac(p12, password.constData(), -1, nullptr, 0, 1, nullptr) == 1, "set the MAC");
    const QByteArray out = toDer(p12);
    PKCS12_free(p12);
    sk_PKCS7_pop_free(safes, PKCS7_free);
    sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
    X509_free(x);
    return out;
}

} // namespace certlife::test
