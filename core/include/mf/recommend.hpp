// Using a trained model: top-N for a user, similar items, fold-in of a new user.
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "mf/model.hpp"

namespace mf {

struct Scored {
  RawId id;
  float score;
};

struct RecommendOptions {
  std::size_t n = 10;
  std::vector<RawId> exclude;  // raw item ids never to return (e.g. already rated)
  std::uint32_t min_ratings = 1;  // skip items with fewer training ratings
};

// Best items for a known user, by unclipped predicted rating, highest first.
// Throws mf::Error(UnknownId) for a user the model has no ratings for.
std::vector<Scored> recommend(const Model& m, RawId user, const RecommendOptions& options);

// A user vector solved outside training (see fold_in).
struct UserVector {
  float bias = 0.0f;
  std::vector<float> factors;
};

std::vector<Scored> recommend_vector(const Model& m, const UserVector& v,
                                     const RecommendOptions& options);

// Items most similar to `item` by cosine of item factors,
//   cos(i, j) = q_i . q_j / (|q_i| |q_j|),
// highest first, excluding the item itself and items with fewer than
// min_ratings training ratings. Throws UnknownId for an untrained item.
std::vector<Scored> similar_items(const Model& m, RawId item, std::size_t n,
                                  std::uint32_t min_ratings = 1);

// Solves a new user's vector against the fixed item factors in closed form:
// exactly the ALS user step of train.hpp for these ratings, with the model's
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
