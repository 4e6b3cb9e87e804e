// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// A PKCS#11 module that misbehaves as vendor modules can, for TestPkcs11Store: built
// twice, as certlife-test-pkcs11-crash (abort() in C_GetSlotList, after a successful
// C_Initialize) and certlife-test-pkcs11-hang (C_Initialize never returns).

#include <p11-kit/pkcs11.h>

#include <cstdlib>
#include <cstring>
#include <unistd.h>

#if !defined(CERTLIFE_BAD_MODULE_CRASH) && !defined(CERTLIFE_BAD_MODULE_HANG)
#error "build with CERTLIFE_BAD_MODULE_CRASH or CERTLIFE_BAD_MODULE_HANG"
#endif

namespace {

CK_RV initialize(CK_VOID_PTR)
{
#ifdef CERTLIFE_BAD_MODULE_HANG
    for (;;)
        ::pause();
#endif
    return CKR_OK;
}

CK_RV finalize(CK_VOID_PTR)
{
    return CKR_OK;
}

CK_RV info(CK_INFO_PTR out)
{
    std::memset(out, 0, sizeof *out);
    out->cryptokiVersion = {2, 40};
    std::memset(out->manufacturerID, ' ', sizeof out->manufacturerID);
    std::memset(out->libraryDescription, ' ', sizeof out->libraryDescription);
    return CKR_OK;
}

CK_RV slotList(CK_BBOOL, CK_SLOT_ID_PTR, CK_ULONG_PTR count)
{
#ifdef CERTLIFE_BAD_MODULE_CRASH
    std::abort();
#endif
    *count = 0;
    return CKR_OK;
}

CK_FUNCTION_LIST functions = [] {
    CK_FUNCTION_LIST f;
    std::memset(&f, 0, sizeof f);
    f.version = {2, 40};
    f.C_Initialize = initialize;
    f.C_Finalize = finalize;
    f.C_GetInfo = info;
    f.C_GetSlotList = slotList;
    return f;
}();

} // namespace

extern "C" __attribute__((visibility("default"))) CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list)
{
    *list = &functions;
    return CKR_OK;
}
