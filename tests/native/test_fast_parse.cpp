// The ratings parser's fast paths for short decimals and integers (text.hpp)
// must give exactly what strtod and from_chars give for the same text, on
// every platform: they are checked here against those routines on random
// texts of every length and shape they accept, and at their limits.
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "../../core/src/text.hpp"
#include "mf/rng.hpp"
#include "test_util.hpp"

namespace {

double strtod_of(const std::string& s) { return std::strtod(s.c_str(), nullptr); }

// Random digits with an optional '.' somewhere inside: 1 to 17 digits.
std::string random_decimal(mf::Rng& rng) {
  const int digits = 1 + int(rng.below(17));
  std::string s;
  for (int d = 0; d < digits; ++d) s += char('0' + rng.below(10));
  if (digits > 1 && rng.below(4) != 0) s.insert(1 + rng.below(std::uint64_t(digits - 1)), ".");
  return s;
}

}  // namespace

TEST_CASE("short_decimal equals strtod bit for bit on every text it accepts", "[dataset][parse]") {
  mf::Rng rng(7);
  int accepted = 0;
  for (int n = 0; n < 200000; ++n) {
    const std::string s = random_decimal(rng);
    double fast = -1;
    if (!mf::short_decimal(s, fast)) continue;
    ++accepted;
    const double slow = strtod_of(s);
    if (std::memcmp(&fast, &slow, sizeof fast) != 0) FAIL("short_decimal(\"" << s << "\") = " << mf::shortest_text(fast) << ", strtod " << mf::shortest_text(slow));
  }
  // Texts of up to 15 digits are taken (about 15/17 of them), longer ones are left to strtod.
  CHECK(accepted > 150000);
  CHECK(accepted < 190000);
}

TEST_CASE("short_decimal takes the MovieLens forms and leaves the rest to strtod", "[dataset][parse]") {
  double v = 0;
  for (const char* s : {"4", "3.5", "0.5", "10", "4.0", "999999999999999", "0.00000000000001", "12345678.1234567"}) {
    INFO(s);
    REQUIRE(mf::short_decimal(s, v));
    CHECK(v == strtod_of(s));
  }
  for (const char* s : {"", ".", ".5", "5.", "1.2.3", "-1", "+1", "1e3", "0x4", "nan", "inf", " 4", "4 ",
                        "1234567890123456", "1.234567890123456"}) {
    INFO(s);
    CHECK_FALSE(mf::short_decimal(s, v));
  }
}

TEST_CASE("short_integer equals from_chars on plain digits and leaves the rest to it", "[dataset][parse]") {
  mf::Rng rng(11);
  for (int n = 0; n < 100000; ++n) {
    const int digits = 1 + int(rng.below(18));
    std::string s;
    for (int d = 0; d < digits; ++d) s += char('0' + rng.below(10));
    std::int64_t fast = -1, slow = -2;
    REQUIRE(mf::short_integer(s.data(), s.data() + s.size(), fast));
    std::from_chars(s.data(), s.data() + s.size(), slow);
    if (fast != slow) FAIL("short_integer(\"" << s << "\") = " << fast << ", from_chars " << slow);
  }
  std::int64_t v = 0;
  const std::string max18 = "999999999999999999";
  REQUIRE(mf::short_integer(max18.data(), max18.data() + max18.size(), v));
  CHECK(v == 999999999999999999LL);
  for (const std::string s : {"", "1234567890123456789", "-5", "+5", "1a", "1.0", " 1"})
    CHECK_FALSE(mf::short_integer(s.data(), s.data() + s.size(), v));
}
