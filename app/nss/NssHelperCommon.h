// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
// What the NSS helpers (certlife-nss-read, certlife-nss-write) share. Plain C++ beside
// libnss3, no Qt.
#pragma once

#include <prerror.h>

#include <cstdio>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace nsshelper {

inline std::string nssError()
{
    const PRErrorCode code = PR_GetError();
    const char* name = PR_ErrorToName(code);
    const char* text = PR_ErrorToString(code, PR_LANGUAGE_I_DEFAULT);
    std::string out = text && *text ? text : "unknown error";
    if (name)
        out += std::string(" (") + name + ")";
    return out;
}

// Who is writing to one of the database's SQLite files, or empty: SQLite takes its
// write locks (RESERVED, PENDING, EXCLUSIVE) as POSIX locks on the bytes from 1 GiB on,
// so asking for a read lock there tells of a writer and names its process. A browser
// in the middle of a change shows up here; a reader does not.
inline std::string databaseWriter(int dirFd)
{
    for (const char* name : {"cert9.db", "key4.db"}) {
        const int fd = ::openat(dirFd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0)
            continue;
        struct flock lock = {};
        lock.l_type = F_RDLCK;
        lock.l_whence = SEEK_SET;
        lock.l_start = 0x40000000; // SQLite's PENDING byte, then RESERVED and the SHARED range
        lock.l_len = 512;
        const bool held = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
        ::close(fd);
        if (!held)
            continue;
        std::string program = "another program";
        char path[64];
        std::snprintf(path, sizeof path, "/proc/%d/comm", int(lock.l_pid));
        if (FILE* comm = std::fopen(path, "re")) {
            char buffer[64] = {};
            if (std::fgets(buffer, sizeof buffer, comm)) {
                program.clear();
                for (const char* c = buffer; *c && *c != '\n'; ++c) // a process names itself: no controls
                    program += (static_cast<unsigned char>(*c) < 0x20 || *c == 0x7f) ? '?' : *c;
            }
            std::fclose(comm);
        }
        return program + " (pid " + std::to_string(lock.l_pid) + ") is writing to " + name;
    }
    return {};
}

} // namespace nsshelper
