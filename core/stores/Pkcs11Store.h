// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "stores/Pkcs11Helper.h"
#include "stores/Store.h"

namespace certlife {

// A pkcs11 store: the X.509 certificate objects of PKCS#11 tokens (smart cards, HSMs,
// SoftHSM), as the helper process lists them (stores/Pkcs11Helper.h). Its path is a
// PKCS#11 URI naming the module and token (stores/Pkcs11Uri.h); each object is one
// entry, at its own URI, its DER handed to the scanner like a file's content. An object
// whose CKA_ID a private key object shares has its private key (keyPath: the key's URI).
// A helper that fails (crash, hang, module error, token absent) gives a missing store
// with the reason: the lifecycle keeps what the token held, as for an unmounted disk.
// Read-only: Certlife never writes a token.
class Pkcs11Store final : public Store
{
public:
    explicit Pkcs11Store(StoreConfig config);
    StoreListing list(const std::atomic_bool& cancelled) const override;
};

// What a helper listing becomes for the scanner (Pkcs11Store::list without the helper).
StoreListing pkcs11StoreListing(const StoreConfig& config, const Pkcs11Target& target, const Pkcs11Listing& listing,
                                bool hasPin);

// Why a pkcs11 store's configuration cannot be used, or empty: its path must be a store
// URI (stores/Pkcs11Uri.h), the PIN file absolute; with `requireExisting` (store add)
// the module and the PIN file must exist too. Not a private-key file: no pkcs12 password.
QString pkcs11StoreError(const StoreConfig& config, bool requireExisting);

// Reads a PIN file: a regular file (not a symlink), owned by the user running Certlife,
// that nobody else may read or write (mode 0600 or stricter), at most 4 KiB; the PIN is
// its first line. Empty on success, else why not; *pin is wiped by the caller.
QString readPinFile(const QString& file, QByteArray* pin);

} // namespace certlife
