# SPDX-License-Identifier: Apache-2.0
# SPDX-FileCopyrightText: 2026 The Certlife developers
#
# Runs at install time (install(SCRIPT), see CMakeLists.txt): writes the agent's units
# with ExecStart under the prefix being installed to, then installs them under
# <prefix>/lib/systemd/{system,user} (DESTDIR honoured, listed in install_manifest.txt).
if(IS_ABSOLUTE "${CERTLIFE_BINDIR}")
    set(CERTLIFE_INSTALLED_BINDIR "${CERTLIFE_BINDIR}")
else()
    set(CERTLIFE_INSTALLED_BINDIR "${CMAKE_INSTALL_PREFIX}/${CERTLIFE_BINDIR}")
endif()
foreach(kind system user)
    if(kind STREQUAL "system")
        set(template certlife-agent.service.in)
    else()
        set(template certlife-agent-user.service.in)
    endif()
    configure_file("${CERTLIFE_UNIT_TEMPLATES}/${template}"
                   "${CERTLIFE_UNIT_WORK_DIR}/${kind}/certlife-agent.service" @ONLY)
    file(INSTALL "${CERTLIFE_UNIT_WORK_DIR}/${kind}/certlife-agent.service"
         DESTINATION "${CMAKE_INSTALL_PREFIX}/lib/systemd/${kind}"
         FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
endforeach()
