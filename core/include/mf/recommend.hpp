// Using a trained model: top-N for a user, similar items, fold-in of a new user.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "mf/model.hpp"

namespace mf {

struct Scored {
  RawId id;
  float score;
};

// A model that predicts ratings ranks the items it knows little about badly:
// an item with one rating of 5 gets a large bias, and a plain top-N by
// predicted rating is made of such items (on ml-latest-small, ALS's NDCG@10
// is 0.003 where the most popular movies reach 0.110). So recommend() ranks by
//   mu + b_u + w_i (b_i + p_u . q_i),   w_i = n_i / (n_i + shrinkage)
// (w_i p_u . q_i without biases; n_i the item's training ratings): the item's
// own effect, shrunk towards 0 the fewer ratings back it. Measured on
// ml-latest-small (NDCG@10, docs/ranking.md), shrinkage 500 was best for ALS
// on a validation share of the training ratings and gives ALS 0.117 and SGD
// 0.117 on the test set, above the most popular movies' 0.110; the price is
// lists that lean to well-known movies (1.4 % of the catalogue recommended
// to someone, against 5 % unshrunk). shrinkage = 0 ranks by the prediction
// itself, and so does an item whose count is unknown (kUnknownCount: an
// imported model, spark.hpp), as its own library would. Implicit ALS predicts
// a preference and ranks by p_u . q_i.
constexpr double kDefaultShrinkage = 500.0;

struct RecommendOptions {
  std::size_t n = 10;
  std::vector<RawId> exclude;  // raw item ids never to return (e.g. already rated)
  std::uint32_t min_ratings = 1;  // skip items with fewer training ratings
  double shrinkage = kDefaultShrinkage;
};

// The score item i is ranked by for a user with vector p and bias user_bias (above).
float ranking_score(const Model& m, const float* p, float user_bias, Index i, double shrinkage);

// Best items for a known user, by ranking_score, highest first.
// Throws mf::Error(UnknownId) for a user the model has no ratings for.
std::vector<Scored> recommend(const Model& m, RawId user, const RecommendOptions& options);

// A user vector solved outside training (see fold_in).
struct UserVector {
  float bias = 0.0f;
  std::vector<float> factors;
};

std::vector<Scored> recommend_vector(const Model& m, const UserVector& v,
                                     const RecommendOptions& options);

// How similar_items compares two item vectors:
//   Cosine: cos(i, j) = q_i . q_j / (|q_i| |q_j|), the angle alone (1 = same direction);
//   Dot:    q_i . q_j, which also grows with the vectors' lengths. A movie's
//           vector grows with its training ratings (each one pulls on it), so
//           the dot product favours popular movies whatever their direction.
enum class Similarity { Cosine, Dot };

// Items most similar to `item` by `measure` of the item factors, highest
// first, excluding the item itself, items with fewer than min_ratings
// training ratings and (cosine) zero vectors. Throws UnknownId for an
// untrained item.
std::vector<Scored> similar_items(const Model& m, RawId item, std::size_t n,
                                  std::uint32_t min_ratings = 1, Similarity measure = Similarity::Cosine);

// Parses "cosine" or "dot"; anything else throws InvalidArgument naming `measure`.
Similarity parse_similarity(const std::string& name);
// The name parse_similarity reads ("cosine", "dot").
const char* similarity_name(Similarity measure);

// Solves a new user's vector against the fixed item factors in closed form:
// exactly the ALS user step of als.hpp for these ratings, with the model's
// user regularization. For an SGD-trained model, whose per-rating penalty sums
// to lambda * |I(u)| over a user's ratings, the count-scaled form is used.
// Unknown item ids and ratings outside the scale throw, naming the value.
UserVector fold_in(const Model& m, const std::vector<std::pair<RawId, float>>& ratings);

// Recommendations for a new user from a few ratings: fold_in, then the best
// items by recommend_vector, never one of the items just rated (on top of
// options.exclude).
std::vector<Scored> recommend_for(const Model& m, const std::vector<std::pair<RawId, float>>& ratings,
                                  RecommendOptions options);

}  // namespace mf
