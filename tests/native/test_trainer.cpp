// Trainer (train.hpp): reproducibility, the reported learning curve, and
// divergence handling.
#include <cmath>
#include <string>
#include <vector>

#include "mf/io.hpp"
#include "mf/recommend.hpp"
#include "mf/train.hpp"
#include "test_util.hpp"

using mft::catch_error;

namespace {

mf::TrainOptions options_for(mf::Algorithm a, std::uint64_t seed) {
  mf::TrainOptions o = mf::default_options(a);
  o.factors = 4;
  o.seed = seed;
  return o;
}

void check_same_metrics(const mf::Metrics& a, const mf::Metrics& b) {
  CHECK(a.mse == b.mse);
  CHECK(a.rmse == b.rmse);
  CHECK(a.mae == b.mae);
  CHECK(a.count == b.count);
  CHECK(a.fallback == b.fallback);
}

}  // namespace

TEST_CASE("Trainer with the same seed, data and options is bit-for-bit reproducible", "[trainer]") {
  auto d = mft::random_dataset(20, 15, 0.4, 6);
  auto split = mf::split_random(d, 0.2, 1);
  for (auto a : {mf::Algorithm::ALS, mf::Algorithm::SGD}) {
    INFO(mf::to_string(a));
    mf::Trainer t1(d, split, options_for(a, 5));
    mf::Trainer t2(d, split, options_for(a, 5));
    CHECK(mft::same_parameters(t1.model(), t2.model()));
    for (int s = 0; s < 5; ++s) {
      t1.step();
      t2.step();
    }
    CHECK(mft::same_parameters(t1.model(), t2.model()));
    REQUIRE(t1.history().size() == 5);
    REQUIRE(t2.history().size() == 5);
    for (std::size_t s = 0; s < 5; ++s) {
      INFO("step " << s + 1);
      CHECK(t1.history()[s].epoch == int(s) + 1);
      CHECK(t1.history()[s].epoch == t2.history()[s].epoch);
      CHECK(t1.history()[s].objective == t2.history()[s].objective);
      check_same_metrics(t1.history()[s].train, t2.history()[s].train);
      check_same_metrics(t1.history()[s].test, t2.history()[s].test);
    }
  }
}

TEST_CASE("Trainer with another seed starts from and ends at another model", "[trainer]") {
  auto d = mft::random_dataset(20, 15, 0.4, 6);
  auto split = mf::split_random(d, 0.2, 1);
  for (auto a : {mf::Algorithm::ALS, mf::Algorithm::SGD}) {
    INFO(mf::to_string(a));
    mf::Trainer t1(d, split, options_for(a, 5));
    mf::Trainer t2(d, split, options_for(a, 6));
    CHECK((t1.model().item_factors != t2.model().item_factors ||
           t1.model().user_factors != t2.model().user_factors));
    for (int s = 0; s < 3; ++s) {
      t1.step();
      t2.step();
    }
    CHECK(t1.model().user_factors != t2.model().user_factors);
    CHECK(t1.model().item_factors != t2.model().item_factors);
  }
}

TEST_CASE("Trainer initial factors follow init_std", "[trainer]") {
  auto d = mft::random_dataset(60, 50, 0.5, 2);
  auto o = options_for(mf::Algorithm::SGD, 3);
  o.factors = 20;
  o.init_std = 0.3;
  mf::Trainer t(d, mft::all_train(d), o);
  std::vector<float> all = t.model().user_factors;
  all.insert(all.end(), t.model().item_factors.begin(), t.model().item_factors.end());
  double sum = 0, sum2 = 0;
  for (float x : all) {
    sum += x;
    sum2 += double(x) * x;
  }
  double mean = sum / all.size(), sd = std::sqrt(sum2 / all.size() - mean * mean);
  INFO("mean " << mean << ", sd " << sd << " over " << all.size() << " values");
  CHECK(std::abs(mean) < 0.03);
  CHECK(sd == Approx(0.3).epsilon(0.05));
}

TEST_CASE("Trainer step reports the metrics of the model it leaves", "[trainer]") {
  auto d = mft::random_dataset(20, 15, 0.4, 6);
  auto split = mf::split_random(d, 0.2, 1);
  for (auto a : {mf::Algorithm::ALS, mf::Algorithm::SGD}) {
    INFO(mf::to_string(a));
    mf::Trainer t(d, split, options_for(a, 5));
    CHECK(t.epoch() == 0);
    for (int s = 1; s <= 3; ++s) {
      auto r = t.step();
      CHECK(r.epoch == s);
      CHECK(t.epoch() == s);
      CHECK(r.status == mf::Status::Ok);
      CHECK(r.ms >= 0);
      auto train = mf::evaluate(t.model(), split.train);
      auto test = mf::evaluate(t.model(), split.test);
      CHECK(r.train.mse == Approx(train.mse).epsilon(1e-9));
      CHECK(r.train.count == split.train.size());
      CHECK(r.test.mse == Approx(test.mse).epsilon(1e-9));
      CHECK(r.test.rmse == Approx(std::sqrt(test.mse)).epsilon(1e-9));
      CHECK(r.test.count == split.test.size());
      CHECK(r.objective == Approx(t.objective()).epsilon(1e-9));
      CHECK(t.history().back().epoch == s);
    }
    CHECK(t.split().train.size() == split.train.size());
    CHECK(t.options().seed == 5);
  }
  SECTION("without a test set the test metrics are empty") {
    mf::Trainer t(d, mft::all_train(d), options_for(mf::Algorithm::ALS, 1));
    auto r = t.step();
    CHECK(r.test.count == 0);
    CHECK(r.train.count == d.ratings.size());
  }
}

TEST_CASE("Trainer construction validates the options", "[trainer]") {
  auto d = mft::random_dataset(5, 5, 0.5, 1);
  auto o = options_for(mf::Algorithm::ALS, 1);
  o.factors = 0;
  auto e = catch_error([&] { mf::Trainer t(d, mft::all_train(d), o); });
  CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
  CHECK(mft::names_parameter(e.what(), "factors"));
  auto s = options_for(mf::Algorithm::SGD, 1);
  s.learning_rate = -1;
  auto e2 = catch_error([&] { mf::Trainer t(d, mft::all_train(d), s); });
  CHECK(e2.kind() == mf::ErrorKind::InvalidArgument);
  CHECK(mft::names_parameter(e2.what(), "learning_rate"));
}

TEST_CASE("Trainer stops a diverging SGD run and keeps the last finite model", "[trainer]") {
  auto d = mft::random_dataset(20, 15, 0.5, 6);
  auto split = mf::split_random(d, 0.2, 1);
  for (double lr : {10.0, 100.0}) {
    INFO("learning_rate " << lr);
    auto o = options_for(mf::Algorithm::SGD, 4);
    o.learning_rate = lr;
    mf::Trainer t(d, split, o);
    mf::Model before = t.model();
    mf::StepResult r;
    int steps = 0;
    for (; steps < 50; ++steps) {
      before = t.model();
      r = t.step();
      if (r.status == mf::Status::Diverged) break;
    }
    REQUIRE(r.status == mf::Status::Diverged);
    CHECK(t.diverged());
    CHECK_FALSE(r.message.empty());
    CHECK(mft::model_finite(t.model()));
    CHECK(mft::same_parameters(t.model(), before));  // the diverging step was undone

    const std::size_t history = t.history().size();
    for (int again = 0; again < 3; ++again) {
      auto r2 = t.step();
      CHECK(r2.status == mf::Status::Diverged);
      CHECK(r2.message == r.message);  // the same diverged result again
      CHECK(r2.epoch == r.epoch);
      CHECK(t.history().size() == history);  // nothing more was run
      CHECK(mft::same_parameters(t.model(), before));
    }
    // The kept model still predicts finite values.
    for (std::size_t k = 0; k < split.test.size(); ++k) {
      auto p = mf::predict(t.model(), split.test.user[k], split.test.item[k]);
      CHECK(std::isfinite(p.value));
    }
  }
}

TEST_CASE("Trainer reports no divergence for sane settings", "[trainer]") {
  auto d = mft::random_dataset(20, 15, 0.5, 6);
  for (auto a : {mf::Algorithm::ALS, mf::Algorithm::SGD}) {
    mf::Trainer t(d, mft::all_train(d), options_for(a, 1));
    for (int s = 0; s < 20; ++s) REQUIRE(t.step().status == mf::Status::Ok);
    CHECK_FALSE(t.diverged());
    CHECK(mft::model_finite(t.model()));
    // Training keeps lowering the objective.
    CHECK(t.history().back().objective < t.history().front().objective);
  }
}

TEST_CASE("Trainer refuses an empty training set and a too small memory limit", "[trainer]") {
  auto d = mft::random_dataset(20, 15, 0.4, 6);
  mf::Split empty;
  empty.test = d.ratings;
  auto e = catch_error([&] { mf::Trainer t(d, empty, options_for(mf::Algorithm::ALS, 1)); });
  CHECK(e.kind() == mf::ErrorKind::InvalidArgument);

  // The estimate grows with every dimension of the problem, for either algorithm.
  for (auto a : {mf::Algorithm::ALS, mf::Algorithm::SGD}) {
    auto o = options_for(a, 1);
    o.factors = 10;
    auto more_factors = o;
    more_factors.factors = 11;
    const std::size_t base = mf::training_memory_bytes(o, 100, 200, 5000);
    CHECK(mf::training_memory_bytes(o, 101, 200, 5000) > base);
    CHECK(mf::training_memory_bytes(o, 100, 201, 5000) > base);
    CHECK(mf::training_memory_bytes(o, 100, 200, 5001) > base);
    CHECK(mf::training_memory_bytes(more_factors, 100, 200, 5000) > base);
    // At least the model itself: (users + items) x (factors + bias) floats.
    CHECK(base >= (100 + 200) * (10 + 1) * sizeof(float));
  }

  for (auto a : {mf::Algorithm::ALS, mf::Algorithm::SGD}) {
    auto o = options_for(a, 1);
    o.memory_limit = 1024;  // far too small
    auto r = catch_error([&] { mf::Trainer t(d, mft::all_train(d), o); });
    CHECK(r.kind() == mf::ErrorKind::Resource);
    o.memory_limit = 2 * mf::training_memory_bytes(o, d.n_users(), d.n_items(), d.ratings.size());
    CHECK_NOTHROW(mf::Trainer(d, mft::all_train(d), o));
  }
}

TEST_CASE("a diverging SGD run names the iteration and the reason and its kept model stays usable", "[trainer]") {
  auto d = mft::random_dataset(20, 15, 0.5, 6);
  auto split = mf::split_random(d, 0.2, 1);
  auto o = options_for(mf::Algorithm::SGD, 4);
  o.learning_rate = 10;
  mf::Trainer t(d, split, o);
  mf::StepResult r;
  for (int s = 0; s < 50 && r.status != mf::Status::Diverged; ++s) r = t.step();
  REQUIRE(r.status == mf::Status::Diverged);
  INFO(r.message);
  CHECK(std::string(mf::to_string(r.status)) == "diverged");
  // It stopped at the step that diverged, and says which and why.
  CHECK(r.epoch == t.epoch());
  CHECK(mft::contains(r.message, "diverged at iteration " + std::to_string(r.epoch)));
  CHECK(mft::contains(r.message, "learning rate (now 10)"));
  CHECK(mft::contains(r.message, "iteration " + std::to_string(r.epoch - 1) + " is kept"));
  for (std::size_t s = 0; s + 1 < t.history().size(); ++s) CHECK(t.history()[s].status == mf::Status::Ok);
  // The reported metrics are those of the kept, finite model.
  CHECK(std::isfinite(r.train.rmse));
  CHECK(std::isfinite(r.test.rmse));
  CHECK(std::isfinite(r.objective));
  CHECK(r.train.mse == Approx(mf::evaluate(t.model(), split.train).mse).epsilon(1e-12));
  // ...which saves, loads and recommends.
  const auto bytes = mf::save_model(t.model());
  const mf::Model back = mf::load_model(bytes.data(), bytes.size());
  CHECK(mft::same_parameters(back, t.model()));
  mf::RecommendOptions ro;
  ro.n = 3;
  const auto recs = mf::recommend(back, d.users.raw(split.train.user[0]), ro);
  CHECK(recs.size() == 3);
  for (const auto& s : recs) CHECK(std::isfinite(s.score));
}
