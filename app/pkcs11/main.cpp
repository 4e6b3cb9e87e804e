// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// certlife-pkcs11-list: lists the X.509 certificate objects of PKCS#11 tokens, for the
// pkcs11 stores of certlifectl, the agent and the console (core/stores/Pkcs11Helper.h
// has the output format and says why this is a program of its own: vendor modules run
// here, where a crash or a hang costs only this process).
//
//   certlife-pkcs11-list [--module PATH] [--token LABEL] [--pin-stdin]
//
// Without --module, the modules p11-kit is configured with; the PIN, when asked for,
// is the first line of standard input.

#include <p11-kit/p11-kit.h>

#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

void frame(const char* tag, const void* data, size_t length)
{
    std::fprintf(stdout, "%s %zu\n", tag, length);
    if (length > 0)
        std::fwrite(data, 1, length, stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout); // a crash right after must not lose it (the "module" frame names the culprit)
}

void frame(const char* tag, const std::string& text)
{
    frame(tag, text.data(), text.size());
}

std::string errorText(CK_RV rv)
{
    const char* text = p11_kit_strerror(rv);
    return text ? text : "error " + std::to_string(rv);
}

std::string padded(const unsigned char* text, size_t length)
{
    return std::string(reinterpret_cast<const char*>(text), p11_kit_space_strlen(text, length));
}

// One attribute's value; false when the object has none (or it cannot be read).
bool attribute(CK_FUNCTION_LIST* m, CK_SESSION_HANDLE session, CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type,
               std::string* value)
{
    CK_ATTRIBUTE a{type, nullptr, 0};
    if (m->C_GetAttributeValue(session, object, &a, 1) != CKR_OK || a.ulValueLen == CK_UNAVAILABLE_INFORMATION)
        return false;
    value->assign(a.ulValueLen, '\0');
    a.pValue = value->data();
    if (m->C_GetAttributeValue(session, object, &a, 1) != CKR_OK || a.ulValueLen == CK_UNAVAILABLE_INFORMATION)
        return false;
    value->resize(a.ulValueLen);
    return true;
}

bool findObjects(CK_FUNCTION_LIST* m, CK_SESSION_HANDLE session, CK_ATTRIBUTE* match, CK_ULONG count,
                 std::vector<CK_OBJECT_HANDLE>* found, CK_RV* rv)
{
    *rv = m->C_FindObjectsInit(session, match, count);
    if (*rv != CKR_OK)
        return false;
    CK_OBJECT_HANDLE batch[64];
    for (;;) {
        CK_ULONG got = 0;
        *rv = m->C_FindObjects(session, batch, 64, &got);
        if (*rv != CKR_OK || got == 0)
            break;
        found->insert(found->end(), batch, batch + got);
    }
    const CK_RV final = m->C_FindObjectsFinal(session);
    if (*rv == CKR_OK)
        *rv = final;
    return *rv == CKR_OK;
}

// The certificates of one token. False (and an error frame) when it cannot be listed.
bool listToken(CK_FUNCTION_LIST* m, CK_SLOT_ID slot, const CK_TOKEN_INFO& info, const std::string& label,
               const std::string* pin)
{
    CK_SESSION_HANDLE session = 0;
    CK_RV rv = m->C_OpenSession(slot, CKF_SERIAL_SESSION, nullptr, nullptr, &session);
    if (rv != CKR_OK) {
        frame("error", "token \"" + label + "\": cannot open a session: " + errorText(rv));
        return false;
    }
    const bool loginRequired = info.flags & CKF_LOGIN_REQUIRED;
    bool loggedIn = false;
    if (pin && loginRequired) {
        std::string copy = *pin;
        rv = m->C_Login(session, CKU_USER, reinterpret_cast<CK_UTF8CHAR*>(copy.data()), copy.size());
        std::memset(copy.data(), 0, copy.size());
        loggedIn = rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN;
        if (!loggedIn)
            frame("warning",
                  "token \"" + label + "\": login with the PIN file failed (" + errorText(rv)
                      + "): private keys not looked for");
    }
    // Without a login a token hides its private objects, usually the keys: not finding
    // one then says nothing.
    const bool keysVisible = loggedIn || !loginRequired;

    CK_OBJECT_CLASS certificateClass = CKO_CERTIFICATE;
    CK_CERTIFICATE_TYPE x509 = CKC_X_509;
    CK_ATTRIBUTE match[] = {{CKA_CLASS, &certificateClass, sizeof certificateClass},
                            {CKA_CERTIFICATE_TYPE, &x509, sizeof x509}};
    std::vector<CK_OBJECT_HANDLE> certificates;
    if (!findObjects(m, session, match, 2, &certificates, &rv)) {
        frame("error", "token \"" + label + "\": cannot list its certificates: " + errorText(rv));
        m->C_CloseSession(session);
        return false;
    }
    for (CK_OBJECT_HANDLE object : certificates) {
        std::string der, objectLabel, id;
        if (!attribute(m, session, object, CKA_VALUE, &der) || der.empty()) {
            frame("warning", "token \"" + label + "\": a certificate object whose value cannot be read was skipped");
            continue;
        }
        attribute(m, session, object, CKA_LABEL, &objectLabel);
        attribute(m, session, object, CKA_ID, &id);
        const char* key = keysVisible ? "no" : "unknown";
        if (!id.empty()) {
            CK_OBJECT_CLASS keyClass = CKO_PRIVATE_KEY;
            CK_ATTRIBUTE keyMatch[] = {{CKA_CLASS, &keyClass, sizeof keyClass},
                                       {CKA_ID, id.data(), CK_ULONG(id.size())}};
            std::vector<CK_OBJECT_HANDLE> keys;
            if (findObjects(m, session, keyMatch, 2, &keys, &rv) && !keys.empty())
                key = "yes";
        }
        frame("cert", "");
        frame("label", objectLabel);
        frame("id", id);
        frame("value", der);
        frame("key", key);
    }
    if (loggedIn)
        m->C_Logout(session);
    m->C_CloseSession(session);
    return true;
}

// Every token of one module (or the one labelled `token`). False when the module failed.
bool listModule(CK_FUNCTION_LIST* m, const std::string& name, const std::string* token, const std::string* pin)
{
    frame("module", name);
    CK_RV rv = p11_kit_module_initialize(m);
    if (rv != CKR_OK) {
        frame("error", "PKCS#11 module " + name + ": C_Initialize failed: " + errorText(rv));
        return false;
    }
    std::vector<CK_SLOT_ID> slots;
    for (;;) {
        CK_ULONG count = 0;
        rv = m->C_GetSlotList(CK_TRUE, nullptr, &count);
        if (rv == CKR_OK) {
            slots.resize(count);
            rv = count ? m->C_GetSlotList(CK_TRUE, slots.data(), &count) : CKR_OK;
            slots.resize(count);
        }
        if (rv != CKR_BUFFER_TOO_SMALL)
            break;
    }
    bool ok = rv == CKR_OK;
    if (!ok)
        frame("error", "PKCS#11 module " + name + ": cannot list its slots: " + errorText(rv));
    for (size_t i = 0; ok && i < slots.size(); ++i) {
        CK_TOKEN_INFO info;
        rv = m->C_GetTokenInfo(slots[i], &info);
        if (rv == CKR_TOKEN_NOT_PRESENT || rv == CKR_TOKEN_NOT_RECOGNIZED)
            continue; // removed since the slot list was taken
        if (rv != CKR_OK) {
            frame("error", "PKCS#11 module " + name + ": cannot read a token's information: " + errorText(rv));
            ok = false;
            break;
        }
        if (!(info.flags & CKF_TOKEN_INITIALIZED))
            continue; // a blank token (SoftHSM keeps one free slot): nothing on it, no session either
        const std::string label = padded(info.label, sizeof info.label);
        if (token && label != *token)
            continue;
        frame("token", label);
        ok = listToken(m, slots[i], info, label, pin);
    }
    p11_kit_module_finalize(m);
    return ok;
}

std::string moduleName(CK_FUNCTION_LIST* m)
{
    char* name = p11_kit_module_get_name(m);
    if (!name)
        name = p11_kit_module_get_filename(m);
    std::string out = name ? name : "(unnamed)";
    free(name);
    return out;
}

int usage()
{
    std::fprintf(stderr, "usage: certlife-pkcs11-list [--module PATH] [--token LABEL] [--pin-stdin]\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    const char* modulePath = nullptr;
    std::string token;
    bool byToken = false, pinOnStdin = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--module" && i + 1 < argc) {
            modulePath = argv[++i];
        } else if (arg == "--token" && i + 1 < argc) {
            token = argv[++i];
            byToken = true;
        } else if (arg == "--pin-stdin") {
            pinOnStdin = true;
        } else {
            return usage();
        }
    }
    std::string pin;
    if (pinOnStdin) {
        char buffer[4097];
        size_t got = 0;
        ssize_t n;
        while (got < sizeof buffer - 1 && (n = read(0, buffer + got, sizeof buffer - 1 - got)) > 0)
            got += size_t(n);
        pin.assign(buffer, got);
        std::memset(buffer, 0, sizeof buffer);
        if (const size_t eol = pin.find('\n'); eol != std::string::npos)
            pin.resize(eol);
    }
    const std::string* pinGiven = pinOnStdin ? &pin : nullptr;
    const std::string* tokenGiven = byToken ? &token : nullptr;

    bool ok = true;
    if (modulePath) {
        frame("module", modulePath);
        // Unmanaged: this module alone, as its vendor wrote it, in this process only.
        CK_FUNCTION_LIST* m = p11_kit_module_load(modulePath, P11_KIT_MODULE_UNMANAGED);
        if (!m) {
            const char* why = p11_kit_message();
            frame("error",
                  std::string("cannot load PKCS#11 module ") + modulePath + (why ? std::string(": ") + why : ""));
            ok = false;
        } else {
            ok = listModule(m, modulePath, tokenGiven, pinGiven);
            p11_kit_module_release(m);
        }
    } else {
        CK_FUNCTION_LIST** modules = p11_kit_modules_load(nullptr, 0);
        if (!modules) {
            const char* why = p11_kit_message();
            frame("error", std::string("cannot load p11-kit's modules") + (why ? std::string(": ") + why : ""));
            ok = false;
        }
        for (CK_FUNCTION_LIST** m = modules; ok && m && *m; ++m)
            ok = listModule(*m, moduleName(*m), tokenGiven, pinGiven);
        if (modules)
            p11_kit_modules_release(modules);
    }
    std::memset(pin.data(), 0, pin.size());
    frame("done", "");
    return 0;
}
