// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

struct iovec;

// libsystemd, opened on first use (dlopen), not linked: certlifectl starts without
// loading it and the six libraries it pulls in (gcrypt, lzma, zstd, lz4, cap,
// gpg-error), which was a third of the dynamic loader's work for `--version`. On a
// machine without libsystemd both calls do nothing and return -ENOSYS.
namespace certlife::systemd {

int notify(const char* state);                                // sd_notify(0, state)
int journalSendv(const struct iovec* fields, int fieldCount); // sd_journal_sendv

} // namespace certlife::systemd
