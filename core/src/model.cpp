#include "mf/model.hpp"

#include <algorithm>
#include <cmath>

#include "kernels.hpp"

namespace mf {

float raw_score(const Model& m, Index u, Index i) {
  const float dot = kernels::dot(m.user_vector(u), m.item_vector(i), m.factors);
  if (!m.options.biases) return dot;
  return ((m.global_mean + m.user_bias[u]) + m.item_bias[i]) + dot;
}

Prediction predict(const Model& m, Index u, Index i, bool clip) {
  Prediction p;
  p.user_known = m.user_known(u);
  p.item_known = m.item_known(i);
  const bool rates = predicts_ratings(m.options.algorithm);
  if (!p.fallback()) {
    p.value = raw_score(m, u, i);
  } else if (!rates) {
    p.value = 0.0f;  // a preference model knows nothing of the pair: no preference
  } else {
    // Mean plus whatever bias is known.
    p.value = m.global_mean;
    if (m.options.biases) {
      if (p.user_known) p.value += m.user_bias[u];
      if (p.item_known) p.value += m.item_bias[i];
    }
  }
  if (clip && rates) p.value = std::min(std::max(p.value, m.scale.min), m.scale.max);
  return p;
}

Prediction predict_raw(const Model& m, RawId user, RawId item, bool clip) {
  const std::int64_t u = m.users.find(user), i = m.items.find(item);
  // Index ~0u is never a valid row, so it reads as unknown.
  return predict(m, u < 0 ? ~Index(0) : Index(u), i < 0 ? ~Index(0) : Index(i), clip);
}

Metrics evaluate(const Model& m, const Ratings& ratings) {
  Metrics out;
  out.count = ratings.size();
  if (out.count == 0) return out;
  double se = 0.0, ae = 0.0;
  for (std::size_t k = 0; k < ratings.size(); ++k) {
    const Prediction p = predict(m, ratings.user[k], ratings.item[k], true);
    if (p.fallback()) ++out.fallback;
    const double e = double(ratings.value[k]) - double(p.value);
    se += e * e;
    ae += std::fabs(e);
  }
  out.mse = se / double(out.count);
  out.rmse = std::sqrt(out.mse);
  out.mae = ae / double(out.count);
  return out;
}

}  // namespace mf
