// Ranking evaluation: how good a recommender's top-k lists are, measured on a
// test set, and the baselines every comparison needs.
//
// Protocol (evaluate_ranking):
//   - A test rating is relevant when it is >= `threshold` (with
//     `any_rating_relevant`, as for implicit feedback, every test rating is).
//   - Users with no relevant test rating are skipped (and counted).
//   - For every other user u, the candidates are all items of the data set
//     that u has no training rating for (test items included, relevant or
//     not). The scorer scores them; the top k by score (ties: lower dense
//     item index first) is u's list.
//   - Per user, with R the relevant test items, hit(r) = 1 when the item at
//     rank r (0-based) is in R, and m = min(k, |R|):
//       precision@k = sum_r hit(r) / k
//       recall@k    = sum_r hit(r) / m
//       NDCG@k      = (sum_r hit(r) / log2(r + 2)) / (sum_{r < m} 1 / log2(r + 2))
//       MAP@k       = (sum_r hit(r) * precision@(r + 1)) / m
//       hit rate@k  = 1 if any hit(r), else 0
//       AUC         = share of (relevant, non-relevant candidate) pairs where
//                     the relevant item scores higher (ties count one half)
//     each averaged over the evaluated users.
//   - Coverage: distinct items in all users' lists / items in the data set.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "mf/dataset.hpp"
#include "mf/model.hpp"
#include "mf/recommend.hpp"
#include "mf/split.hpp"

namespace mf {

struct RankingOptions {
  int k = 10;                        // list length, 1 .. kMaxListLength
  float threshold = 4.0f;            // a test rating >= threshold is relevant
  bool any_rating_relevant = false;  // implicit feedback: every test rating is relevant
};

constexpr int kMaxListLength = 100000;

struct RankingMetrics {
  int k = 0;
  double precision = 0, recall = 0, ndcg = 0, map = 0, hit_rate = 0, auc = 0, coverage = 0;
  std::size_t users_evaluated = 0;  // users with at least one relevant test rating
  std::size_t users_skipped = 0;    // users with none
};

// Writes a score for every item (dense index) for dense user `user` into
// scores[0 .. n_items). Higher is better; NaN counts as the lowest score.
using Scorer = std::function<void(Index user, float* scores)>;

// The protocol above. `split` holds dense indices of a data set with
// `n_users` users and `n_items` items.
RankingMetrics evaluate_ranking(const Split& split, std::size_t n_users, std::size_t n_items, const Scorer& scorer,
                                const RankingOptions& options = {});

// What recommend() ranks by (ranking_score in recommend.hpp), with the same
// shrinkage; shrinkage 0 scores by the unclipped prediction itself. The
// scorer keeps a reference to `m`. Throws InvalidArgument for a shrinkage
// that is not a finite number >= 0.
Scorer model_scorer(const Model& m, double shrinkage = kDefaultShrinkage);

// model_scorer for the dense indices of `data`, which the model may number
// its own way (a model read from a file): users and items are matched by raw
// id. A user the model has no vector for is scored with a vector of zeros
// (an explicit model's item effects alone), an item it lacks scores NaN.
Scorer model_scorer(const Model& m, const Dataset& data, double shrinkage = kDefaultShrinkage);

// model.hpp's evaluate() of `m` on `ratings`, dense indices of `data`
// matched to the model's by raw id (unknown ones get the fallback).
Metrics evaluate_ratings(const Model& m, const Dataset& data, const Ratings& ratings);

// Most popular: the item's number of training ratings.
Scorer popularity_scorer(const Ratings& train, std::size_t n_items);

// Damped mean rating: (sum of the item's training ratings + damping * mu) /
// (count + damping), mu the mean training rating: items with few ratings are
// pulled towards the mean instead of topping the list with one 5-star rating.
constexpr double kDefaultDamping = 10.0;
Scorer damped_mean_scorer(const Ratings& train, std::size_t n_items, double damping = kDefaultDamping);

}  // namespace mf
