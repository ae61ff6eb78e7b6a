// Errors raised by the engine. Every failure the user can cause ends here, with
// a message that names the problem (file, line, value or parameter), so that the
// CLI, the JS API and the page can show it as is.
//
// A message that names a setting holds the setting's stable key (the C++ field
// name: "learning_rate", "test_fraction") instead of a spelling, and each front
// end renders it in its own vocabulary: what() uses the keys as they are, the
// CLI writes --lr, the JS API learningRate, the page the field's label.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

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

// "Parse", "InvalidArgument", ...: the enumerator's name (the JS API's MfError.kind).
const char* to_string(ErrorKind kind);

// Spells a parameter key in a front end's vocabulary.
using Spelling = std::function<std::string(std::string_view key)>;

// Message text in parts: literal text, and the keys of the parameters it names.
class Message {
 public:
  Message() = default;
  Message(std::string text) { add(false, std::move(text)); }
  Message(const char* text) { add(false, text); }

  // Appends literal text.
  Message& operator<<(std::string_view text) { return add(false, std::string(text)); }
  Message& operator<<(const char* text) { return add(false, text); }
  Message& operator<<(const std::string& text) { return add(false, text); }
  // Appends another message's parts (text and parameters).
  Message& operator<<(const Message& more) {
    for (const Part& p : more.parts_) add(p.is_parameter, p.text);
    return *this;
  }
  // Appends a parameter's name, by key.
  Message& parameter(std::string_view key) { return add(true, std::string(key)); }

  struct Part {
    bool is_parameter;
    std::string text;  // the literal text, or the parameter's key
  };
  const std::vector<Part>& parts() const { return parts_; }
  // The first parameter named, or "" if none.
  std::string first_parameter() const;
  // The text with every parameter spelled by `spell` (by default: its key).
  std::string render(const Spelling& spell = {}) const;

 private:
  Message& add(bool is_parameter, std::string text);
  std::vector<Part> parts_;
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const Message& message)
      : std::runtime_error(message.render()), kind_(kind), message_(message) {}
  ErrorKind kind() const { return kind_; }
  const Message& message() const { return message_; }
  // The key of the setting the error is about ("" when it is not about one).
  std::string parameter() const { return message_.first_parameter(); }

 private:
  ErrorKind kind_;
  Message message_;
};

[[noreturn]] void fail(ErrorKind kind, const Message& message);

// A parameter's key inside a Message built with <<: `fail(k, param("factors") << " must be ...")`.
inline Message param(std::string_view key) { return Message().parameter(key); }

}  // namespace mf
