# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: 2026 The Certlife developers
#
# Runs at install time (install(SCRIPT), see CMakeLists.txt): installs the commented
# machine policy and an empty tasks.d into the configuration directory of the prefix
# being installed to (/etc for /usr, <prefix>/etc otherwise; DESTDIR honoured).
# Both are root's and writable by nobody else, as Certlife requires of them.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    set(sysconfdir "/etc")
else()
    set(sysconfdir "${CMAKE_INSTALL_PREFIX}/etc")
endif()
file(INSTALL "${CERTLIFE_POLICY_CONF}" DESTINATION "${sysconfdir}/certlife"
     FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     DIRECTORY_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
file(MAKE_DIRECTORY "$ENV{DESTDIR}${sysconfdir}/certlife/tasks.d")
