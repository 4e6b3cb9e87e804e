# SPDX-FileCopyrightText: 2026 The Certlife developers
# SPDX-License-Identifier: Apache-2.0
# Debian's libmbedtls-dev (2.28) ships no CMake package: find the three libraries by hand.
find_path(MBEDTLS_INCLUDE_DIR mbedtls/x509_crt.h REQUIRED)
find_library(MBEDX509_LIBRARY mbedx509 REQUIRED)
find_library(MBEDCRYPTO_LIBRARY mbedcrypto REQUIRED)
add_library(MbedTLS::x509 UNKNOWN IMPORTED)
set_target_properties(MbedTLS::x509 PROPERTIES
    IMPORTED_LOCATION "${MBEDX509_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${MBEDTLS_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${MBEDCRYPTO_LIBRARY}")
