// The fields of a text line, as the ratings and movies parsers read them:
// ids, numbers, header detection, and values quoted for messages.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "mf/dataset.hpp"
#include "text.hpp"  // short_integer, short_decimal

namespace mf {

// What is wrong with one line (or array entry), before the parser adds the
// source and the position: a string first, so that skip_bad_lines can
// collect problems instead of failing.
struct Problem {
  std::string what;
};

// A user-supplied value quoted for a message ('...'), shortened so a 1 MB
// line does not become a 1 MB message. Control characters and bytes that are
// not UTF-8 are written as \xNN, and the cut never splits a character, so the
// message is valid UTF-8 whatever the input (JS shows it as is).
std::string quoted(std::string_view s);

// The readers of one field, inline: the ratings parser calls them for every
// field of every line.

// `s` without leading and trailing spaces and tabs.
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Whether `s` is a whole 64-bit integer (the timestamps, which are only checked).
inline bool is_integer(std::string_view s) {
  std::int64_t v = 0;
  if (short_integer(s.data(), s.data() + s.size(), v)) return true;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && res.ec == std::errc() && res.ptr == s.data() + s.size();
}

// The field as an id: a 64-bit integer, one '+' allowed, spaces and tabs
// around it ignored. Throws Problem naming `name` ("user id 'x' is not an integer").
inline RawId parse_id(std::string_view field, const char* name) {
  std::string_view f = trim(field);
  if (f.empty()) throw Problem{std::string(name) + " id is empty"};
  RawId v = 0;
  const char* begin = f.data();
  const char* end = f.data() + f.size();
  // One '+' before the digits is allowed ("+5"); "+-5" is not an integer.
  if (*begin == '+' && f.size() > 1 && f[1] >= '0' && f[1] <= '9') ++begin;
  if (short_integer(begin, end, v)) return v;
  auto res = std::from_chars(begin, end, v);
  if (res.ec == std::errc::result_out_of_range)
    throw Problem{std::string(name) + " id " + quoted(f) + " does not fit in a 64-bit integer"};
  if (res.ec != std::errc() || res.ptr != end)
    throw Problem{std::string(name) + " id " + quoted(f) + " is not an integer"};
  return v;
}

// The field as a finite decimal number (no hexadecimal, at most 64 characters).
// Throws Problem naming `name`.
inline double parse_number(std::string_view field, const char* name) {
  std::string_view f = trim(field);
  if (f.empty()) throw Problem{std::string(name) + " is empty"};
  if (f.size() > 64)
    throw Problem{std::string(name) + " " + quoted(f) + " is too long to be a number (" +
                  std::to_string(f.size()) + " characters)"};
  // strtod would also read hexadecimal ("0x4") and skip leading newlines or
  // form feeds: neither is a rating in a text file.
  const unsigned char first = static_cast<unsigned char>(f[0]);
  if (f.find_first_of("xX") != std::string_view::npos || (first < 0x20 || first == 0x7f))
    throw Problem{std::string(name) + " " + quoted(f) + " is not a number"};
  double fast;
  if (short_decimal(f, fast)) return fast;
  char buf[80];
  std::memcpy(buf, f.data(), f.size());
  buf[f.size()] = '\0';
  char* end = nullptr;
  const double v = std::strtod(buf, &end);
  if (end != buf + f.size() || end == buf)
    throw Problem{std::string(name) + " " + quoted(f) + " is not a number"};
  if (!std::isfinite(v)) throw Problem{std::string(name) + " " + quoted(f) + " is not a finite number"};
  return v;
}

// A header names its columns: the first field is not empty, and no field
// starts like a number. "abc,1,4.0" is a data line with a bad user id (an
// error naming its line), not a header to skip silently.
bool looks_like_header(const std::vector<std::string_view>& fields);

// A number in a message: the shortest text that reads back as the same value,
// as a float when it is exactly one (5.0000005, not 5.0000004768371582).
std::string number_text(double v);
std::string number_text(float v);

}  // namespace mf
