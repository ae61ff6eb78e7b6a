// End-to-end accuracy on the committed MovieLens ml-latest-small ratings:
// the default settings of both algorithms must reach a test RMSE of 0.87 on a
// seeded 90/10 split. (Slower than the rest of the suite.)
#include <algorithm>
#include <cmath>

#include "mf/train.hpp"
#include "test_util.hpp"

namespace {

void check_accuracy(mf::Algorithm algorithm) {
  static const mf::Dataset data = mf::load_ratings(mft::movielens_small("ratings.csv"));
  REQUIRE(data.ratings.size() == 100836);
  const mf::Split split = mf::split_random(data, 0.1, 42);
  REQUIRE(split.test.size() == 10084);  // round(100836 * 0.1)

  const auto options = mf::default_options(algorithm);
  mf::Trainer t(data, split, options);
  double best = INFINITY;
  int best_epoch = 0;
  for (int s = 1; s <= options.iterations; ++s) {
    auto r = t.step();
    REQUIRE(r.status == mf::Status::Ok);
    REQUIRE(r.test.count == split.test.size());
    if (r.test.rmse < best) {
      best = r.test.rmse;
      best_epoch = s;
    }
  }
  const double last = t.history().back().test.rmse;
  WARN(mf::to_string(algorithm) << " (factors " << options.factors << ", " << options.iterations
                                << " iterations): final test RMSE " << last << ", best " << best
                                << " at iteration " << best_epoch << ", train RMSE "
                                << t.history().back().train.rmse);
  CHECK(best <= 0.87);
  CHECK(last <= 0.87);
}

}  // namespace

TEST_CASE("default ALS reaches test RMSE 0.87 on ml-latest-small", "[accuracy]") {
  check_accuracy(mf::Algorithm::ALS);
}

TEST_CASE("default SGD reaches test RMSE 0.87 on ml-latest-small", "[accuracy]") {
  check_accuracy(mf::Algorithm::SGD);
}
