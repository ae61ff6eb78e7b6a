// mf: train, evaluate and use matrix-factorization recommenders from the shell.
// The commands and options are in tables.cpp; exit status 0 ok, 1 bad data or
// file, 2 bad argument, 3 training diverged.
#include <cstdio>

#include "cli.hpp"
#include "mf/error.hpp"

int main(int argc, char** argv) {
  cli::Invocation in;
  try {
    cli::read_args(argc, argv, in);
    if (in.help) {
      std::fputs(cli::usage(in.command).c_str(), stdout);
      return 0;
    }
    if (!in.command) {
      std::fputs(cli::usage(nullptr).c_str(), stderr);
      return 2;
    }
    return in.command->run(in);
  } catch (const mf::Error& e) {
    const std::string message = e.message().render([&](std::string_view key) { return cli::spell(in, key); });
    std::fprintf(stderr, "mf: %s\n", message.c_str());
    return e.kind() == mf::ErrorKind::InvalidArgument ? 2 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mf: unexpected error: %s\n", e.what());
    return 1;
  }
}
