// Reading option values: each failure names the option as the user typed it.
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "cli.hpp"
#include "mf/error.hpp"

namespace cli {

void Value::bad(const std::string& must_be) const {
  throw mf::Error(mf::ErrorKind::InvalidArgument, name + " must be " + must_be + " (got '" + text + "')");
}

double Value::number() const {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v)) bad("a finite number");
  return v;
}

std::int64_t Value::integer() const {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE) bad("an integer");
  return v;
}

int Value::count() const {
  const std::int64_t v = integer();
  if (v < -1000000000LL || v > 1000000000LL)
    throw mf::Error(mf::ErrorKind::InvalidArgument, name + " is out of range (got '" + text + "')");
  return int(v);
}

std::uint64_t Value::natural() const {
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = text.empty() || text[0] == '-' ? 0 : std::strtoull(text.c_str(), &end, 10);
  if (!end || *end != '\0' || errno == ERANGE) bad("a non-negative integer");
  return v;
}

const std::string& Value::choice() const {
  std::string choices;
  for (const Value& c : Value{name, syntax, ""}.split('|')) {
    if (c.text == text) return text;
    choices += (choices.empty() ? "" : ", ") + c.text;
  }
  bad("one of " + choices);
}

std::vector<Value> Value::split(char separator, std::string_view parts) const {
  std::vector<std::string> names;
  for (std::size_t at = 0; at < parts.size();) {
    const std::size_t space = std::min(parts.find(' ', at), parts.size());
    names.push_back(name + " " + std::string(parts.substr(at, space - at)));
    at = space + 1;
  }
  std::vector<Value> out;
  for (std::size_t at = 0;;) {
    const std::size_t end = std::min(text.find(separator, at), text.size());
    const std::size_t k = out.size();
    out.push_back({k < names.size() ? names[k] : name, text.substr(at, end - at), ""});
    if (end == text.size()) break;
    at = end + 1;
  }
  if (!names.empty() && out.size() != names.size())
    throw mf::Error(mf::ErrorKind::InvalidArgument, name + " takes " + syntax + " (got '" + text + "')");
  return out;
}

}  // namespace cli
