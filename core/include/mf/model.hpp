// A trained factorization and the predictions it makes.
//
//   r_hat(u, i) = mu + b_u + b_i + p_u . q_i     (biases on)
//   r_hat(u, i) = p_u . q_i                      (biases off: the textbook ALS)
//
// clipped to the rating scale unless asked otherwise. A user or item the model
// has no training ratings for contributes nothing: the prediction falls back to
// mu plus whatever bias is known, and the Prediction says so. An implicit ALS
// model (ials.hpp) predicts a preference p_u . q_i instead: never clipped, 0
// for an unknown user or item.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "mf/dataset.hpp"
#include "mf/options.hpp"

namespace mf {

// The training-rating count of a row of a model imported from elsewhere
// (spark.hpp), which does not say it: every filter by count lets the row
// through, and ranking does not shrink its score (recommend.hpp).
constexpr std::uint32_t kUnknownCount = 0xFFFFFFFFu;

// Largest |value| a model's factors and biases may hold. Finite is not
// enough: with |values| up to 3e38 a dot product overflows and a prediction
// becomes inf - inf = NaN. Below 1e17, k <= 1024 products sum to at most
// about 1e37, so every prediction and similarity stays finite. Training never
// comes near (it stops as diverged long before).
constexpr float kMaxStoredValue = 1e17f;

struct Model {
  IdMap users;
  IdMap items;
  RatingScale scale;
  TrainOptions options;  // the settings it was trained with (fold-in reuses them)

  int factors = 0;
  float global_mean = 0.0f;             // mu: mean training rating (used as fallback even without biases)
  std::vector<float> user_factors;      // n_users x factors, row-major
  std::vector<float> item_factors;      // n_items x factors, row-major
  std::vector<float> user_bias;         // n_users (zeros without biases)
  std::vector<float> item_bias;         // n_items
  std::vector<std::uint32_t> user_count;  // training ratings per user
  std::vector<std::uint32_t> item_count;  // training ratings per item

  std::size_t n_users() const { return users.size(); }
  std::size_t n_items() const { return items.size(); }
  const float* user_vector(Index u) const { return user_factors.data() + std::size_t(u) * factors; }
  const float* item_vector(Index i) const { return item_factors.data() + std::size_t(i) * factors; }
  bool user_known(Index u) const { return u < user_count.size() && user_count[u] > 0; }
  bool item_known(Index i) const { return i < item_count.size() && item_count[i] > 0; }
};

struct Prediction {
  float value = 0.0f;
  bool user_known = false;
  bool item_known = false;
  // True when the model could not use both vectors (fallback prediction).
  bool fallback() const { return !(user_known && item_known); }
};

// Prediction for dense indices (indices outside the model count as unknown).
Prediction predict(const Model& m, Index u, Index i, bool clip = true);
// Prediction for raw ids; ids the model never saw give the fallback.
Prediction predict_raw(const Model& m, RawId user, RawId item, bool clip = true);
// Unclipped mu + b_u + b_i + p.q for a known pair (no checks; hot path).
float raw_score(const Model& m, Index u, Index i);

struct Metrics {
  double mse = 0.0;
  double rmse = 0.0;
  double mae = 0.0;
  std::size_t count = 0;      // ratings evaluated
  std::size_t fallback = 0;   // of which predicted by the fallback
};

// Error of the clipped predictions over `ratings` (dense indices of the model).
// Empty `ratings` give all zeros with count 0.
Metrics evaluate(const Model& m, const Ratings& ratings);

}  // namespace mf
