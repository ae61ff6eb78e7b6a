// Ranking metrics (ranking.hpp) against hand-computed examples, the
// candidate rules (training items never listed, test items always
// candidates), the skipping of users without a relevant test item, and the
// baselines.
#include <cmath>
#include <vector>

#include "mf/ranking.hpp"
#include "mf/train.hpp"
#include "test_util.hpp"

namespace {

// A scorer from a fixed table: scores[u][i].
mf::Scorer table(std::vector<std::vector<float>> scores) {
  return [scores = std::move(scores)](mf::Index u, float* out) {
    for (std::size_t i = 0; i < scores[u].size(); ++i) out[i] = scores[u][i];
  };
}

mf::Split split_of(std::vector<mft::Triple> train, std::vector<mft::Triple> test) {
  mf::Split s;
  for (auto [u, i, r] : train) s.train.push_back(u, i, r);
  for (auto [u, i, r] : test) s.test.push_back(u, i, r);
  return s;
}

double d(int rank) { return 1.0 / std::log2(rank + 2.0); }

}  // namespace

TEST_CASE("ranking metrics of one user equal the hand-computed values", "[ranking]") {
  // 8 items. User 0 trained on item 7 (never listed). Test: items 1, 4, 6
  // rated 5, 4.5, 4 (relevant) and item 2 rated 2 (not relevant).
  // Scores rank the candidates 3, 1, 5, 4, 2, 0, 6 (item 7 scores highest
  // but is a training item).
  auto s = split_of({{0, 7, 3.0f}}, {{0, 1, 5.0f}, {0, 4, 4.5f}, {0, 6, 4.0f}, {0, 2, 2.0f}});
  auto scorer = table({{0.1f, 0.8f, 0.3f, 0.9f, 0.5f, 0.6f, 0.05f, 10.0f}});
  mf::RankingOptions o;
  o.k = 4;  // list: 3, 1, 5, 4 -> hits at ranks 1 and 3
  const auto m = mf::evaluate_ranking(s, 1, 8, scorer, o);
  CHECK(m.users_evaluated == 1);
  CHECK(m.users_skipped == 0);
  CHECK(m.precision == Approx(2.0 / 4));
  CHECK(m.recall == Approx(2.0 / 3));  // min(k, |R|) = 3
  CHECK(m.ndcg == Approx((d(1) + d(3)) / (d(0) + d(1) + d(2))));
  CHECK(m.map == Approx((1.0 / 2 + 2.0 / 4) / 3));
  CHECK(m.hit_rate == 1.0);
  // AUC: relevant 1 (0.8), 4 (0.5), 6 (0.05) against non-relevant candidates
  // 0 (0.1), 2 (0.3), 3 (0.9), 5 (0.6): 1 beats 3 of 4, 4 beats 2, 6 beats 0.
  CHECK(m.auc == Approx((3 + 2 + 0) / 12.0));
  CHECK(m.coverage == Approx(4.0 / 8));
}

TEST_CASE("ranking: recall and NDCG use min(k, relevant); MAP, ties and a perfect list", "[ranking]") {
  // Two relevant items at the top of a list of 5: every metric is perfect.
  auto s = split_of({}, {{0, 2, 5.0f}, {0, 3, 4.0f}});
  auto perfect = mf::evaluate_ranking(s, 1, 6, table({{0, 0, 9, 8, 0, 0}}), {5, 4.0f, false});
  CHECK(perfect.precision == Approx(2.0 / 5));
  CHECK(perfect.recall == 1.0);
  CHECK(perfect.ndcg == Approx(1.0));
  CHECK(perfect.map == Approx(1.0));
  CHECK(perfect.auc == 1.0);
  // All scores equal: the list is items 0..4 by index, AUC one half.
  auto flat = mf::evaluate_ranking(s, 1, 6, table({{1, 1, 1, 1, 1, 1}}), {2, 4.0f, false});
  CHECK(flat.precision == 0.0);  // list 0, 1
  CHECK(flat.auc == 0.5);
  CHECK(flat.coverage == Approx(2.0 / 6));
  // NaN scores count as the lowest.
  auto nan = mf::evaluate_ranking(s, 1, 6, table({{NAN, 1, 2, NAN, 0, 0}}), {1, 4.0f, false});
  CHECK(nan.precision == 1.0);  // item 2 first
}

TEST_CASE("ranking skips users without a relevant test rating and averages over the others", "[ranking]") {
  // User 0: relevant item 0 ranked first. User 1: only a rating of 2 in test
  // (skipped). User 2: relevant item 1 ranked second of k = 2.
  auto s = split_of({}, {{0, 0, 4.0f}, {1, 0, 2.0f}, {2, 1, 5.0f}});
  auto scorer = table({{3, 2, 1}, {3, 2, 1}, {3, 2, 1}});
  const auto m = mf::evaluate_ranking(s, 3, 3, scorer, {2, 4.0f, false});
  CHECK(m.users_evaluated == 2);
  CHECK(m.users_skipped == 1);
  CHECK(m.hit_rate == 1.0);
  CHECK(m.ndcg == Approx((1.0 + d(1) / d(0)) / 2));
  CHECK(m.precision == Approx((0.5 + 0.5) / 2));
  // With every test rating relevant, user 1 counts too.
  const auto all = mf::evaluate_ranking(s, 3, 3, scorer, {2, 4.0f, true});
  CHECK(all.users_evaluated == 3);
}

TEST_CASE("ranking never lists a training item; a checkerboard model ranks each user's item first", "[ranking]") {
  // The contract every recommender passes (as implicit's test suite does):
  // user u's best item is u. Training: each user rated two other items 5.
  const int n = 6;
  mf::Split s;
  std::vector<std::vector<float>> scores(n, std::vector<float>(n, 0.0f));
  for (int u = 0; u < n; ++u) {
    s.train.push_back(mf::Index(u), mf::Index((u + 1) % n), 5.0f);
    s.train.push_back(mf::Index(u), mf::Index((u + 2) % n), 5.0f);
    s.test.push_back(mf::Index(u), mf::Index(u), 5.0f);
    for (int i = 0; i < n; ++i) scores[u][i] = i == u ? 1.0f : (i == (u + 1) % n ? 100.0f : 0.1f * i);
  }
  const auto m = mf::evaluate_ranking(s, n, n, table(scores), {1, 4.0f, false});
  CHECK(m.precision == 1.0);  // item u + 1 scores 100 but is a training item
  CHECK(m.ndcg == 1.0);
  CHECK(m.coverage == 1.0);
}

TEST_CASE("popularity and damped-mean baselines score as documented", "[ranking]") {
  auto s = split_of({{0, 0, 5.0f}, {1, 0, 3.0f}, {2, 0, 4.0f}, {0, 1, 5.0f}, {1, 2, 1.0f}}, {});
  std::vector<float> scores(3);
  mf::popularity_scorer(s.train, 3)(0, scores.data());
  CHECK(scores == std::vector<float>{3, 1, 1});
  const double mu = (5 + 3 + 4 + 5 + 1) / 5.0;
  mf::damped_mean_scorer(s.train, 3, 2.0)(0, scores.data());
  CHECK(scores[0] == Approx((12 + 2 * mu) / 5));
  CHECK(scores[1] == Approx((5 + 2 * mu) / 3));
  CHECK(scores[2] == Approx((1 + 2 * mu) / 3));
  mf::damped_mean_scorer(s.train, 3, 0.0)(0, scores.data());
  CHECK(scores[1] == 5.0f);  // no damping: the plain mean
}

TEST_CASE("the model scorer ranks as recommend() does; with shrinkage 0 by the unclipped prediction", "[ranking]") {
  auto d = mft::random_dataset(15, 12, 0.5, 4);
  auto split = mf::split_random(d, 0.2, 1);
  auto o = mf::default_options(mf::Algorithm::ALS);
  o.factors = 4;
  mf::Trainer t(d, split, o);
  t.step();
  std::vector<float> scores(d.n_items());
  const mf::Model& m = t.model();
  mf::model_scorer(m, 0.0)(3, scores.data());
  for (mf::Index i = 0; i < d.n_items(); ++i) CHECK(scores[i] == mf::raw_score(m, 3, i));
  mf::model_scorer(m)(3, scores.data());
  for (mf::Index i = 0; i < d.n_items(); ++i)
    CHECK(scores[i] == mf::ranking_score(m, m.user_vector(3), m.user_bias[3], i, mf::kDefaultShrinkage));
}

TEST_CASE("ranking options are checked", "[ranking]") {
  auto s = split_of({}, {{0, 0, 4.0f}});
  auto e = mft::catch_error([&] { mf::evaluate_ranking(s, 1, 1, table({{1}}), {0, 4.0f, false}); });
  CHECK(e.parameter() == "k");
}
