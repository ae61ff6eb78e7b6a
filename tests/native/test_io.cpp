// Model files (io.hpp): the byte layout, round trips, and rejection of every
// truncated or damaged file.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "mf/io.hpp"
#include "mf/train.hpp"
#include "test_util.hpp"
#include "toy_model.hpp"

using mft::catch_error;
using mft::contains;

namespace {

using Bytes = std::vector<std::uint8_t>;

// Bitwise CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), written out
// independently of the library's table-driven one.
std::uint32_t reference_crc32(const std::uint8_t* p, std::size_t n) {
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t k = 0; k < n; ++k) {
    c ^= p[k];
    for (int b = 0; b < 8; ++b) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
  }
  return ~c;
}

// Little-endian reader over a byte buffer.
struct Reader {
  const Bytes& b;
  std::size_t pos = 0;
  template <typename T>
  T get() {
    REQUIRE(pos + sizeof(T) <= b.size());
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < sizeof(T); ++k) v |= std::uint64_t(b[pos + k]) << (8 * k);
    pos += sizeof(T);
    T out;
    if constexpr (sizeof(T) == 8) {
      std::memcpy(&out, &v, 8);
    } else if constexpr (sizeof(T) == 4) {
      std::uint32_t w = std::uint32_t(v);
      std::memcpy(&out, &w, 4);
    } else {
      std::uint8_t w = std::uint8_t(v);
      std::memcpy(&out, &w, 1);
    }
    return out;
  }
};

void put_u32(Bytes& b, std::size_t pos, std::uint32_t v) {
  for (int k = 0; k < 4; ++k) b[pos + k] = std::uint8_t(v >> (8 * k));
}

// Rewrites the trailing CRC so that only the deliberate change is wrong.
void fix_crc(Bytes& b) { put_u32(b, b.size() - 4, reference_crc32(b.data(), b.size() - 4)); }

// A trained model with unusual raw ids (negative, extreme) and a test-only item.
mf::Model trained_model(mf::Algorithm a) {
  auto rows = mft::random_ratings(6, 5, 0.6, 3);
  rows.push_back({INT64_MIN, -50, 4.0f});
  rows.push_back({INT64_MAX, INT64_MAX, 2.5f});
  auto d = mft::dataset_from(rows);
  auto o = mf::default_options(a);
  o.factors = 3;
  o.seed = 1234567890123ull;
  o.iterations = 7;
  mf::Trainer t(d, mft::all_train(d), o);
  for (int s = 0; s < 2; ++s) t.step();
  return t.model();
}

void check_same_model(const mf::Model& a, const mf::Model& b) {
  CHECK(a.users.raw_ids() == b.users.raw_ids());
  CHECK(a.items.raw_ids() == b.items.raw_ids());
  CHECK(a.factors == b.factors);
  CHECK(a.global_mean == b.global_mean);
  CHECK(a.scale.min == b.scale.min);
  CHECK(a.scale.max == b.scale.max);
  CHECK(a.user_factors == b.user_factors);
  CHECK(a.item_factors == b.item_factors);
  CHECK(a.user_bias == b.user_bias);
  CHECK(a.item_bias == b.item_bias);
  CHECK(a.user_count == b.user_count);
  CHECK(a.item_count == b.item_count);
  CHECK(mf::same_settings(a.options, b.options));
  // Same lookups and the same predictions for every pair, known or not.
  for (mf::RawId u : a.users.raw_ids()) {
    CHECK(b.users.find(u) == a.users.find(u));
    for (mf::RawId i : a.items.raw_ids()) {
      CHECK(mf::predict_raw(a, u, i).value == mf::predict_raw(b, u, i).value);
      CHECK(mf::predict_raw(a, u, i, false).value == mf::predict_raw(b, u, i, false).value);
    }
  }
}

}  // namespace

TEST_CASE("crc32 is the IEEE CRC-32", "[io]") {
  const std::string check = "123456789";
  CHECK(mf::crc32(reinterpret_cast<const std::uint8_t*>(check.data()), check.size()) == 0xCBF43926u);
  CHECK(mf::crc32(nullptr, 0) == 0u);
  Bytes some(1000);
  for (std::size_t k = 0; k < some.size(); ++k) some[k] = std::uint8_t(k * 131 + 7);
  CHECK(mf::crc32(some.data(), some.size()) == reference_crc32(some.data(), some.size()));
}

TEST_CASE("save_model writes the documented MFMODEL version 2 layout", "[io]") {
  mf::Model m = mft::toy_model();
  m.options.alpha = 1.25;
  m.options.confidence = mf::Confidence::Log;
  m.options.epsilon = 0.75;
  m.options.reg_exponent = 0.625;
  m.options.positive_threshold = 3.5;
  m.options.solver = mf::ImplicitSolver::Cholesky;
  m.options.cg_steps = 7;
  const Bytes b = mf::save_model(m);
  const std::size_t nu = 3, ni = 5, k = 2;
  const std::size_t header = 4 * 3 + 4 + 4 * 3 + 8 * 6 + 8 + 4 + 8 * 4 + 4 + 4;  // 128
  const std::size_t arrays = 8 * (nu + ni) + 4 * (nu + ni) + 4 * (nu + ni) + 4 * k * (nu + ni);
  REQUIRE(b.size() == 8 + 4 + 4 + header + arrays + 4);

  CHECK(std::memcmp(b.data(), "MFMODEL\0", 8) == 0);
  Reader r{b, 8};
  CHECK(r.get<std::uint32_t>() == mf::kModelFormatVersion);
  CHECK(mf::kModelFormatVersion == 2u);
  CHECK(r.get<std::uint32_t>() == header);
  CHECK(r.get<std::uint32_t>() == k);
  CHECK(r.get<std::uint32_t>() == nu);
  CHECK(r.get<std::uint32_t>() == ni);
  CHECK(r.get<std::uint8_t>() == std::uint8_t(m.options.algorithm));
  CHECK(r.get<std::uint8_t>() == 1);  // biases
  CHECK(r.get<std::uint8_t>() == std::uint8_t(m.options.reg_scaling));
  CHECK(r.get<std::uint8_t>() == 0);  // missing_as_zero
  CHECK(r.get<float>() == 0.5f);
  CHECK(r.get<float>() == 5.0f);
  CHECK(r.get<float>() == 3.0f);
  CHECK(r.get<double>() == m.options.reg_user);
  CHECK(r.get<double>() == m.options.reg_item);
  CHECK(r.get<double>() == m.options.reg_user_bias);
  CHECK(r.get<double>() == m.options.reg_item_bias);
  CHECK(r.get<double>() == m.options.learning_rate);
  CHECK(r.get<double>() == m.options.init_std);
  CHECK(r.get<std::uint64_t>() == m.options.seed);
  CHECK(r.get<std::uint32_t>() == std::uint32_t(m.options.iterations));
  CHECK(r.get<double>() == 1.25);
  CHECK(r.get<double>() == 0.75);
  CHECK(r.get<double>() == 0.625);
  CHECK(r.get<double>() == 3.5);
  CHECK(r.get<std::uint8_t>() == 2);  // Confidence::Log
  CHECK(r.get<std::uint8_t>() == 0);  // ImplicitSolver::Cholesky
  CHECK(r.get<std::uint8_t>() == 0);
  CHECK(r.get<std::uint8_t>() == 0);
  CHECK(r.get<std::uint32_t>() == 7);
  for (mf::RawId id : {10, 20, 30}) CHECK(r.get<std::int64_t>() == id);
  for (mf::RawId id : {100, 200, 300, 400, 500}) CHECK(r.get<std::int64_t>() == id);
  for (std::uint32_t c : m.user_count) CHECK(r.get<std::uint32_t>() == c);
  for (std::uint32_t c : m.item_count) CHECK(r.get<std::uint32_t>() == c);
  for (float x : m.user_bias) CHECK(r.get<float>() == x);
  for (float x : m.item_bias) CHECK(r.get<float>() == x);
  for (float x : m.user_factors) CHECK(r.get<float>() == x);
  for (float x : m.item_factors) CHECK(r.get<float>() == x);
  CHECK(r.get<std::uint32_t>() == reference_crc32(b.data(), b.size() - 4));
  CHECK(r.pos == b.size());
}

TEST_CASE("load_model(save_model(m)) gives back the same model", "[io]") {
  SECTION("hand-made model") {
    const auto m = mft::toy_model();
    check_same_model(m, mf::load_model(mf::save_model(m).data(), mf::save_model(m).size()));
  }
  SECTION("trained ALS and SGD models with extreme raw ids") {
    for (auto a : {mf::Algorithm::ALS, mf::Algorithm::SGD}) {
      const auto m = trained_model(a);
      const Bytes b = mf::save_model(m);
      const auto back = mf::load_model(b.data(), b.size());
      check_same_model(m, back);
      CHECK(mf::save_model(back) == b);  // saving again gives the same bytes
    }
  }
  SECTION("through a file") {
    const auto m = trained_model(mf::Algorithm::ALS);
    auto path = (std::filesystem::temp_directory_path() / "mf_tests_roundtrip.mfmodel").string();
    mf::save_model_file(m, path);
    auto back = mf::load_model_file(path);
    std::remove(path.c_str());
    check_same_model(m, back);
  }
}

TEST_CASE("load_model_file reports missing files as Io errors naming the path", "[io]") {
  auto e = catch_error([] { mf::load_model_file("/nonexistent/dir/model.mfmodel"); });
  CHECK(e.kind() == mf::ErrorKind::Io);
  CHECK(contains(e.what(), "/nonexistent/dir/model.mfmodel"));
  auto e2 = catch_error([] { mf::save_model_file(mft::toy_model(), "/nonexistent/dir/model.mfmodel"); });
  CHECK(e2.kind() == mf::ErrorKind::Io);
}

TEST_CASE("every truncation of a model file is rejected as CorruptModel", "[io]") {
  const Bytes b = mf::save_model(trained_model(mf::Algorithm::ALS));
  for (std::size_t len = 0; len < b.size(); ++len) {
    INFO("truncated to " << len << " of " << b.size() << " bytes");
    auto e = catch_error([&] { mf::load_model(b.data(), len); });
    REQUIRE(e.kind() == mf::ErrorKind::CorruptModel);
  }
  SECTION("and so is trailing garbage") {
    Bytes longer = b;
    longer.push_back(0);
    auto e = catch_error([&] { mf::load_model(longer.data(), longer.size()); });
    CHECK(e.kind() == mf::ErrorKind::CorruptModel);
  }
}

TEST_CASE("every single flipped bit in a model file is rejected as CorruptModel", "[io]") {
  const Bytes b = mf::save_model(trained_model(mf::Algorithm::SGD));
  for (std::size_t pos = 0; pos < b.size(); ++pos) {
    for (int bit = 0; bit < 8; ++bit) {
      Bytes damaged = b;
      damaged[pos] ^= std::uint8_t(1u << bit);
      INFO("byte " << pos << " bit " << bit);
      auto e = catch_error([&] { mf::load_model(damaged.data(), damaged.size()); });
      REQUIRE(e.kind() == mf::ErrorKind::CorruptModel);
    }
  }
}

TEST_CASE("foreign files and other versions are rejected with a clear message", "[io]") {
  const Bytes b = mf::save_model(mft::toy_model());
  SECTION("wrong magic, even with a valid checksum") {
    Bytes bad = b;
    std::memcpy(bad.data(), "NOTMODEL", 8);
    fix_crc(bad);
    auto e = catch_error([&] { mf::load_model(bad.data(), bad.size()); });
    CHECK(e.kind() == mf::ErrorKind::CorruptModel);
    CHECK(std::string(e.what()).size() > 0);
  }
  SECTION("a future version, even with a valid checksum") {
    Bytes bad = b;
    put_u32(bad, 8, 3);
    fix_crc(bad);
    auto e = catch_error([&] { mf::load_model(bad.data(), bad.size()); });
    CHECK(e.kind() == mf::ErrorKind::CorruptModel);
    INFO(e.what());
    CHECK(contains(e.what(), "format version 3 is not supported (this library reads versions 1 to 2)"));
  }
  SECTION("version 0") {
    Bytes bad = b;
    put_u32(bad, 8, 0);
    fix_crc(bad);
    auto e = catch_error([&] { mf::load_model(bad.data(), bad.size()); });
    CHECK(e.kind() == mf::ErrorKind::CorruptModel);
    CHECK(mft::icontains(e.what(), "version"));
  }
  SECTION("a ratings file is not a model") {
    const std::string text = "userId,movieId,rating,timestamp\n1,1,4.0,964982703\n";
    auto e = catch_error([&] {
      mf::load_model(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    });
    CHECK(e.kind() == mf::ErrorKind::CorruptModel);
  }
  SECTION("inconsistent sizes with a valid checksum") {
    Bytes bad = b;
    put_u32(bad, 16 + 4, 1000000);  // n_users far beyond the data present
    fix_crc(bad);
    auto e = catch_error([&] { mf::load_model(bad.data(), bad.size()); });
    CHECK(e.kind() == mf::ErrorKind::CorruptModel);
    Bytes zero_factors = b;
    put_u32(zero_factors, 16, 0);
    fix_crc(zero_factors);
    auto e2 = catch_error([&] { mf::load_model(zero_factors.data(), zero_factors.size()); });
    CHECK(e2.kind() == mf::ErrorKind::CorruptModel);
  }
}
