// libFuzzer target: the ratings parser (mf::parse_ratings) with load options
// taken from the input's last bytes, and what a program does next with the
// data: the movies parser on the same text, a split, a short training run, a
// model save and load. Any exception other than mf::Error, any sanitizer
// report, a broken invariant (abort) or an oversized message is a finding.
//
// Built and run by scripts/test-fuzz.sh (clang-14, -fsanitize=fuzzer,address,undefined).
#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <optional>
#include <set>
#include <string>

#include "fuzz_util.hpp"
#include "mf/dataset.hpp"
#include "mf/error.hpp"
#include "mf/io.hpp"
#include "mf/split.hpp"
#include "mf/train.hpp"

namespace {

mf::RatingScale pick_scale(FuzzedDataProvider& in) {
  const float nan = std::numeric_limits<float>::quiet_NaN(), inf = std::numeric_limits<float>::infinity();
  static const mf::RatingScale scales[] = {
      {0.5f, 5.0f}, {1.0f, 5.0f}, {1.0f, 10.0f}, {-1e9f, 1e9f}, {0.0f, 1.0f},
      {-1e30f, 1e30f},  // invalid: beyond kMaxScale
      {3.0f, 3.0f},  // invalid: min == max
      {5.0f, 1.0f},  // invalid: min > max
  };
  const unsigned k = in.ConsumeIntegralInRange<unsigned>(0, sizeof scales / sizeof scales[0] + 1);
  if (k < sizeof scales / sizeof scales[0]) return scales[k];
  return k == sizeof scales / sizeof scales[0] ? mf::RatingScale{nan, 5.0f} : mf::RatingScale{-inf, inf};
}

void check_dataset(const mf::Dataset& d, const mf::LoadOptions& o, const mf::LoadReport& report) {
  FUZZ_CHECK(d.ratings.size() == report.accepted);
  FUZZ_CHECK(d.ratings.size() > 0);
  FUZZ_CHECK(d.ratings.user.size() == d.ratings.size() && d.ratings.item.size() == d.ratings.size());
  FUZZ_CHECK(report.bad_lines.size() == std::min<std::size_t>(report.skipped, 100));
  FUZZ_CHECK(o.skip_bad_lines || report.skipped == 0);
  FUZZ_CHECK(o.duplicates == mf::DuplicatePolicy::KeepLast || report.replaced == 0);
  FUZZ_CHECK(report.format != mf::Format::Auto);
  std::set<std::uint64_t> pairs;
  for (std::size_t k = 0; k < d.ratings.size(); ++k) {
    const float r = d.ratings.value[k];
    FUZZ_CHECK(std::isfinite(r) && r >= d.scale.min && r <= d.scale.max);
    FUZZ_CHECK(!o.implicit || r > 0);
    FUZZ_CHECK(d.ratings.user[k] < d.n_users() && d.ratings.item[k] < d.n_items());
    // A (user, item) pair is stored once, whatever the duplicate policy.
    FUZZ_CHECK(pairs.insert(std::uint64_t(d.ratings.user[k]) << 32 | d.ratings.item[k]).second);
  }
  for (mf::Index u = 0; u < d.n_users(); ++u) FUZZ_CHECK(d.users.find(d.users.raw(u)) == std::int64_t(u));
  for (mf::Index i = 0; i < d.n_items(); ++i) FUZZ_CHECK(d.items.find(d.items.raw(i)) == std::int64_t(i));
  for (const auto& b : report.bad_lines) {
    fuzz::check_message(b.message);
    FUZZ_CHECK(b.message.rfind(o.source + " line " + std::to_string(b.line) + ": ", 0) == 0);
  }
}

// A short training run on small data, then a save/load round trip.
void train_a_little(const mf::Dataset& d, FuzzedDataProvider& in) {
  if (d.ratings.size() > 300) return;
  // ALS, SGD or implicit ALS (which fits p.q alone).
  const auto algorithm = mf::Algorithm(in.ConsumeIntegralInRange<int>(0, 2));
  mf::TrainOptions o = mf::default_options(algorithm);
  const std::size_t most = std::max(d.n_users(), d.n_items());
  o.factors = int(1 + in.ConsumeIntegralInRange<std::size_t>(0, std::min<std::size_t>(most, 6) - 1));
  o.biases = algorithm != mf::Algorithm::ImplicitALS && in.ConsumeBool();
  o.solver = in.ConsumeBool() ? mf::ImplicitSolver::Cholesky : mf::ImplicitSolver::ConjugateGradient;
  o.iterations = 2;
  const mf::Split split = d.ratings.size() >= 2 ? mf::split_random(d, 0.25, in.ConsumeIntegral<std::uint8_t>())
                                                : mf::Split{d.ratings, {}};
  if (split.train.size() == 0) return;
  mf::Trainer t(d, split, o);
  for (int s = 0; s < o.iterations; ++s) {
    const mf::StepResult r = t.step();
    FUZZ_CHECK(r.status == mf::Status::Diverged ? !r.message.empty() : std::isfinite(r.train.rmse));
  }
  for (float v : t.model().user_factors) FUZZ_CHECK(std::isfinite(v));
  const auto bytes = mf::save_model(t.model());
  const mf::Model back = mf::load_model(bytes.data(), bytes.size());
  FUZZ_CHECK(mf::save_model(back) == bytes);
  for (std::size_t k = 0; k < split.train.size(); ++k)
    FUZZ_CHECK(std::isfinite(mf::predict(back, split.train.user[k], split.train.item[k]).value));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  // FuzzedDataProvider takes integers from the end, so a seed file's text stays text.
  mf::LoadOptions o;
  o.format = static_cast<mf::Format>(in.ConsumeIntegralInRange<int>(0, 3));
  o.duplicates = in.ConsumeBool() ? mf::DuplicatePolicy::KeepLast : mf::DuplicatePolicy::Error;
  o.skip_bad_lines = in.ConsumeBool();
  o.implicit = in.ConsumeBool();  // user,item[,count]
  o.scale = pick_scale(in);
  o.source = "fuzz.csv";
  const bool movies = in.ConsumeBool();
  const bool train = in.ConsumeBool();
  const std::string text = in.ConsumeRemainingBytesAsString();

  FuzzedDataProvider again(data, size);  // choices for training, independent of the text split above
  mf::LoadReport report;
  std::optional<mf::Dataset> d;
  try {
    d = mf::parse_ratings(text, o, &report);
  } catch (const mf::Error& e) {
    fuzz::check_message(e.what());
    const bool bad_scale = !(std::isfinite(o.scale.min) && std::isfinite(o.scale.max) && o.scale.min < o.scale.max &&
                                 std::fabs(o.scale.min) <= mf::kMaxScale && std::fabs(o.scale.max) <= mf::kMaxScale);
    FUZZ_CHECK(e.kind() == (bad_scale ? mf::ErrorKind::InvalidArgument : mf::ErrorKind::Parse));
    if (e.kind() == mf::ErrorKind::Parse) FUZZ_CHECK(std::string(e.what()).rfind("fuzz.csv", 0) == 0);
  }
  if (d) {
    check_dataset(*d, o, report);
    // Valid data and valid settings: training must not throw at all.
    if (train) train_a_little(*d, again);
  }
  if (movies) {
    try {
      for (const auto& m : mf::parse_movies(text, "movies.csv")) (void)m;
    } catch (const mf::Error& e) {
      fuzz::check_message(e.what());
      FUZZ_CHECK(e.kind() == mf::ErrorKind::Parse);
    }
  }
  return 0;
}
