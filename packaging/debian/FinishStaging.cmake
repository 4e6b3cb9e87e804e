# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: 2026 The Certlife developers
#
# CPACK_PRE_BUILD_SCRIPTS: runs after CPack staged the components (one directory each
# under CPACK_TEMPORARY_INSTALL_DIRECTORY) and before it makes the .deb files. Debian
# wants man pages compressed and a changelog.Debian.gz beside the copyright, both with
# gzip -9n (no name, no time stamp: reproducible).
find_program(GZIP gzip REQUIRED)
file(GLOB_RECURSE staged LIST_DIRECTORIES true "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/*")
foreach(path ${staged})
    if(path MATCHES "/share/man/man[1-9]/[^/]+\\.[1-9]$" AND NOT IS_DIRECTORY "${path}")
        execute_process(COMMAND ${GZIP} -9nf "${path}" COMMAND_ERROR_IS_FATAL ANY)
    elseif(path MATCHES "/share/doc/[^/]+$" AND IS_DIRECTORY "${path}")
        file(COPY_FILE "${CPACK_CERTLIFE_CHANGELOG}" "${path}/changelog.Debian")
        execute_process(COMMAND ${GZIP} -9nf "${path}/changelog.Debian" COMMAND_ERROR_IS_FATAL ANY)
    endif()
endforeach()
