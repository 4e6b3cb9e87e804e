// SPDX-FileCopyrightText: 2026 The Certlife developers
// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "CliCommand.h"

namespace certlife::cli {

// `certlifectl policy show`: PolicyShow.cpp. `policy set|unset`: PolicyCommand.cpp.
int runPolicyShow(const QStringList& args, CliIo& io);

// The policy command's shared help epilogue (keys, sources, examples).
QString policyKeysHelp();

} // namespace certlife::cli
