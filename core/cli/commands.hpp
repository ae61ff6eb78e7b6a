// The commands of the mf tool, one function each (listed in command_table()).
// Each returns the exit status; failures are thrown as mf::Error.
#pragma once

#include "cli.hpp"

namespace cli {

int run_train(const Invocation& in);      // train_commands.cpp
int run_grid(const Invocation& in);       // train_commands.cpp
int run_recommend(const Invocation& in);  // model_commands.cpp
int run_similar(const Invocation& in);    // model_commands.cpp
int run_foldin(const Invocation& in);     // model_commands.cpp
int run_info(const Invocation& in);       // model_commands.cpp
int run_import_spark(const Invocation& in);  // import_command.cpp

}  // namespace cli
