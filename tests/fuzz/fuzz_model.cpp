// libFuzzer target: the model loader (mf::load_model). Each input is loaded as
// is, and again with its last four bytes replaced by the right CRC-32 so that
// mutations get past the checksum into the header and array checks. A model
// that loads must save back to the same bytes (an older format: to the
// current one, which then does) and be usable: finite clipped
// predictions, recommendations, similar items, fold-in and (for small k) the
// PCA map. Any exception other than mf::Error, any sanitizer report or a
// broken invariant (abort) is a finding.
//
// Built and run by scripts/test-fuzz.sh (clang-14, -fsanitize=fuzzer,address,undefined).
#include <cmath>
#include <cstdint>
#include <vector>

#include "fuzz_util.hpp"
#include "mf/error.hpp"
#include "mf/io.hpp"
#include "mf/project.hpp"
#include "mf/recommend.hpp"

namespace {

// The format version of a model file (bytes 8-11, little-endian).
std::uint32_t version(const std::uint8_t* data) {
  return std::uint32_t(data[8]) | std::uint32_t(data[9]) << 8 | std::uint32_t(data[10]) << 16 |
         std::uint32_t(data[11]) << 24;
}

void use(const mf::Model& m, const std::uint8_t* data, std::size_t size) {
  // The current format (2) saves back byte for byte; an older file saves as
  // the current format, which then does.
  const std::vector<std::uint8_t> saved = mf::save_model(m);
  if (version(data) == 2) {
    FUZZ_CHECK(saved == std::vector<std::uint8_t>(data, data + size));
  } else {
    const mf::Model again = mf::load_model(saved.data(), saved.size());
    FUZZ_CHECK(mf::save_model(again) == saved);
  }
  FUZZ_CHECK(m.factors >= 1 && m.factors <= mf::kMaxFactors);
  FUZZ_CHECK(std::isfinite(m.scale.min) && std::isfinite(m.scale.max) && m.scale.min < m.scale.max);
  const std::size_t nu = std::min<std::size_t>(m.n_users(), 4), ni = std::min<std::size_t>(m.n_items(), 4);
  for (mf::Index u = 0; u <= nu; ++u)
    for (mf::Index i = 0; i <= ni; ++i) {  // the last of each is unknown to the model
      const mf::Prediction p = mf::predict(m, u, i);
      FUZZ_CHECK(std::isfinite(p.value) && p.value >= m.scale.min && p.value <= m.scale.max);
    }
  FUZZ_CHECK(std::isfinite(mf::predict_raw(m, -1, -1).value));
  try {
    mf::RecommendOptions ro;
    ro.n = 5;
    for (mf::Index u = 0; u < m.n_users(); ++u)
      if (m.user_known(u)) {
        mf::recommend(m, m.users.raw(u), ro);
        break;
      }
    std::vector<std::pair<mf::RawId, float>> rated;
    for (mf::Index i = 0; i < m.n_items() && rated.size() < 3; ++i)
      if (m.item_known(i)) {
        if (rated.empty()) mf::similar_items(m, m.items.raw(i), 5);
        rated.push_back({m.items.raw(i), m.scale.max});
      }
    if (!rated.empty()) mf::recommend_vector(m, mf::fold_in(m, rated), ro);
    if (m.factors <= 64) {
      std::size_t trained = 0;
      for (mf::Index i = 0; i < m.n_items(); ++i) trained += m.item_known(i);
      if (trained >= 2) mf::project_items(m);
    }
  } catch (const mf::Error& e) {
    fuzz::check_message(e.what());
  }
}

void try_load(const std::uint8_t* data, std::size_t size) {
  try {
    const mf::Model m = mf::load_model(data, size);
    use(m, data, size);
  } catch (const mf::Error& e) {
    fuzz::check_message(e.what());
    FUZZ_CHECK(e.kind() == mf::ErrorKind::CorruptModel);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try_load(data, size);
  if (size >= 8) {
    std::vector<std::uint8_t> fixed(data, data + size);
    const std::uint32_t c = mf::crc32(fixed.data(), size - 4);
    for (int k = 0; k < 4; ++k) fixed[size - 4 + k] = std::uint8_t(c >> (8 * k));
    try_load(fixed.data(), size);
  }
  return 0;
}
