// Errors raised by the engine. Every failure the user can cause ends here, with
// a message that names the problem (file, line, value or parameter), so that the
// CLI, the JS API and the page can show it as is.
#pragma once

#include <stdexcept>
#include <string>

namespace mf {

enum class ErrorKind {
  Parse,            // a ratings or movies file could not be read (names file and line)
  InvalidArgument,  // a parameter is out of range (names the parameter and the value)
  UnknownId,        // a raw user or item id that the model or dataset does not know
  CorruptModel,     // a saved model is truncated, damaged or of another version
  Io,               // a file could not be opened or written
  Resource,         // a request would need more memory than allowed
  Cancelled,        // a long operation was cancelled by its progress callback
};

const char* to_string(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

[[noreturn]] void fail(ErrorKind kind, const std::string& message);

}  // namespace mf
