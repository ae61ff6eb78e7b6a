// Using a model (recommend.hpp): top-N, similar items, and a contract test that
// training finds the held-out item of a planted two-group structure.
#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "mf/ranking.hpp"
#include "mf/recommend.hpp"
#include "mf/train.hpp"
#include "test_util.hpp"
#include "toy_model.hpp"

using mft::catch_error;
using mft::contains;

namespace {

std::vector<mf::RawId> ids(const std::vector<mf::Scored>& s) {
  std::vector<mf::RawId> v;
  for (const auto& x : s) v.push_back(x.id);
  return v;
}

void check_sorted(const std::vector<mf::Scored>& s) {
  for (std::size_t k = 1; k < s.size(); ++k) CHECK(s[k - 1].score >= s[k].score);
}

}  // namespace

TEST_CASE("recommend ranks trained items by unclipped predicted rating with shrinkage 0", "[recommend]") {
  const auto m = mft::toy_model();
  mf::RecommendOptions o;
  o.shrinkage = 0;
  // User 10: 300 -> 5.725, 100 -> 5.2, 500 -> 2.9, 200 -> 1.0; 400 is untrained.
  auto all = mf::recommend(m, 10, o);
  CHECK(ids(all) == std::vector<mf::RawId>{300, 100, 500, 200});
  REQUIRE(all.size() == 4);
  CHECK(all[0].score == Approx(5.725f));  // not clipped to 5
  CHECK(all[1].score == Approx(5.2f));
  CHECK(all[2].score == Approx(2.9f));
  CHECK(all[3].score == Approx(1.0f));
  check_sorted(all);

  // User 20: 500 -> 4.05, 100 -> 3.45, 300 -> 2.1, 200 -> -1.0 (not clipped to 0.5).
  auto u20 = mf::recommend(m, 20, o);
  CHECK(ids(u20) == std::vector<mf::RawId>{500, 100, 300, 200});
  CHECK(u20.back().score == Approx(-1.0f));

  SECTION("n is respected") {
    o.n = 2;
    CHECK(ids(mf::recommend(m, 10, o)) == std::vector<mf::RawId>{300, 100});
    o.n = 1;
    CHECK(ids(mf::recommend(m, 20, o)) == std::vector<mf::RawId>{500});
    o.n = 0;
    CHECK(mf::recommend(m, 20, o).empty());
    o.n = 100;
    CHECK(mf::recommend(m, 20, o).size() == 4);
  }
  SECTION("excluded ids never appear") {
    o.exclude = {300, 500};
    CHECK(ids(mf::recommend(m, 10, o)) == std::vector<mf::RawId>{100, 200});
    o.exclude = {300, 12345};  // unknown ids in exclude are harmless
    o.n = 1;
    CHECK(ids(mf::recommend(m, 10, o)) == std::vector<mf::RawId>{100});
  }
  SECTION("min_ratings skips items with fewer training ratings") {
    o.min_ratings = 2;  // counts: 100:2 200:2 300:1 400:0 500:3
    CHECK(ids(mf::recommend(m, 10, o)) == std::vector<mf::RawId>{100, 500, 200});
    o.min_ratings = 3;
    CHECK(ids(mf::recommend(m, 10, o)) == std::vector<mf::RawId>{500});
    // 0 skips nothing by the letter of the header, but an untrained item (400)
    // has no vector worth ranking: either reading is accepted here.
    o.min_ratings = 0;
    auto all_items = mf::recommend(m, 10, o);
    CHECK(all_items.size() >= 4);
    CHECK(all_items.size() <= 5);
    check_sorted(all_items);
  }
}

TEST_CASE("recommend throws UnknownId for users without training ratings", "[recommend]") {
  const auto m = mft::toy_model();
  auto e = catch_error([&] { mf::recommend(m, 999, {}); });
  CHECK(e.kind() == mf::ErrorKind::UnknownId);
  CHECK(contains(e.what(), "999"));
  auto e2 = catch_error([&] { mf::recommend(m, 30, {}); });  // in the map, but untrained
  CHECK(e2.kind() == mf::ErrorKind::UnknownId);
  CHECK(contains(e2.what(), "30"));
}

TEST_CASE("recommend_vector scores items for a free-standing user vector", "[recommend]") {
  const auto m = mft::toy_model();
  mf::UserVector v;
  v.bias = 0.5f;
  v.factors = {1.0f, 0.5f};  // exactly user 10
  mf::RecommendOptions o;
  o.shrinkage = 0;
  auto a = mf::recommend_vector(m, v, o);
  auto b = mf::recommend(m, 10, o);
  REQUIRE(a.size() == b.size());
  for (std::size_t k = 0; k < a.size(); ++k) {
    CHECK(a[k].id == b[k].id);
    CHECK(a[k].score == Approx(b[k].score));
  }
  v.bias = 0.0f;
  v.factors = {0.0f, 1.0f};  // 100: 3.2+1, 200: 0.5-1, 300: 3.1+0.25, 500: 3+0.8
  o.exclude = {100};
  auto c = mf::recommend_vector(m, v, o);
  CHECK(ids(c) == std::vector<mf::RawId>{500, 300, 200});
  CHECK(c[0].score == Approx(3.8f));
}

TEST_CASE("similar_items ranks by cosine of the item vectors", "[recommend]") {
  const auto m = mft::toy_model();
  auto cosine = [&](mf::Index a, mf::Index b) {
    Eigen::VectorXd x = mft::item_vec(m, a), y = mft::item_vec(m, b);
    return x.dot(y) / (x.norm() * y.norm());
  };
  // Item 100 against the trained others: 300 (0.79), 500 (-0.11), 200 (-0.32).
  auto s = mf::similar_items(m, 100, 10);
  CHECK(ids(s) == std::vector<mf::RawId>{300, 500, 200});
  REQUIRE(s.size() == 3);
  CHECK(s[0].score == Approx(cosine(0, 2)).epsilon(1e-5));
  CHECK(s[1].score == Approx(cosine(0, 4)).epsilon(1e-5));
  CHECK(s[2].score == Approx(cosine(0, 1)).epsilon(1e-5));
  check_sorted(s);
  for (const auto& x : s) CHECK(x.id != 100);

  CHECK(ids(mf::similar_items(m, 100, 1)) == std::vector<mf::RawId>{300});
  CHECK(ids(mf::similar_items(m, 100, 10, 2)) == std::vector<mf::RawId>{500, 200});
  CHECK(ids(mf::similar_items(m, 100, 10, 3)) == std::vector<mf::RawId>{500});
  // Cosine ignores length: 500 against 300 (0.25*0.8 - 2) / (|q_300| |q_500|).
  auto s500 = mf::similar_items(m, 500, 10);
  for (const auto& x : s500) {
    mf::Index j = mf::Index(m.items.find(x.id));
    CHECK(x.score == Approx(cosine(4, j)).epsilon(1e-5));
    CHECK(x.score <= 1.0f + 1e-6f);
    CHECK(x.score >= -1.0f - 1e-6f);
  }
  check_sorted(s500);

  auto e = catch_error([&] { mf::similar_items(m, 12345, 5); });
  CHECK(e.kind() == mf::ErrorKind::UnknownId);
  CHECK(contains(e.what(), "12345"));
  auto e2 = catch_error([&] { mf::similar_items(m, 400, 5); });  // untrained
  CHECK(e2.kind() == mf::ErrorKind::UnknownId);
}

namespace {

// Two groups of 6 users and two groups of 6 items. Users love the items of
// their own group (5 stars) and dislike the other group's (1 star). Each user
// misses exactly one item of their own group, rates three of the other
// group's, and leaves the other three unrated. So the best unrated item of a
// user is the held-out item of their own group.
struct Planted {
  mf::Dataset data;
  std::vector<mf::RawId> held_out;  // per user index 0..11
};

mf::RawId user_id(int u) { return 500 + u; }
mf::RawId item_id(int group, int j) { return 9000 + 100 * group + j; }

Planted planted() {
  std::vector<mft::RawRating> rows;
  Planted p;
  for (int u = 0; u < 12; ++u) {
    int g = u % 2, slot = u / 2;
    int held = slot;  // each own-group item is held out by exactly one user
    for (int j = 0; j < 6; ++j)
      if (j != held) rows.push_back({user_id(u), item_id(g, j), j % 2 ? 4.5f : 5.0f});
    for (int off : {1, 3, 5}) rows.push_back({user_id(u), item_id(1 - g, (slot + off) % 6), 1.0f});
    p.held_out.push_back(item_id(g, held));
  }
  p.data = mft::dataset_from(rows);
  return p;
}

// Ranked by the predicted rating (shrinkage 0) the held-out item comes first
// and is predicted as liked, the rest as disliked; with the default
// shrinkage it still comes first.
void check_planted(const mf::Model& m, const Planted& p) {
  for (double shrinkage : {0.0, mf::kDefaultShrinkage}) {
    for (int u = 0; u < 12; ++u) {
      mf::RecommendOptions o;
      o.n = 4;
      o.shrinkage = shrinkage;
      o.exclude = mf::rated_items(p.data, user_id(u));
      REQUIRE(o.exclude.size() == 8);
      auto top = mf::recommend(m, user_id(u), o);
      INFO("shrinkage " << shrinkage << ", user " << user_id(u) << " top " << (top.empty() ? -1 : top[0].id)
                        << " score " << (top.empty() ? 0.f : top[0].score) << ", expected " << p.held_out[u]);
      REQUIRE(top.size() == 4);  // 1 own-group + 3 other-group items unrated
      CHECK(top[0].id == p.held_out[u]);
      if (shrinkage > 0) continue;
      CHECK(top[0].score > 3.0f);
      for (std::size_t k = 1; k < top.size(); ++k) CHECK(top[k].score < 3.0f);
    }
  }
}

TEST_CASE("recommend shrinks each item's own effect by its rating count", "[recommend]") {
  // recommend.hpp: mu + b_u + w_i (b_i + p_u . q_i), w_i = n_i / (n_i + shrinkage).
  const auto m = mft::toy_model();
  mf::RecommendOptions o;
  o.shrinkage = 3.0;
  const auto all = mf::recommend(m, 10, o);
  REQUIRE(all.size() == 4);
  for (const auto& s : all) {
    const mf::Index i = mf::Index(m.items.find(s.id)), u = mf::Index(m.users.find(10));
    const float n = float(m.item_count[i]), w = n / (n + 3.0f);
    const float dot = m.user_vector(u)[0] * m.item_vector(i)[0] + m.user_vector(u)[1] * m.item_vector(i)[1];
    CHECK(s.score == Approx((m.global_mean + m.user_bias[u]) + w * (m.item_bias[i] + dot)));
  }
  o.shrinkage = -1;
  CHECK(catch_error([&] { mf::recommend(m, 10, o); }).parameter() == "shrinkage");
}

TEST_CASE("an explicit model's default top-N ranks at least as well as the most popular movies",
          "[recommend][accuracy][regression]") {
  // Ranked by predicted rating, ALS's top 10 on ml-latest-small was movies
  // with one or two ratings of 5: NDCG@10 0.003 against popularity's 0.110.
  const mf::Dataset d = mf::load_ratings(mft::movielens_small("ratings.csv"));
  const mf::Split split = mf::split_random(d, 0.1, 42);
  const auto popular =
      mf::evaluate_ranking(split, d.n_users(), d.n_items(), mf::popularity_scorer(split.train, d.n_items()));
  for (auto algorithm : {mf::Algorithm::ALS, mf::Algorithm::SGD}) {
    mf::Trainer t(d, split, mf::default_options(algorithm));
    for (int i = 0; i < t.options().iterations; ++i) t.step();
    const auto ranked = mf::evaluate_ranking(split, d.n_users(), d.n_items(), mf::model_scorer(t.model()));
    const auto raw = mf::evaluate_ranking(split, d.n_users(), d.n_items(), mf::model_scorer(t.model(), 0.0));
    INFO(mf::to_string(algorithm) << ": NDCG@10 " << ranked.ndcg << " (by predicted rating " << raw.ndcg
                                  << "), most popular " << popular.ndcg);
    CHECK(ranked.ndcg >= popular.ndcg);
    CHECK(raw.ndcg < popular.ndcg / 2);
  }
}

}  // namespace

TEST_CASE("training recovers a planted two-group preference (ALS)", "[recommend][contract]") {
  auto p = planted();
  for (bool biases : {true, false}) {
    INFO("biases " << biases);
    auto o = mf::default_options(mf::Algorithm::ALS);
    o.factors = 4;
    o.biases = biases;
    o.seed = 1;
    mf::Trainer t(p.data, mft::all_train(p.data), o);
    for (int s = 0; s < 20; ++s) t.step();
    check_planted(t.model(), p);
  }
}

TEST_CASE("training recovers a planted two-group preference (SGD)", "[recommend][contract]") {
  auto p = planted();
  auto o = mf::default_options(mf::Algorithm::SGD);
  o.factors = 4;
  o.learning_rate = 0.02;
  o.reg_user = o.reg_item = o.reg_user_bias = o.reg_item_bias = 0.02;
  o.seed = 1;
  mf::Trainer t(p.data, mft::all_train(p.data), o);
  for (int s = 0; s < 400; ++s) REQUIRE(t.step().status == mf::Status::Ok);
  check_planted(t.model(), p);
}
