#include "fields.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mf {

namespace {

// Length of the valid UTF-8 sequence at the start of s (0 if it is not one).
std::size_t utf8_length(std::string_view s) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto cont = [&](std::size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) > 0x9F)) return 0;  // overlong, surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if ((c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) > 0x8F)) return 0;  // overlong, > U+10FFFF
    return 4;
  }
  return 0;
}

bool starts_like_number(std::string_view f) {
  f = trim(f);
  if (f.empty()) return false;
  char c = f[0];
  return c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9');
}

}  // namespace

std::string quoted(std::string_view s) {
  constexpr std::size_t kMax = 40;  // input bytes shown
  std::string out = "'";
  std::size_t k = 0;
  while (k < s.size()) {
    const std::size_t n = utf8_length(s.substr(k));
    if (k + std::max<std::size_t>(n, 1) > kMax) break;
    const unsigned char uc = static_cast<unsigned char>(s[k]);
    if (n == 0 || uc < 0x20 || uc == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", uc);
      out += buf;
      ++k;
    } else {
      out.append(s.data() + k, n);
      k += n;
    }
  }
  if (k < s.size()) out += "...";
  return out + "'";
}

bool looks_like_header(const std::vector<std::string_view>& fields) {
  std::string_view f = trim(fields[0]);
  if (f.empty()) return false;
  for (std::string_view field : fields)
    if (starts_like_number(field)) return false;
  return true;
}

std::string number_text(double v) {
  if (std::fabs(v) <= 3.4e38 && double(static_cast<float>(v)) == v) return shortest_text(static_cast<float>(v));
  return shortest_text(v);
}
std::string number_text(float v) { return shortest_text(v); }

}  // namespace mf
