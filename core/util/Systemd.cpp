// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#include "util/Systemd.h"

#include <cerrno>
#include <dlfcn.h>

namespace certlife::systemd {

namespace {

struct Library
{
    using Notify = int (*)(int, const char*);
    using JournalSendv = int (*)(const struct iovec*, int);
    Notify notify = nullptr;
    JournalSendv journalSendv = nullptr;

    Library()
    {
        // RTLD_LOCAL: its symbols stay out of the global namespace; it is never closed.
        void* handle = dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
        if (!handle)
            return;
        notify = reinterpret_cast<Notify>(dlsym(handle, "sd_notify"));
        journalSendv = reinterpret_cast<JournalSendv>(dlsym(handle, "sd_journal_sendv"));
    }
};

const Library& library()
{
    static const Library loaded; // thread-safe first use
    return loaded;
}

} // namespace

int notify(const char* state)
{
    const Library& l = library();
    return l.notify ? l.notify(0, state) : -ENOSYS;
}

int journalSendv(const struct iovec* fields, int fieldCount)
{
    const Library& l = library();
    return l.journalSendv ? l.journalSendv(fields, fieldCount) : -ENOSYS;
}

} // namespace certlife::systemd
