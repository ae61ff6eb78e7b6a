// Numbers in messages: the shortest text that reads back as the same value, so
// that a rejected 5.0000001 is not shown as "5" next to a limit of 5.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace mf {

inline std::string shortest_text(double v) {
  char buf[40];
  for (int digits = 6; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

// Floats (rating scales, stored ratings) by their own shortest text: 4.1f is
// "4.1", not the "4.0999999046325684" of its double.
inline std::string shortest_text(float v) {
  char buf[40];
  for (int digits = 6; digits <= 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, double(v));
    if (std::strtof(buf, nullptr) == v) break;
  }
  return buf;
}

// Fast paths of the ratings parser (fields.hpp), each falling back to the
// general routine (strtod, from_chars) for anything it does not take.

// 1 to 18 plain digits (below 10^18, so no overflow): the common case, read
// without from_chars' general machinery. Anything else returns false.
inline bool short_integer(const char* begin, const char* end, std::int64_t& out) {
  if (begin == end || end - begin > 18) return false;
  std::int64_t v = 0;
  for (const char* c = begin; c != end; ++c) {
    if (*c < '0' || *c > '9') return false;
    v = v * 10 + (*c - '0');
  }
  out = v;
  return true;
}

// "4", "3.5", "10.25": digits with at most one '.' between digits and at most
// 15 digits in all. Their value m / 10^d (m < 10^15 < 2^53, d <= 14, both
// exact doubles) is one correctly rounded IEEE division, which is exactly what
// strtod returns for the same text (Clinger's fast path). Anything else
// (signs, exponents, long or odd forms) goes to strtod.
inline bool short_decimal(std::string_view f, double& out) {
  static constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  std::uint64_t m = 0;
  int digits = 0, fraction = -1;  // fraction: digits after the '.', -1 without one
  for (std::size_t k = 0; k < f.size(); ++k) {
    const char c = f[k];
    if (c >= '0' && c <= '9') {
      if (++digits > 15) return false;
      m = m * 10 + std::uint64_t(c - '0');
      if (fraction >= 0) ++fraction;
    } else if (c == '.' && fraction < 0 && k > 0 && k + 1 < f.size()) {
      fraction = 0;
    } else {
      return false;
    }
  }
  if (digits == 0) return false;
  out = fraction > 0 ? double(m) / kPow10[fraction] : double(m);
  return true;
}

}  // namespace mf
