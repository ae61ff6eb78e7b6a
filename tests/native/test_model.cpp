// Predictions and metrics (model.hpp): clipping, fallback for unknown users and
// items, and the error measures.
#include <algorithm>
#include <cmath>
#include <vector>

#include "mf/model.hpp"
#include "mf/train.hpp"
#include "test_util.hpp"
#include "toy_model.hpp"

TEST_CASE("prediction is mu + b_u + b_i + p.q clipped to the scale", "[model]") {
  const auto m = mft::toy_model();
  // Above the scale: 3 + 0.5 + 0.1 + (2*1 + 0.25*0.5) = 5.725.
  CHECK(mf::predict_raw(m, 10, 300).value == Approx(5.0f));
  CHECK(mf::predict_raw(m, 10, 300, /*clip=*/false).value == Approx(5.725f));
  CHECK(mf::raw_score(m, 0, 2) == Approx(5.725f));
  // Below the scale: 3 - 0.25 - 2.5 + (-0.5*0.5 + 1*-1) = -1.0.
  CHECK(mf::predict_raw(m, 20, 200).value == Approx(0.5f));
  CHECK(mf::predict_raw(m, 20, 200, false).value == Approx(-1.0f));
  CHECK(mf::raw_score(m, 1, 1) == Approx(-1.0f));
  // Inside the scale clipping changes nothing: 3 - 0.25 + 0.2 + (-0.5 + 1) = 3.45.
  CHECK(mf::predict_raw(m, 20, 100).value == Approx(3.45f));
  CHECK(mf::predict_raw(m, 20, 100, false).value == Approx(3.45f));
  CHECK(mf::predict(m, 1, 0).value == Approx(3.45f));

  auto p = mf::predict_raw(m, 10, 500);
  CHECK(p.value == Approx(2.9f));
  CHECK(p.user_known);
  CHECK(p.item_known);
  CHECK_FALSE(p.fallback());

  SECTION("a custom scale clips to its own bounds") {
    auto m10 = m;
    m10.scale = {1.0f, 10.0f};
    CHECK(mf::predict_raw(m10, 10, 300).value == Approx(5.725f));
    CHECK(mf::predict_raw(m10, 20, 200).value == Approx(1.0f));
  }
}

TEST_CASE("prediction without biases is p.q alone", "[model]") {
  auto m = mft::toy_model();
  m.options.biases = false;
  std::fill(m.user_bias.begin(), m.user_bias.end(), 0.0f);
  std::fill(m.item_bias.begin(), m.item_bias.end(), 0.0f);
  // A model without biases keeps mu only as the fallback.
  // 10 x 300: 2*1 + 0.25*0.5 = 2.125
  CHECK(mf::predict_raw(m, 10, 300).value == Approx(2.125f));
  CHECK(mf::predict_raw(m, 20, 500, false).value == Approx(1.3f));
  CHECK(mf::predict_raw(m, 10, 999).value == Approx(3.0f));  // fallback: mu
}

TEST_CASE("unknown users and items fall back to mu plus the known bias", "[model]") {
  const auto m = mft::toy_model();
  struct Case {
    mf::RawId user, item;
    float expected;
    bool user_known, item_known;
  };
  const Case cases[] = {
      {999, 100, 3.0f + 0.2f, false, true},    // user never seen: mu + b_i
      {10, 999, 3.0f + 0.5f, true, false},     // item never seen: mu + b_u
      {999, 998, 3.0f, false, false},          // neither: mu
      {30, 100, 3.0f + 0.2f, false, true},     // user in the map but untrained: its bias and vector unused
      {10, 400, 3.0f + 0.5f, true, false},     // item in the map but untrained
      {30, 400, 3.0f, false, false},
  };
  for (const auto& c : cases) {
    INFO("user " << c.user << ", item " << c.item);
    for (bool clip : {true, false}) {
      auto p = mf::predict_raw(m, c.user, c.item, clip);
      CHECK(std::isfinite(p.value));
      CHECK(p.value == Approx(c.expected));
      CHECK(p.user_known == c.user_known);
      CHECK(p.item_known == c.item_known);
      CHECK(p.fallback());
    }
  }
  // Dense indices outside the model count as unknown.
  auto p = mf::predict(m, 7, 0);
  CHECK_FALSE(p.user_known);
  CHECK(p.item_known);
  CHECK(p.value == Approx(3.2f));
  auto q = mf::predict(m, 0, 1000000);
  CHECK_FALSE(q.item_known);
  CHECK(q.value == Approx(3.5f));
}

TEST_CASE("evaluate computes MSE, RMSE and MAE of the clipped predictions", "[model]") {
  const auto m = mft::toy_model();
  mf::Ratings r;
  r.push_back(0, 2, 4.5f);  // predicted 5.0 (clipped from 5.725): error 0.5
  r.push_back(1, 1, 1.0f);  // predicted 0.5 (clipped from -1.0): error 0.5
  r.push_back(1, 0, 4.0f);  // predicted 3.45: error 0.55
  r.push_back(2, 0, 3.0f);  // untrained user, fallback 3.2: error 0.2
  r.push_back(0, 3, 5.0f);  // untrained item, fallback 3.5: error 1.5
  auto metrics = mf::evaluate(m, r);
  const double mse = (0.25 + 0.25 + 0.55 * 0.55 + 0.04 + 2.25) / 5;
  const double mae = (0.5 + 0.5 + 0.55 + 0.2 + 1.5) / 5;
  CHECK(metrics.count == 5);
  CHECK(metrics.fallback == 2);
  CHECK(metrics.mse == Approx(mse).epsilon(1e-6));
  CHECK(metrics.rmse == Approx(std::sqrt(mse)).epsilon(1e-6));
  CHECK(metrics.mae == Approx(mae).epsilon(1e-6));

  auto none = mf::evaluate(m, mf::Ratings{});
  CHECK(none.count == 0);
  CHECK(none.fallback == 0);
  CHECK(none.mse == 0.0);
  CHECK(none.rmse == 0.0);
  CHECK(none.mae == 0.0);
}

TEST_CASE("users and items seen only in the test split get finite fallback predictions", "[model]") {
  // Item 777 is rated only by test ratings; user 888 rates only in the test split.
  auto rows = mft::random_ratings(10, 8, 0.6, 12);
  for (int u = 0; u < 4; ++u) rows.push_back({mf::RawId(1000 + 7 * u), 777, 4.0f});
  rows.push_back({888, -50, 2.0f});
  rows.push_back({888, -50 + 13, 3.5f});
  auto d = mft::dataset_from(rows);
  const mf::Index item777 = mf::Index(d.items.find(777));
  const mf::Index user888 = mf::Index(d.users.find(888));
  mf::Split split;
  for (std::size_t k = 0; k < d.ratings.size(); ++k) {
    bool test_only = d.ratings.item[k] == item777 || d.ratings.user[k] == user888;
    (test_only ? split.test : split.train).push_back(d.ratings.user[k], d.ratings.item[k], d.ratings.value[k]);
  }
  REQUIRE(split.test.size() == 6);

  for (auto algorithm : {mf::Algorithm::ALS, mf::Algorithm::SGD}) {
    for (auto scaling : {mf::RegScaling::None, mf::RegScaling::Count}) {
      for (bool biases : {true, false}) {
        auto o = mf::default_options(algorithm);
        o.factors = 3;
        o.reg_scaling = scaling;
        o.biases = biases;
        INFO(mf::to_string(algorithm) << " " << mf::to_string(scaling) << " biases " << biases);
        mf::Trainer t(d, split, o);
        for (int s = 0; s < 3; ++s) REQUIRE(t.step().status == mf::Status::Ok);
        const auto& m = t.model();
        CHECK(mft::model_finite(m));
        CHECK_FALSE(m.item_known(item777));
        CHECK_FALSE(m.user_known(user888));
        CHECK(m.item_count[item777] == 0);
        CHECK(m.user_count[user888] == 0);

        for (std::size_t k = 0; k < split.test.size(); ++k) {
          mf::Index u = split.test.user[k], i = split.test.item[k];
          auto p = mf::predict(m, u, i);
          REQUIRE(std::isfinite(p.value));
          CHECK(p.fallback());
          float expected = m.global_mean;
          if (u != user888) expected += m.user_bias[u];  // the known side's bias
          if (i != item777) expected += m.item_bias[i];
          expected = std::min(std::max(expected, d.scale.min), d.scale.max);
          CHECK(p.value == Approx(expected).margin(1e-6));
        }
        auto metrics = t.history().back().test;
        CHECK(metrics.count == 6);
        CHECK(metrics.fallback == 6);
        CHECK(std::isfinite(metrics.rmse));
        auto p = mf::predict_raw(m, 1000, 777);
        CHECK(p.user_known);
        CHECK_FALSE(p.item_known);
      }
    }
  }
}
