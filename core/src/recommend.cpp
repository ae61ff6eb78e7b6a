#include "mf/recommend.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <unordered_set>

#include "als_row.hpp"
#include "kernels.hpp"
#include "mf/error.hpp"
#include "mf/ials.hpp"
#include "text.hpp"

namespace mf {

namespace {

// Highest scores first; equal scores in raw-id order so results are stable.
std::vector<Scored> top_n(std::vector<Scored> all, std::size_t n) {
  auto better = [](const Scored& a, const Scored& b) {
    return a.score > b.score || (a.score == b.score && a.id < b.id);
  };
  n = std::min(n, all.size());
  std::partial_sort(all.begin(), all.begin() + std::ptrdiff_t(n), all.end(), better);
  all.resize(n);
  return all;
}

std::vector<Scored> score_items(const Model& m, const float* p, float bias,
                                const RecommendOptions& options) {
  if (!std::isfinite(options.shrinkage) || options.shrinkage < 0)
    fail(ErrorKind::InvalidArgument,
         param("shrinkage") << " must be a finite number >= 0 (got " << shortest_text(options.shrinkage) << ")");
  const std::unordered_set<RawId> excluded(options.exclude.begin(), options.exclude.end());
  std::vector<Scored> all;
  all.reserve(m.n_items());
  const std::uint32_t min_ratings = std::max<std::uint32_t>(options.min_ratings, 1);
  for (Index i = 0; i < m.n_items(); ++i) {
    if (m.item_count[i] < min_ratings) continue;
    const RawId id = m.items.raw(i);
    if (excluded.count(id)) continue;
    all.push_back({id, ranking_score(m, p, bias, i, options.shrinkage)});
  }
  return top_n(std::move(all), options.n);
}

Index known_item(const Model& m, RawId item, const char* what) {
  const std::int64_t i = m.items.find(item);
  if (i < 0 || !m.item_known(Index(i)))
    fail(ErrorKind::UnknownId, std::string(what) + " " + std::to_string(item) +
                                   (i < 0 ? " is not in the model" : " has no training ratings in the model"));
  return Index(i);
}

}  // namespace

float ranking_score(const Model& m, const float* p, float user_bias, Index i, double shrinkage) {
  const float dot = kernels::dot(p, m.item_vector(i), m.factors);
  if (!predicts_ratings(m.options.algorithm)) return dot;
  // Unshrunk: the prediction itself, added in raw_score's order (same bits).
  if (!(shrinkage > 0)) return m.options.biases ? ((m.global_mean + user_bias) + m.item_bias[i]) + dot : dot;
  const float n = float(m.item_count[i]);
  // An imported model knows no counts: its items are not shrunk.
  const float w = m.item_count[i] != kUnknownCount ? n / (n + float(shrinkage)) : 1.0f;
  return m.options.biases ? (m.global_mean + user_bias) + w * (m.item_bias[i] + dot) : w * dot;
}

std::vector<Scored> recommend(const Model& m, RawId user, const RecommendOptions& options) {
  const std::int64_t u = m.users.find(user);
  if (u < 0 || !m.user_known(Index(u)))
    fail(ErrorKind::UnknownId, "user " + std::to_string(user) +
                                   (u < 0 ? " is not in the model" : " has no training ratings in the model") +
                                   "; fold in their ratings to recommend for a new user");
  return score_items(m, m.user_vector(Index(u)), m.user_bias[Index(u)], options);
}

std::vector<Scored> recommend_vector(const Model& m, const UserVector& v, const RecommendOptions& options) {
  if (v.factors.size() != std::size_t(m.factors))
    fail(ErrorKind::InvalidArgument, "user vector has " + std::to_string(v.factors.size()) +
                                         " factors but the model has " + std::to_string(m.factors));
  return score_items(m, v.factors.data(), v.bias, options);
}

std::vector<Scored> similar_items(const Model& m, RawId item, std::size_t n, std::uint32_t min_ratings,
                                  Similarity measure) {
  const Index target = known_item(m, item, "item");
  const int k = m.factors;
  const float* q = m.item_vector(target);
  const float norm_q = std::sqrt(kernels::dot(q, q, k));
  const bool cosine = measure == Similarity::Cosine;
  std::vector<Scored> all;
  min_ratings = std::max<std::uint32_t>(min_ratings, 1);
  if (norm_q > 0.0f || !cosine) {
    for (Index i = 0; i < m.n_items(); ++i) {
      if (i == target || m.item_count[i] < min_ratings) continue;
      const float* v = m.item_vector(i);
      const float dot = kernels::dot(q, v, k);
      if (!cosine) {
        all.push_back({m.items.raw(i), dot});
        continue;
      }
      const float norm_v = std::sqrt(kernels::dot(v, v, k));
      if (norm_v == 0.0f) continue;
      all.push_back({m.items.raw(i), dot / (norm_q * norm_v)});
    }
  }
  return top_n(std::move(all), n);
}

Similarity parse_similarity(const std::string& name) {
  if (name == "cosine") return Similarity::Cosine;
  if (name == "dot") return Similarity::Dot;
  fail(ErrorKind::InvalidArgument, param("measure") << " must be 'cosine' or 'dot' (got '" << name << "')");
}

const char* similarity_name(Similarity measure) { return measure == Similarity::Dot ? "dot" : "cosine"; }

UserVector fold_in(const Model& m, const std::vector<std::pair<RawId, float>>& ratings) {
  const int k = m.factors;
  SparseRows row;
  row.offsets = {0, ratings.size()};
  std::unordered_set<RawId> seen;
  for (const auto& [item, value] : ratings) {
    const Index i = known_item(m, item, "fold-in: item");
    if (!seen.insert(item).second)
      fail(ErrorKind::InvalidArgument, "fold-in: item " + std::to_string(item) + " is rated twice");
    if (!std::isfinite(value) || value < m.scale.min || value > m.scale.max) {
      fail(ErrorKind::InvalidArgument, "fold-in: rating " + shortest_text(value) + " for item " +
                                           std::to_string(item) + " is outside the scale " +
                                           shortest_text(m.scale.min) + " .. " + shortest_text(m.scale.max));
    }
    row.cols.push_back(i);
    row.values.push_back(value);
  }
  UserVector v;
  v.factors.assign(k, 0.0f);
  const TrainOptions& o = m.options;
  if (o.missing_as_zero) {
    solve_zero_filled(row, m.item_factors.data(), m.n_items(), k, o.reg_user, v.factors.data());
    return v;
  }
  if (o.algorithm == Algorithm::ImplicitALS) {
    // The ratings at or above the threshold are the new user's positives.
    SparseRows positives;
    positives.offsets = {0};
    for (std::size_t e = 0; e < row.cols.size(); ++e) {
      const double extra = implicit_extra_confidence(o, row.values[e]);
      if (extra < 0.0) continue;
      positives.cols.push_back(row.cols[e]);
      positives.values.push_back(float(extra));
    }
    positives.offsets.push_back(positives.cols.size());
    v.factors = implicit_user_vector(m, positives);
    return v;
  }
  RowSolver solver(k, o.biases);
  const double s = row_scale(o, ratings.size());
  solver.solve(row.cols.data(), row.values.data(), ratings.size(), m.item_factors.data(),
               m.item_bias.data(), m.global_mean, o.reg_user * s, o.reg_user_bias * s,
               v.factors.data(), &v.bias);
  return v;
}

std::vector<Scored> recommend_for(const Model& m, const std::vector<std::pair<RawId, float>>& ratings,
                                  RecommendOptions options) {
  const UserVector v = fold_in(m, ratings);
  for (const auto& rated : ratings) options.exclude.push_back(rated.first);
  return recommend_vector(m, v, options);
}

}  // namespace mf
