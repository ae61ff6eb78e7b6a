// Shared by the fuzz targets: invariant checks that abort (so libFuzzer
// records the input) and the properties every engine message must have.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#define FUZZ_CHECK(cond)                                                              \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "fuzz invariant failed: %s at %s:%d\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                   \
    }                                                                                 \
  } while (0)

namespace fuzz {

inline bool valid_utf8(const std::string& s) {
  std::size_t k = 0;
  while (k < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[k]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || k + n > s.size()) return false;
    for (std::size_t j = 1; j < n; ++j)
      if ((static_cast<unsigned char>(s[k + j]) & 0xC0) != 0x80) return false;
    k += n;
  }
  return true;
}

// A message is shown as is by the CLI, the JS API and the page: it must be
// short (a 1 MB line must not become a 1 MB message), valid UTF-8 and free of
// raw control characters.
inline void check_message(const std::string& m) {
  FUZZ_CHECK(!m.empty());
  FUZZ_CHECK(m.size() < 1000);
  FUZZ_CHECK(valid_utf8(m));
  for (char c : m) FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
}

}  // namespace fuzz
