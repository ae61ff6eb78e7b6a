// fold_in (recommend.hpp): a new user's vector solved against fixed item
// factors is exactly the ALS user step of als.hpp.
#include <cmath>
#include <utility>
#include <vector>

#include "mf/recommend.hpp"
#include "mf/train.hpp"
#include "test_util.hpp"

using mft::catch_error;
using mft::contains;

namespace {

using RawRatings = std::vector<std::pair<mf::RawId, float>>;

// The training ratings of dense user u, as (raw item id, rating).
RawRatings ratings_of(const mf::Dataset& d, const mf::Ratings& r, mf::Index u) {
  RawRatings out;
  for (std::size_t k = 0; k < r.size(); ++k)
    if (r.user[k] == u) out.push_back({d.items.raw(r.item[k]), r.value[k]});
  return out;
}

mf::TrainOptions als(bool biases, mf::RegScaling scaling) {
  auto o = mft::with_distinct_lambdas(mf::default_options(mf::Algorithm::ALS));
  o.factors = 4;
  o.biases = biases;
  o.reg_scaling = scaling;
  o.seed = 17;
  return o;
}

}  // namespace

TEST_CASE("fold_in of an existing user's ratings equals the ALS user solve", "[fold_in]") {
  auto d = mft::random_dataset(20, 15, 0.5, 31);
  auto split = mf::split_random(d, 0.15, 2);
  for (bool biases : {true, false}) {
    for (auto scaling : {mf::RegScaling::None, mf::RegScaling::Count}) {
      auto o = als(biases, scaling);
      INFO("biases " << biases << ", scaling " << mf::to_string(scaling));
      mft::AlsHalfSweeps t(d, split, o);
      for (int s = 0; s < 4; ++s) t.sweep();
      t.solve_users();  // user vectors now solve against the current item factors
      const mf::Model& m = t.model();
      for (mf::Index u = 0; u < d.n_users(); ++u) {
        auto rated = ratings_of(d, split.train, u);
        if (rated.empty()) continue;
        INFO("user " << d.users.raw(u) << " with " << rated.size() << " ratings");
        auto v = mf::fold_in(m, rated);
        REQUIRE(v.factors.size() == std::size_t(m.factors));
        for (int f = 0; f < m.factors; ++f)
          CHECK(v.factors[f] == Approx(m.user_vector(u)[f]).margin(2e-5).epsilon(1e-5));
        if (biases)
          CHECK(v.bias == Approx(m.user_bias[u]).margin(2e-5).epsilon(1e-5));
        else
          CHECK(v.bias == 0.0f);
      }
    }
  }
}

TEST_CASE("fold_in for a missing-as-zero model equals its ALS user solve", "[fold_in]") {
  auto d = mft::random_dataset(12, 10, 0.5, 13);
  auto o = als(false, mf::RegScaling::None);
  o.missing_as_zero = true;
  mft::AlsHalfSweeps t(d, mft::all_train(d), o);
  for (int s = 0; s < 3; ++s) t.sweep();
  t.solve_users();
  const mf::Model& m = t.model();
  for (mf::Index u = 0; u < d.n_users(); ++u) {
    INFO("user " << d.users.raw(u));
    auto v = mf::fold_in(m, ratings_of(d, d.ratings, u));
    for (int f = 0; f < m.factors; ++f)
      CHECK(v.factors[f] == Approx(m.user_vector(u)[f]).margin(2e-5).epsilon(1e-5));
  }
}

TEST_CASE("fold_in for an SGD model uses the count-scaled ALS user step", "[fold_in]") {
  // Independent reference: the normal equations of als.hpp with
  // lambda' = lambda |I(u)|, built and solved here with Eigen.
  auto d = mft::random_dataset(15, 12, 0.5, 8);
  auto o = mf::default_options(mf::Algorithm::SGD);
  o.factors = 3;
  o.reg_user = 0.13;
  o.reg_user_bias = 0.29;
  mf::Trainer t(d, mft::all_train(d), o);
  for (int s = 0; s < 5; ++s) t.step();
  const mf::Model& m = t.model();
  const int k = m.factors;
  RawRatings rated = {{d.items.raw(0), 4.5f}, {d.items.raw(3), 1.0f}, {d.items.raw(5), 3.0f}};
  const double n = double(rated.size());
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(k + 1, k + 1);
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(k + 1);
  for (const auto& [raw, r] : rated) {
    mf::Index i = mf::Index(m.items.find(raw));
    Eigen::VectorXd y(k + 1);
    y << 1.0, mft::item_vec(m, i);
    A += y * y.transpose();
    rhs += (double(r) - m.global_mean - m.item_bias[i]) * y;
  }
  A(0, 0) += o.reg_user_bias * n;
  for (int f = 1; f <= k; ++f) A(f, f) += o.reg_user * n;
  Eigen::VectorXd z = A.colPivHouseholderQr().solve(rhs);
  auto v = mf::fold_in(m, rated);
  CHECK(v.bias == Approx(z[0]).margin(2e-5).epsilon(1e-5));
  for (int f = 0; f < k; ++f) CHECK(v.factors[f] == Approx(z[f + 1]).margin(2e-5).epsilon(1e-5));

  // The folded-in vector serves recommend_vector.
  mf::RecommendOptions ro;
  ro.n = 3;
  ro.exclude = {d.items.raw(0), d.items.raw(3), d.items.raw(5)};
  auto recs = mf::recommend_vector(m, v, ro);
  CHECK(recs.size() == 3);
  for (const auto& r : recs) CHECK(std::isfinite(r.score));
}

TEST_CASE("fold_in rejects unknown items and ratings outside the scale, naming them", "[fold_in]") {
  auto d = mft::random_dataset(10, 8, 0.5, 5);
  mf::Trainer t(d, mft::all_train(d), als(true, mf::RegScaling::Count));
  t.step();
  const mf::RawId known = d.items.raw(0);
  auto e = catch_error([&] { mf::fold_in(t.model(), {{known, 4.0f}, {987654, 3.0f}}); });
  CHECK(e.kind() == mf::ErrorKind::UnknownId);
  CHECK(contains(e.what(), "987654"));
  auto e2 = catch_error([&] { mf::fold_in(t.model(), {{known, 7.5f}}); });
  CHECK(contains(e2.what(), "7.5"));
  // NaN is no rating either (catch_error fails the test if nothing is thrown).
  catch_error([&] { mf::fold_in(t.model(), {{known, std::nanf("")}}); });
}
