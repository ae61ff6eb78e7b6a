// Numbers in messages: the shortest text that reads back as the same value, so
// that a rejected 5.0000001 is not shown as "5" next to a limit of 5.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

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

}  // namespace mf
