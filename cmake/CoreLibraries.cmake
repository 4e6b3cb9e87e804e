# SPDX-FileCopyrightText: 2026 The Certlife developers
# SPDX-License-Identifier: Apache-2.0
# One static library per folder of core (docs/architecture.md, "The layers of core"):
#
#   certlife_core_library(FOLDER [USES FOLDER...] [PUBLIC LIB...] [PRIVATE LIB...])
#
# makes certlife-FOLDER of core/FOLDER/*.cpp and *.h (globbed with CONFIGURE_DEPENDS, so
# a new file needs no CMake edit), linked to the libraries of the core folders it USES
# and to the outside libraries it names. USES is the list of folders FOLDER's files may
# include; the layer check (certlife_add_layer_check below) holds the code to it.

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
    certlife_check_layers_of(${target} ${CMAKE_CURRENT_SOURCE_DIR}/${folder} ${sources})
    set_property(GLOBAL APPEND PROPERTY CERTLIFE_CORE_LIBRARIES ${target})
endfunction()

# certlife_check_layers_of(TARGET DIRECTORY SOURCES...): the files of DIRECTORY may
# include only the core folders whose libraries TARGET links (a core library, or a
# program over core such as certlifectl).
function(certlife_check_layers_of target directory)
    set_property(GLOBAL APPEND PROPERTY CERTLIFE_LAYER_TARGETS ${target})
    set_property(TARGET ${target} PROPERTY CERTLIFE_LAYER_DIRECTORY ${directory})
    set_property(GLOBAL APPEND PROPERTY CERTLIFE_LAYER_SOURCES ${ARGN})
endfunction()

# The layer check, part of every build: scripts/check-layers reads what each checked
# target links, as CMake has it after configuring (layers.txt, written at generate
# time), and fails the build on an include of a folder the target does not link, a
# linked folder it does not include, or a cycle among core's libraries. It runs again
# whenever a checked file, the script or a declaration changes, before any checked
# target compiles. Call once, after every checked target is defined.
function(certlife_add_layer_check)
    get_property(targets GLOBAL PROPERTY CERTLIFE_LAYER_TARGETS)
    get_property(sources GLOBAL PROPERTY CERTLIFE_LAYER_SOURCES)
    set(declared ${CMAKE_BINARY_DIR}/layers.txt)
    set(content "# Written by CMake (cmake/CoreLibraries.cmake) for scripts/check-layers:\n")
    string(APPEND content "# TARGET DIRECTORY LINKED-LIBRARIES...\n")
    string(APPEND content "source-root ${CMAKE_SOURCE_DIR}\n")
    foreach(target IN LISTS targets)
        get_target_property(directory ${target} CERTLIFE_LAYER_DIRECTORY)
        file(RELATIVE_PATH directory ${CMAKE_SOURCE_DIR} ${directory})
        string(APPEND content
            "${target} ${directory} $<JOIN:$<TARGET_PROPERTY:${target},LINK_LIBRARIES>, >\n")
    endforeach()
    file(GENERATE OUTPUT ${declared} CONTENT "${content}")
    set(stamp ${CMAKE_BINARY_DIR}/layers.checked)
    add_custom_command(OUTPUT ${stamp}
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_SOURCE_DIR}/scripts/check-layers ${declared}
        COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
        DEPENDS ${declared} ${CMAKE_SOURCE_DIR}/scripts/check-layers ${sources}
        COMMENT "Checking the layers of core (scripts/check-layers)"
        VERBATIM)
    add_custom_target(certlife-layer-check DEPENDS ${stamp})
    foreach(target IN LISTS targets)
        add_dependencies(${target} certlife-layer-check)
    endforeach()
endfunction()
