# SPDX-FileCopyrightText: 2026 The Certlife developers
# SPDX-License-Identifier: Apache-2.0
# One static library per folder of core (docs/architecture.md, "The layers of core"):
#
#   certlife_core_library(FOLDER [USES FOLDER...] [PUBLIC LIB...] [PRIVATE LIB...])
#
# makes certlife-FOLDER of core/FOLDER/*.cpp and *.h (globbed with CONFIGURE_DEPENDS, so
# a new file needs no CMake edit), linked to the libraries of the core folders it USES
# and to the outside libraries it names. USES is the list of folders FOLDER's files may
# include.

# Core's precompiled headers, made once and shared by every core library and by the
# programs over core (certlife_precompile_like). The carrier has no definitions of its
# own beyond Qt Core's; the ones the libraries add (QT_SQL_LIB, QT_GUI_LIB, …) are not
# looked at by these headers, so GCC accepts the shared set for all of them.
function(certlife_core_precompiled_headers)
    set(source ${CMAKE_CURRENT_BINARY_DIR}/core-pch-carrier.cpp)
    file(WRITE ${source} "// only carries core's precompiled headers\n")
    add_library(certlife-core-pch OBJECT ${source})
    target_link_libraries(certlife-core-pch PRIVATE Qt6::Core QCoro6::Core)
    certlife_precompile(certlife-core-pch ${CERTLIFE_PCH_CORE})
endfunction()

function(certlife_core_library folder)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "USES;PUBLIC;PRIVATE")
    set(target certlife-${folder})
    file(GLOB sources CONFIGURE_DEPENDS
        ${CMAKE_CURRENT_SOURCE_DIR}/${folder}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/${folder}/*.h)
    add_library(${target} STATIC ${sources})
    target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
    foreach(used IN LISTS arg_USES)
        target_link_libraries(${target} PUBLIC certlife-${used})
    endforeach()
    target_link_libraries(${target} PUBLIC ${arg_PUBLIC} PRIVATE ${arg_PRIVATE})
    # moc reads headers only: it need not wait for the libraries below to be built.
    set_target_properties(${target} PROPERTIES AUTOGEN_ORIGIN_DEPENDS OFF)
    certlife_precompile_like(${target} certlife-core-pch)
    set_property(GLOBAL APPEND PROPERTY CERTLIFE_CORE_LIBRARIES ${target})
endfunction()
