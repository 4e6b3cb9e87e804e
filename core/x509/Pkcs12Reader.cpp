// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// PKCS#12 reading. PKCS12_parse() is not used: it derives keys for whatever iteration
// counts a file names (2^31 - 1 took one scan 464 s, unstoppable), and some of them it
// only meets inside encrypted parts. Here every count is read from the structure first
// and the file is refused unread when together they ask for more than
// kMaxPkcs12Iterations; counts inside encrypted parts are checked when those are
// opened, before their keys are derived.

#include "x509/OpenSslContainers.h"

#include <QList>
#include <limits>
#include <memory>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

namespace certlife::openssl {

namespace {

// Nested SafeContents deeper than this are not a real file.
constexpr int kMaxBagDepth = 8;

template <typename T, void (*Free)(T*)> struct Deleter
{
    void operator()(T* p) const { Free(p); }
};
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12, PKCS12_free>>;
using PbeParamPtr = std::unique_ptr<PBEPARAM, Deleter<PBEPARAM, PBEPARAM_free>>;
using Pbe2ParamPtr = std::unique_ptr<PBE2PARAM, Deleter<PBE2PARAM, PBE2PARAM_free>>;
using Pbkdf2ParamPtr = std::unique_ptr<PBKDF2PARAM, Deleter<PBKDF2PARAM, PBKDF2PARAM_free>>;
using ScryptParamsPtr = std::unique_ptr<SCRYPT_PARAMS, Deleter<SCRYPT_PARAMS, SCRYPT_PARAMS_free>>;

void freeSafes(STACK_OF(PKCS7) * safes)
{
    sk_PKCS7_pop_free(safes, PKCS7_free);
}
void freeBags(STACK_OF(PKCS12_SAFEBAG) * bags)
{
    sk_PKCS12_SAFEBAG_pop_free(bags, PKCS12_SAFEBAG_free);
}
using SafesPtr = std::unique_ptr<STACK_OF(PKCS7), Deleter<STACK_OF(PKCS7), freeSafes>>;
using BagsPtr = std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), Deleter<STACK_OF(PKCS12_SAFEBAG), freeBags>>;

constexpr qint64 kEndless = std::numeric_limits<qint64>::max();

// An iteration count as OpenSSL uses it: absent is 1 (the DER default), below 1 fails
// before any work (counted 1), beyond 64 bits counts as endless.
qint64 iterationCount(const ASN1_INTEGER* value)
{
    if (!value)
        return 1;
    int64_t n = 0;
    if (ASN1_INTEGER_get_int64(&n, value) != 1)
        return kEndless;
    return qMax<qint64>(n, 1);
}

qint64 saturatingProduct(std::initializer_list<const ASN1_INTEGER*> factors)
{
    qint64 product = 1;
    for (const ASN1_INTEGER* f : factors)
        if (__builtin_mul_overflow(product, iterationCount(f), &product))
            return kEndless;
    return product;
}

// The parameters of an AlgorithmIdentifier, decoded as `T` (nullptr when they are not).
template <typename T> T* unpackParameters(const X509_ALGOR* alg, const ASN1_ITEM* item)
{
    const ASN1_OBJECT* oid = nullptr;
    int type = 0;
    const void* value = nullptr;
    X509_ALGOR_get0(&oid, &type, &value, alg);
    if (type != V_ASN1_SEQUENCE || !value)
        return nullptr;
    return static_cast<T*>(ASN1_item_unpack(static_cast<const ASN1_STRING*>(value), item));
}

// How many iterations deriving the key for password-based encryption `alg` takes:
// PKCS#12 and PKCS#5 v1 PBE (PBEParameter), PBES2 with PBKDF2, or PBES2 with scrypt
// (N·r·p, work of the same order per unit). 0 for what OpenSSL refuses before deriving
// anything: an unknown algorithm, unreadable parameters.
qint64 derivationIterations(const X509_ALGOR* alg)
{
    if (!alg)
        return 0;
    const ASN1_OBJECT* oid = nullptr;
    X509_ALGOR_get0(&oid, nullptr, nullptr, alg);
    const int nid = OBJ_obj2nid(oid);
    if (nid == NID_pbes2) {
        const Pbe2ParamPtr pbes2(unpackParameters<PBE2PARAM>(alg, ASN1_ITEM_rptr(PBE2PARAM)));
        if (!pbes2 || !pbes2->keyfunc)
            return 0;
        const ASN1_OBJECT* kdf = nullptr;
        X509_ALGOR_get0(&kdf, nullptr, nullptr, pbes2->keyfunc);
        switch (OBJ_obj2nid(kdf)) {
        case NID_id_pbkdf2: {
            const Pbkdf2ParamPtr params(unpackParameters<PBKDF2PARAM>(pbes2->keyfunc, ASN1_ITEM_rptr(PBKDF2PARAM)));
            return params ? iterationCount(params->iter) : 0;
        }
        case NID_id_scrypt: {
            const ScryptParamsPtr params(
                unpackParameters<SCRYPT_PARAMS>(pbes2->keyfunc, ASN1_ITEM_rptr(SCRYPT_PARAMS)));
            return params
                ? saturatingProduct({params->costParameter, params->blockSize, params->parallelizationParameter})
                : 0;
        }
        default: return 0;
        }
    }
    if (EVP_PBE_find(EVP_PBE_TYPE_OUTER, nid, nullptr, nullptr, nullptr) != 1)
        return 0;
    const PbeParamPtr params(unpackParameters<PBEPARAM>(alg, ASN1_ITEM_rptr(PBEPARAM)));
    return params ? iterationCount(params->iter) : 0;
}

const X509_ALGOR* shroudedKeyAlgorithm(const PKCS12_SAFEBAG* bag)
{
    const X509_ALGOR* alg = nullptr;
    if (const X509_SIG* sig = PKCS12_SAFEBAG_get0_pkcs8(bag))
        X509_SIG_get0(sig, &alg, nullptr);
    return alg;
}

// The key-derivation work a file asks for, added up before any of it is done.
class DerivationBudget
{
public:
    void add(const char* what, qint64 iterations)
    {
        if (iterations <= 0)
            return;
        if (m_parts.size() < 4)
            m_parts << QStringLiteral("%1 %2").arg(QLatin1String(what)).arg(iterations);
        else if (m_parts.size() == 4)
            m_parts << QStringLiteral("…");
        if (__builtin_add_overflow(m_total, iterations, &m_total))
            m_total = kEndless;
    }
    bool exceeded() const { return m_total > kMaxPkcs12Iterations; }
    QString refusal() const
    {
        const QString total = m_total == kEndless ? QStringLiteral("more than 2^63") : QString::number(m_total);
        return QStringLiteral("PKCS#12 file refused unread: it asks for %1 key-derivation iterations (%2), more than "
                              "the %3 Certlife spends on one file")
            .arg(total, m_parts.join(QStringLiteral(", ")))
            .arg(kMaxPkcs12Iterations);
    }

private:
    qint64 m_total = 0;
    QStringList m_parts;
};

// Adds what every shrouded key in `bags` (and in SafeContents nested there) asks for.
void countShroudedKeys(const STACK_OF(PKCS12_SAFEBAG) * bags, DerivationBudget& budget, int depth)
{
    if (depth > kMaxBagDepth)
        return; // readBags refuses it
    for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
        const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags, i);
        if (PKCS12_SAFEBAG_get_nid(bag) == NID_pkcs8ShroudedKeyBag)
            budget.add("encrypted private key", derivationIterations(shroudedKeyAlgorithm(bag)));
        else if (PKCS12_SAFEBAG_get_nid(bag) == NID_safeContentsBag)
            countShroudedKeys(PKCS12_SAFEBAG_get0_safes(bag), budget, depth + 1);
    }
}

// What one attempt read, in bag order; freed unless handed on.
struct Contents
{
    std::vector<EVP_PKEY*> keys;
    std::vector<X509*> certs;

    Contents() = default;
    Contents(const Contents&) = delete;
    Contents& operator=(const Contents&) = delete;
    ~Contents()
    {
        for (EVP_PKEY* k : keys)
            EVP_PKEY_free(k);
        for (X509* x : certs)
            X509_free(x);
    }
};

enum class BagsRead { Ok, Failed, TooCostly };

// The bags' keys and certificates, as PKCS12_parse reads them (other bag types are not
// ours). `counted`: the shrouded keys' work was added to the budget already (bags that
// were readable without the password).
BagsRead readBags(const STACK_OF(PKCS12_SAFEBAG) * bags, const char* pass, bool counted, DerivationBudget& budget,
                  Contents& into, int depth)
{
    if (depth > kMaxBagDepth)
        return BagsRead::Failed;
    for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
        const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags, i);
        switch (PKCS12_SAFEBAG_get_nid(bag)) {
        case NID_keyBag: {
            EVP_PKEY* key = EVP_PKCS82PKEY(PKCS12_SAFEBAG_get0_p8inf(bag));
            if (!key)
                return BagsRead::Failed;
            into.keys.push_back(key);
            break;
        }
        case NID_pkcs8ShroudedKeyBag: {
            if (!counted) {
                budget.add("encrypted private key", derivationIterations(shroudedKeyAlgorithm(bag)));
                if (budget.exceeded())
                    return BagsRead::TooCostly;
            }
            PKCS8_PRIV_KEY_INFO* p8 = PKCS12_decrypt_skey(bag, pass, -1);
            EVP_PKEY* key = p8 ? EVP_PKCS82PKEY(p8) : nullptr;
            PKCS8_PRIV_KEY_INFO_free(p8); // wipes the key material
            if (!key)
                return BagsRead::Failed;
            into.keys.push_back(key);
            break;
        }
        case NID_certBag:
            if (PKCS12_SAFEBAG_get_bag_nid(bag) == NID_x509Certificate) {
                X509* x = PKCS12_SAFEBAG_get1_cert(bag);
                if (!x)
                    return BagsRead::Failed;
                // The entry's name (a Java keystore's alias), kept as PKCS12_parse keeps it.
                if (char* name = PKCS12_get_friendlyname(const_cast<PKCS12_SAFEBAG*>(bag))) {
                    X509_alias_set1(x, reinterpret_cast<const unsigned char*>(name), -1);
                    OPENSSL_free(name);
                }
                into.certs.push_back(x);
            }
            break;
        case NID_safeContentsBag:
            if (const BagsRead r = readBags(PKCS12_SAFEBAG_get0_safes(bag), pass, counted, budget, into, depth + 1);
                r != BagsRead::Ok)
                return r;
            break;
        default: break;
        }
    }
    return BagsRead::Ok;
}

// Appends a certificate with its friendly name, when it has one, as its entry name.
void appendNamed(X509* x, ParsedFile& out, const QString& where)
{
    const qsizetype before = out.certificates.size();
    appendX509(x, out, where);
    int length = 0;
    const unsigned char* alias = X509_alias_get0(x, &length);
    if (out.certificates.size() == before || !alias || length <= 0)
        return;
    out.entryNames.resize(before);
    out.entryNames.append(QString::fromUtf8(reinterpret_cast<const char*>(alias), length));
}

// Records what was read: every key's SPKI hash, then, as PKCS12_parse orders them, the
// certificate of the first key and the others last to first.
void record(Contents& found, ParsedFile& out, std::vector<EVP_PKEY*>* keys)
{
    EVP_PKEY* firstKey = found.keys.empty() ? nullptr : found.keys.front();
    X509* leaf = nullptr;
    std::vector<X509*> others;
    for (auto it = found.certs.rbegin(); it != found.certs.rend(); ++it) {
        ERR_set_mark();
        if (!leaf && firstKey && X509_check_private_key(*it, firstKey) == 1)
            leaf = *it;
        else
            others.push_back(*it);
        ERR_pop_to_mark();
    }
    for (EVP_PKEY* key : found.keys) {
        Sha256Digest spki{};
        if (spkiOfKey(key, spki))
            out.privateKeySpki.append(spki);
    }
    if (leaf)
        appendNamed(leaf, out, QStringLiteral("PKCS#12 certificate"));
    for (size_t i = 0; i < others.size(); ++i)
        appendNamed(others[i], out, QStringLiteral("PKCS#12 CA certificate %1").arg(i + 1));
    if (keys) {
        keys->insert(keys->end(), found.keys.begin(), found.keys.end());
        found.keys.clear();
    }
}

} // namespace

bool readPkcs12(QByteArrayView der, const ParseOptions& options, ParsedFile& out)
{
    ensureLegacyProvider();
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    const Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, long(der.size())));
    const SafesPtr safes(p12 ? PKCS12_unpack_authsafes(p12.get()) : nullptr);
    const int partCount = safes ? sk_PKCS7_num(safes.get()) : 0;
    // The parts readable without a password, unpacked once.
    std::vector<BagsPtr> plain(size_t(qMax(partCount, 0)));
    bool corrupt = !safes;
    DerivationBudget budget;
    const bool hasMac = p12 && PKCS12_mac_present(p12.get()) == 1;
    if (hasMac) {
        const ASN1_INTEGER* macIterations = nullptr;
        PKCS12_get0_mac(nullptr, nullptr, nullptr, &macIterations, p12.get());
        budget.add("MAC", iterationCount(macIterations));
    }
    for (int i = 0; i < partCount && !corrupt; ++i) {
        PKCS7* part = sk_PKCS7_value(safes.get(), i);
        const int type = OBJ_obj2nid(part->type);
        if (type == NID_pkcs7_data) {
            plain[size_t(i)].reset(PKCS12_unpack_p7data(part));
            corrupt = !plain[size_t(i)];
            if (!corrupt)
                countShroudedKeys(plain[size_t(i)].get(), budget, 0);
        } else if (type == NID_pkcs7_encrypted) {
            corrupt = !part->d.encrypted || !part->d.encrypted->enc_data;
            if (!corrupt)
                budget.add("encrypted contents", derivationIterations(part->d.encrypted->enc_data->algorithm));
        }
    }
    ERR_clear_error();
    if (corrupt) {
        out.errors.append(QStringLiteral("not a readable PKCS#12 file (truncated or corrupt)"));
        return false;
    }
    if (budget.exceeded()) {
        out.errors.append(budget.refusal());
        return false;
    }

    // Candidates: the store's password first, then the empty and the absent password
    // (PKCS#12 tells them apart in its MAC): a store with a password may also hold
    // files exported without one, and those are no secret to open.
    QList<const char*> candidates;
    const QByteArray pass = options.pkcs12Password;
    if (options.hasPkcs12Password)
        candidates << pass.constData();
    candidates << "" << nullptr;

    // With a MAC, the password that verifies it is the one. Without a MAC nothing
    // tells them apart (and OpenSSL refuses a non-empty password then): try each.
    QList<const char*> attempts;
    if (hasMac) {
        for (const char* candidate : candidates) {
            if (PKCS12_verify_mac(p12.get(), candidate, candidate ? -1 : 0) == 1) {
                attempts << candidate;
                break;
            }
        }
        if (attempts.isEmpty()) {
            ERR_clear_error();
            out.pkcs12PasswordRefused = true;
            out.errors.append(
                options.hasPkcs12Password
                    ? QStringLiteral("wrong PKCS#12 password (the store's password does not open it)")
                    : QStringLiteral(
                        "PKCS#12 file is password-protected and no password is configured for this store"));
            return false;
        }
    } else {
        attempts = candidates;
    }

    char reason[256] = "";
    for (const char* attempt : attempts) {
        Contents found;
        BagsRead read = BagsRead::Ok;
        for (int i = 0; i < partCount && read == BagsRead::Ok; ++i) {
            PKCS7* part = sk_PKCS7_value(safes.get(), i);
            if (plain[size_t(i)]) {
                read = readBags(plain[size_t(i)].get(), attempt, true, budget, found, 0);
            } else if (OBJ_obj2nid(part->type) == NID_pkcs7_encrypted) {
                const BagsPtr opened(PKCS12_unpack_p7encdata(part, attempt, -1));
                read = opened ? readBags(opened.get(), attempt, false, budget, found, 0) : BagsRead::Failed;
            }
        }
        if (read == BagsRead::TooCostly) {
            ERR_clear_error();
            out.errors.append(budget.refusal());
            return false;
        }
        if (read == BagsRead::Ok) {
            ERR_clear_error();
            record(found, out, options.pkcs12Keys);
            return true;
        }
        ERR_error_string_n(ERR_peek_last_error(), reason, sizeof reason);
        ERR_clear_error();
    }
    out.errors.append(QStringLiteral("PKCS#12 contents cannot be decrypted (%1)").arg(QString::fromLatin1(reason)));
    return false;
}

} // namespace certlife::openssl
