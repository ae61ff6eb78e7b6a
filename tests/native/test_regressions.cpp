// Regression tests of the bugs found while hardening the engine against
// hostile input (issue 5). Each test is named after what broke.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "mf/io.hpp"
#include "mf/options.hpp"
#include "mf/recommend.hpp"
#include "mf/split.hpp"
#include "mf/train.hpp"
#include "test_util.hpp"
#include "toy_model.hpp"

using mft::catch_error;
using mft::contains;

namespace {

mf::LoadOptions named(const std::string& source) {
  mf::LoadOptions o;
  o.source = source;
  return o;
}

std::string parse_message(const std::string& text, const mf::LoadOptions& o) {
  auto e = catch_error([&] { mf::parse_ratings(text, o); });
  CHECK(e.kind() == mf::ErrorKind::Parse);
  return e.what();
}

using Bytes = std::vector<std::uint8_t>;

void fix_crc(Bytes& b) {
  const std::uint32_t c = mf::crc32(b.data(), b.size() - 4);
  for (int k = 0; k < 4; ++k) b[b.size() - 4 + k] = std::uint8_t(c >> (8 * k));
}

}  // namespace

// Messages printed numbers with 6 significant digits: 5.0000001 was reported
// as "rating 5 is outside the scale 0.5 .. 5".
TEST_CASE("a rating just outside the scale is shown with the digits that put it outside", "[regression]") {
  std::string msg = parse_message("1,2,3\n1,3,5.0000001\n", named("r.csv"));
  INFO(msg);
  CHECK(contains(msg, "r.csv line 2: rating 5.0000001 is outside the scale 0.5 .. 5"));

  msg = parse_message("1,2,0.49999999\n", named("r.csv"));
  CHECK(contains(msg, "rating 0.49999999 is outside"));

  // A float scale is printed as written, not as its double expansion.
  mf::LoadOptions o = named("s.csv");
  o.scale = {1.1f, 4.1f};
  msg = parse_message("1,2,4.2\n", o);
  INFO(msg);
  CHECK(contains(msg, "outside the scale 1.1 .. 4.1"));

  // Arrays name the float that was given.
  std::vector<mf::RawId> u{1}, i{2};
  std::vector<float> r{5.0000005f};
  auto e = catch_error([&] { mf::dataset_from_arrays(u.data(), i.data(), r.data(), 1); });
  CHECK(contains(e.what(), "rating 5.0000005 is outside"));

  // Fold-in too.
  const mf::Model m = mft::toy_model();
  auto f = catch_error([&] { mf::fold_in(m, {{100, 5.0000005f}}); });
  INFO(f.what());
  CHECK(contains(f.what(), "rating 5.0000005 for item 100 is outside the scale 0.5 .. 5"));
}

// A first line whose first field was not a number was taken for a header and
// skipped without a word: "abc,1,4.0" as line 1 silently lost a rating.
TEST_CASE("a first data line with a text user id is an error naming line 1, not a skipped header", "[regression]") {
  std::string msg = parse_message("abc,1,4.0\n2,1,3\n", named("first.csv"));
  INFO(msg);
  CHECK(contains(msg, "first.csv line 1: user id 'abc' is not an integer"));
  msg = parse_message("u1\t10\t4\t100\n2\t1\t3\t100\n", named("first.data"));
  CHECK(contains(msg, "first.data line 1: user id 'u1'"));
  // Real headers are still skipped.
  for (const char* header : {"userId,movieId,rating,timestamp", "user,item,rating", "UserID,MovieID,Rating"}) {
    INFO(header);
    mf::LoadReport report;
    auto d = mf::parse_ratings(std::string(header) + "\n1,2,3\n", named("h.csv"), &report);
    CHECK(d.ratings.size() == 1);
    CHECK(report.skipped == 0);
  }
}

// from_chars after a skipped '+' read "+-5" as -5.
TEST_CASE("an id written +-5 is rejected, not read as -5", "[regression]") {
  std::string msg = parse_message("1,2,3\n+-5,2,3\n", named("sign.csv"));
  INFO(msg);
  CHECK(contains(msg, "sign.csv line 2: user id '+-5' is not an integer"));
  auto d = mf::parse_ratings("+5,+7,3\n", named("plus.csv"));
  CHECK(d.users.raw_ids() == std::vector<mf::RawId>{5});
  CHECK(d.items.raw_ids() == std::vector<mf::RawId>{7});
}

// strtod read "0x4" as the rating 4 and skipped a leading vertical tab.
TEST_CASE("a hexadecimal rating or one after a control character is not a number", "[regression]") {
  std::string msg = parse_message("1,2,3\n1,3,0x4\n", named("hex.csv"));
  INFO(msg);
  CHECK(contains(msg, "hex.csv line 2: rating '0x4' is not a number"));
  msg = parse_message("1,2,3\n1,3,\v4\n", named("vt.csv"));
  INFO(msg);
  CHECK(contains(msg, "vt.csv line 2: rating '\\x0b4' is not a number"));
  // Ordinary decimal forms still parse.
  auto d = mf::parse_ratings("1,1,4.\n1,2,.5\n1,3,+3\n1,4,2.5e0\n", named("ok.csv"));
  CHECK(d.ratings.value == std::vector<float>{4.0f, 0.5f, 3.0f, 2.5f});
}

// std::to_string printed -1e-7 as "-0.000000".
TEST_CASE("an out-of-range test fraction is named with its digits", "[regression]") {
  auto d = mft::random_dataset(5, 5, 0.5, 1);
  auto e = catch_error([&] { mf::split_random(d, -1e-7, 1); });
  INFO(e.what());
  CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
  CHECK(contains(e.what(), "(got -1e-07)"));
  auto e2 = catch_error([&] { mf::split_random(d, 1.0000001, 1); });
  CHECK(contains(e2.what(), "(got 1.0000001)"));
}

// The same 6-digit printing said "learningRate ... (0, 100] (got 100)".
TEST_CASE("an option just past its limit is named with its digits", "[regression]") {
  auto o = mf::default_options(mf::Algorithm::SGD);
  o.learning_rate = 100.0000001;
  auto e = catch_error([&] { mf::validate(o); });
  INFO(e.what());
  CHECK(contains(e.what(), "(got 100.0000001)"));
  o = mf::default_options(mf::Algorithm::ALS);
  o.init_std = 10.000001;
  auto e2 = catch_error([&] { mf::validate(o); });
  CHECK(contains(e2.what(), "(got 10.000001)"));
}

// A file of 8..15 bytes starting with the magic was called "not a model file".
TEST_CASE("a model cut inside its first 16 bytes is reported as truncated, not foreign", "[regression]") {
  const Bytes full = mf::save_model(mft::toy_model());
  for (std::size_t n = 8; n < 16; ++n) {
    INFO(n << " bytes");
    auto e = catch_error([&] { mf::load_model(full.data(), n); });
    CHECK(e.kind() == mf::ErrorKind::CorruptModel);
    CHECK(contains(e.what(), "truncated: " + std::to_string(n) + " bytes"));
  }
  auto short_one = catch_error([&] { mf::load_model(full.data(), 5); });
  CHECK(contains(short_one.what(), "too short to be a model (5 bytes)"));
  const std::string text = "userId,movieId,rating\n1,2,3\n";
  auto foreign = catch_error(
      [&] { mf::load_model(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()); });
  CHECK(contains(foreign.what(), "not a model file"));
}

// A checksum-valid model with an infinite scale was accepted: nothing would be clipped.
TEST_CASE("a model with an infinite rating scale is rejected", "[regression]") {
  const Bytes good = mf::save_model(mft::toy_model());
  const std::size_t scale_at = 16 + 4 * 3 + 4;  // after magic, version, size, k, n_users, n_items, flags
  for (std::size_t which : {scale_at, scale_at + 4}) {
    Bytes bad = good;
    const float inf = which == scale_at ? -INFINITY : INFINITY;
    std::uint32_t bits;
    std::memcpy(&bits, &inf, 4);
    for (int k = 0; k < 4; ++k) bad[which + k] = std::uint8_t(bits >> (8 * k));
    fix_crc(bad);
    auto e = catch_error([&] { mf::load_model(bad.data(), bad.size()); });
    CHECK(e.kind() == mf::ErrorKind::CorruptModel);
    CHECK(contains(e.what(), "bad rating scale"));
  }
}

// A directory read as empty ("no ratings found: it is empty") or escaped as a
// std::ios_base::failure ("unexpected error: basic_filebuf::underflow").
TEST_CASE("a directory given as a ratings or model file is an Io error saying so", "[regression]") {
  const std::string dir = std::filesystem::temp_directory_path().string();
  auto e1 = catch_error([&] { mf::load_ratings(dir); });
  CHECK(e1.kind() == mf::ErrorKind::Io);
  CHECK(contains(e1.what(), "is a directory"));
  auto e2 = catch_error([&] { mf::load_model_file(dir); });
  CHECK(e2.kind() == mf::ErrorKind::Io);
  CHECK(contains(e2.what(), "is a directory"));
  auto e3 = catch_error([&] { mf::load_movies(dir); });
  CHECK(e3.kind() == mf::ErrorKind::Io);
  auto e4 = catch_error([&] { mf::load_model_file(dir + "/no-such-file.mfm"); });
  CHECK(e4.kind() == mf::ErrorKind::Io);
  CHECK(contains(e4.what(), "cannot open"));
}

// The estimate multiplied size_t values: past 2^32 bytes in WebAssembly (or
// 2^64 natively) it wrapped around to a small number and passed the limit.
TEST_CASE("the training memory estimate saturates instead of wrapping around", "[regression]") {
  auto o = mf::default_options(mf::Algorithm::ALS);
  o.factors = 1022;                // 2 x (4 x 1022 + 8) = 2^13 bytes per row
  o.memory_limit = std::size_t(1) << 30;
  // 2^19 rows need 2^32 bytes: a 32-bit size_t wrapped that to 0.
  const std::size_t half = std::size_t(1) << 18;
  auto e = catch_error([&] { mf::validate(o, half, half); });
  CHECK(e.kind() == mf::ErrorKind::Resource);
  CHECK(mf::training_memory_bytes(o, half, half, 0) > (std::size_t(1) << 31));
  if constexpr (sizeof(std::size_t) >= 8) {
    // 2^51 rows need 2^64 bytes: a 64-bit size_t wrapped that to 0.
    const std::size_t big = std::size_t(1) << 50;
    auto e2 = catch_error([&] { mf::validate(o, big, big); });
    CHECK(e2.kind() == mf::ErrorKind::Resource);
    CHECK(mf::training_memory_bytes(o, big, big, 0) == std::numeric_limits<std::size_t>::max());
  }
  const std::size_t most = std::numeric_limits<std::size_t>::max();
  auto largest = o;
  largest.factors = mf::kMaxFactors;
  CHECK(mf::training_memory_bytes(largest, most, most, most) == most);
  // Small problems are still counted exactly: the model twice, the split, and
  // what the algorithm builds (ALS: the ratings by user and by item, and the
  // row solve's workspace, one per thread; SGD: its visiting order).
  o.factors = 10;
  CHECK(mf::training_memory_bytes(o, 100, 200, 5000) ==
        2 * 300 * (10 * 4 + 8) + 5000 * 12 + (2 * 5000 * 8 + 302 * sizeof(std::size_t)) +
            (11 * 11 * 16 + 11 * 64) * std::size_t(mf::resolved_threads(o)));
  auto sgd = mf::default_options(mf::Algorithm::SGD);
  sgd.factors = 10;
  CHECK(mf::training_memory_bytes(sgd, 100, 200, 5000) == 2 * 300 * (10 * 4 + 8) + 5000 * 12 + 5000 * 12);
}

namespace {

bool valid_utf8(const std::string& s) {
  std::size_t k = 0;
  while (k < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[k]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || k + n > s.size()) return false;
    for (std::size_t j = 1; j < n; ++j)
      if ((static_cast<unsigned char>(s[k + j]) & 0xC0) != 0x80) return false;
    k += n;
  }
  return true;
}

}  // namespace

// Values were quoted byte by byte: a Latin-1 byte went into the message as is,
// and the 40-byte cut could split a UTF-8 character, so JS showed U+FFFD.
TEST_CASE("a quoted value in a message stays valid UTF-8 when the input is not or is cut mid-character", "[regression]") {
  std::string msg = parse_message("1,2,3\n1,caf\xe9,3\n", named("latin1.csv"));
  INFO(msg);
  CHECK(valid_utf8(msg));
  CHECK(contains(msg, "item id 'caf\\xe9' is not an integer"));
  msg = parse_message("1,2,3\n1," + std::string(39, 'x') + "\xc3\xa9t\xc3\xa9,3\n", named("cut.csv"));
  INFO(msg);
  CHECK(valid_utf8(msg));
  CHECK(contains(msg, "item id '" + std::string(39, 'x') + "...'"));
  // Whole characters that fit are kept, invalid sequences are escaped byte by byte.
  msg = parse_message("1,2,3\n1,\xc3\xa9\xed\xa0\x80\xf0\x9f\x8e\xac\xc3,3\n", named("mixed.csv"));
  INFO(msg);
  CHECK(valid_utf8(msg));
  CHECK(contains(msg, "'\xc3\xa9\\xed\\xa0\\x80\xf0\x9f\x8e\xac\\xc3'"));
}

// A CR-only (old Mac) file was one long line "with 7 fields".
TEST_CASE("a file with CR-only line ends is named as such, not as a field-count error", "[regression]") {
  std::string msg = parse_message("1,2,3\r1,3,4\r", named("mac.csv"));
  INFO(msg);
  CHECK(contains(msg, "mac.csv line 1: contains a carriage return inside the line"));
  // CRLF is still fine.
  CHECK(mf::parse_ratings("1,2,3\r\n1,3,4\r\n", named("win.csv")).ratings.size() == 2);
}

// A rating field of more than 64 characters was "not a number", even when all digits.
TEST_CASE("an overlong rating field says it is too long, with its length", "[regression]") {
  std::string msg = parse_message("1,2," + std::string(100, '1') + "\n", named("long.csv"));
  INFO(msg);
  CHECK(contains(msg, "is too long to be a number (100 characters)"));
}

// Found by fuzz_model: a checksum-valid model whose values were finite but
// huge (3e37) loaded, and its predictions overflowed to inf - inf = NaN.
TEST_CASE("a model with huge finite values is rejected instead of predicting NaN", "[regression]") {
  const mf::Model toy = mft::toy_model();
  const Bytes good = mf::save_model(toy);
  const std::size_t nu = toy.n_users(), ni = toy.n_items();
  const std::size_t header = 88 + 40;  // version 2: version 1's 88 bytes and the implicit ALS fields
  const std::size_t user_factors = 16 + header + 16 * (nu + ni);
  auto with_value = [&](std::size_t at, float v) {
    Bytes b = good;
    std::uint32_t bits;
    std::memcpy(&bits, &v, 4);
    for (int k = 0; k < 4; ++k) b[at + k] = std::uint8_t(bits >> (8 * k));
    fix_crc(b);
    return b;
  };
  // User 10's first factor (p = (1, 0.5)) and item 100's (q = (1, 1)).
  const std::size_t p0 = user_factors, q0 = user_factors + 4 * nu * 2;
  for (float huge : {3e37f, -3e37f, 1.0001e17f}) {
    INFO(huge);
    for (std::size_t at : {p0, q0}) {
      const Bytes bad = with_value(at, huge);
      auto e = catch_error([&] { mf::load_model(bad.data(), bad.size()); });
      CHECK(e.kind() == mf::ErrorKind::CorruptModel);
      CHECK(contains(e.what(), "too large"));
    }
  }
  // At the limit the model loads and every prediction is finite.
  Bytes edge = with_value(p0, 1e17f);
  {
    Bytes b = edge;
    const float v = -1e17f;
    std::uint32_t bits;
    std::memcpy(&bits, &v, 4);
    for (int k = 0; k < 4; ++k) b[q0 + k] = std::uint8_t(bits >> (8 * k));
    fix_crc(b);
    edge = b;
  }
  const mf::Model m = mf::load_model(edge.data(), edge.size());
  for (mf::RawId u : {10, 20, 30, 99})
    for (mf::RawId i : {100, 200, 300, 400, 500, 999}) {
      CHECK(std::isfinite(mf::predict_raw(m, u, i).value));
      CHECK(std::isfinite(mf::predict_raw(m, u, i, false).value));
    }
}

// Found by fuzz_ratings: a scale of +-1e30 let ratings of 4e19 in; the model
// trained on them had a mean of 1e19 and was refused when loaded back.
TEST_CASE("a rating scale beyond 1e9 is refused so that every trained model loads back", "[regression]") {
  mf::LoadOptions o = named("wide.csv");
  o.scale = {-1e30f, 1e30f};
  auto e = catch_error([&] { mf::parse_ratings("1,2,39223372036854775807\n", o); });
  CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
  CHECK(contains(e.what(), "within -1e9 .. 1e9 (got -1e+30 .. 1e+30)"));
  o.scale = {0.0f, 1e10f};
  CHECK(catch_error([&] { mf::parse_ratings("1,2,3\n", o); }).kind() == mf::ErrorKind::InvalidArgument);

  // The widest scale allowed: data at its ends trains, saves and loads.
  o.scale = {-1e9f, 1e9f};
  const auto d = mf::parse_ratings("1,1,1e9\n1,2,-1e9\n2,1,-1e9\n2,2,1e9\n3,1,5e8\n3,2,0\n", o);
  for (auto a : {mf::Algorithm::ALS, mf::Algorithm::SGD}) {
    auto t_opt = mf::default_options(a);
    t_opt.factors = 2;
    mf::Trainer t(d, mft::all_train(d), t_opt);
    for (int s = 0; s < 3; ++s) t.step();
    const Bytes b = mf::save_model(t.model());
    CHECK_NOTHROW(mf::load_model(b.data(), b.size()));
  }

  // A stored scale beyond it is a damaged model.
  Bytes bad = mf::save_model(mft::toy_model());
  const float wide = 1e10f;
  std::uint32_t bits;
  std::memcpy(&bits, &wide, 4);
  for (int k = 0; k < 4; ++k) bad[36 + k] = std::uint8_t(bits >> (8 * k));
  fix_crc(bad);
  auto e2 = catch_error([&] { mf::load_model(bad.data(), bad.size()); });
  CHECK(e2.kind() == mf::ErrorKind::CorruptModel);
  CHECK(contains(e2.what(), "bad rating scale"));
}
