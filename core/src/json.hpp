// A small JSON reader for what Spark writes: its metadata line (parsed into
// values) and its factor rows (read field by field, see spark_model.cpp).
// Numbers keep their text, so that an id is read as an integer and a feature
// straight to float (one rounding, as Spark's writer rounded it). Errors are
// thrown as Problem (fields.hpp) naming the offset in the text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fields.hpp"

namespace mf::json {

struct Value {
  enum class Type { Null, Bool, Number, String, Array, Object } type = Type::Null;
  bool boolean = false;
  std::string text;  // a string's characters, or a number as written
  std::vector<Value> items;
  std::vector<std::pair<std::string, Value>> members;  // in file order

  const Value* find(std::string_view key) const {
    for (const auto& [k, v] : members)
      if (k == key) return &v;
    return nullptr;
  }
};

class Cursor {
 public:
  explicit Cursor(std::string_view text) : s_(text) {}

  std::size_t offset() const { return pos_; }
  bool at_end() {
    space();
    return pos_ == s_.size();
  }
  [[noreturn]] void fail(const std::string& what) const {
    throw Problem{what + " at character " + std::to_string(pos_ + 1)};
  }
  // The next character after spaces (0 at the end), not taken.
  char peek() {
    space();
    return pos_ < s_.size() ? s_[pos_] : '\0';
  }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }
  void expect(char c, const char* what) {
    if (!eat(c)) fail(std::string("expected ") + what);
  }

  std::string string() {
    expect('"', "a string");
    std::string out;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (static_cast<unsigned char>(c) < 0x20) fail("a control character inside a string");
      if (c == '\\') {
        if (pos_ >= s_.size()) break;
        c = s_[pos_++];
        if (c == 'u') {  // kept as written: no key or value read here needs it decoded
          out += "\\u";
          continue;
        }
        const char* from = "\"\\/bfnrt";
        const char* to = "\"\\/\b\f\n\r\t";
        const char* at = std::char_traits<char>::find(from, 8, c);
        if (!at) fail("a bad escape in a string");
        c = to[at - from];
      }
      out += c;
    }
    if (pos_ >= s_.size()) fail("an unterminated string");
    ++pos_;
    return out;
  }

  // A number's text (JSON's grammar, loosely: checked by whoever converts it),
  // or NaN, Infinity and -Infinity as Java writes them unquoted.
  std::string_view number() {
    space();
    const std::size_t start = pos_;
    for (const char* word : {"NaN", "Infinity", "-Infinity"}) {
      const std::string_view w(word);
      if (s_.substr(pos_, w.size()) == w) {
        pos_ += w.size();
        return w;
      }
    }
    while (pos_ < s_.size() && std::string_view("+-0123456789.eE").find(s_[pos_]) != std::string_view::npos) ++pos_;
    if (pos_ == start) fail("expected a number");
    return s_.substr(start, pos_ - start);
  }

  bool word(std::string_view w) {
    space();
    if (s_.substr(pos_, w.size()) != w) return false;
    pos_ += w.size();
    return true;
  }

  Value value(int depth = 0) {
    if (depth > 64) fail("nesting too deep");
    Value v;
    const char c = peek();
    if (c == '{') {
      v.type = Value::Type::Object;
      ++pos_;
      if (eat('}')) return v;
      do {
        std::string key = string();
        expect(':', "':'");
        v.members.emplace_back(std::move(key), value(depth + 1));
      } while (eat(','));
      expect('}', "',' or '}'");
    } else if (c == '[') {
      v.type = Value::Type::Array;
      ++pos_;
      if (eat(']')) return v;
      do v.items.push_back(value(depth + 1));
      while (eat(','));
      expect(']', "',' or ']'");
    } else if (c == '"') {
      v.type = Value::Type::String;
      v.text = string();
    } else if (word("true") || word("false")) {
      v.type = Value::Type::Bool;
      v.boolean = s_[pos_ - 1] == 'e' && s_[pos_ - 2] == 'u';
    } else if (word("null")) {
      v.type = Value::Type::Null;
    } else {
      v.type = Value::Type::Number;
      v.text = std::string(number());
    }
    return v;
  }

 private:
  void space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace mf::json
