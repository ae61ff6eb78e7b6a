#include "mf/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

#include "kernels.hpp"
#include "mf/error.hpp"
#include "text.hpp"

namespace mf {

namespace {

// Per-user working memory, reused from user to user.
struct UserLists {
  std::vector<float> scores;
  std::vector<char> state;  // 0 candidate, 1 relevant test item, 2 training item (not a candidate)
  std::vector<Index> top;   // the list, best first
  std::vector<float> relevant_scores, negative_scores;
};

struct UserResult {
  double precision, recall, ndcg, map, hit, auc;
};

void check_shrinkage(double shrinkage) {
  if (!std::isfinite(shrinkage) || shrinkage < 0)
    fail(ErrorKind::InvalidArgument,
         param("shrinkage") << " must be a finite number >= 0 (got " << shortest_text(shrinkage) << ")");
}

// The model's dense index of each of `ids`' raw ids (-1: not in the model).
std::vector<std::int64_t> model_indices(const IdMap& model, const IdMap& ids) {
  std::vector<std::int64_t> out(ids.size());
  for (std::size_t k = 0; k < ids.size(); ++k) out[k] = model.find(ids.raw(Index(k)));
  return out;
}

double discount(std::size_t rank) { return 1.0 / std::log2(double(rank) + 2.0); }

UserResult score_user(UserLists& w, std::size_t n_relevant, int k, std::vector<char>& recommended) {
  const Index n = Index(w.scores.size());
  constexpr float lowest = -std::numeric_limits<float>::infinity();
  // The list: the k best candidates, higher score first, lower index on ties,
  // kept sorted while scanning.
  float* scores = w.scores.data();
  const char* state = w.state.data();
  w.relevant_scores.clear();
  w.negative_scores.resize(n);
  std::size_t n_negative = 0;
  // The list's last entry: an item enters only if it beats it.
  Index* top = w.top.data();
  std::size_t len = 0;
  float last_score = lowest;
  Index last = n;
  for (Index i = 0; i < n; ++i) {
    if (state[i] == 2) continue;
    if (std::isnan(scores[i])) scores[i] = lowest;
    const float s = scores[i];
    if (state[i] == 1) w.relevant_scores.push_back(s); else w.negative_scores[n_negative++] = s;
    if (len == std::size_t(k) && !(s > last_score || (s == last_score && i < last))) continue;
    // Insert i after every entry that scores at least s (earlier indices win ties).
    std::size_t at = len < std::size_t(k) ? len : len - 1;
    while (at > 0 && scores[top[at - 1]] < s) {
      top[at] = top[at - 1];
      --at;
    }
    top[at] = i;
    if (len < std::size_t(k)) ++len;
    last = top[len - 1];
    last_score = scores[last];
  }
  w.negative_scores.resize(n_negative);
  const std::size_t m = std::min<std::size_t>(std::size_t(k), n_relevant);
  double hits = 0, dcg = 0, idcg = 0, ap = 0;
  for (std::size_t r = 0; r < len; ++r) {
    recommended[top[r]] = 1;
    if (state[top[r]] == 1) {
      hits += 1;
      dcg += discount(r);
      ap += hits / double(r + 1);
    }
  }
  for (std::size_t r = 0; r < m; ++r) idcg += discount(r);
  // AUC: for every relevant item, the non-relevant candidates scoring below
  // it count 1 and those scoring the same one half.
  double correct = 0;
  const double negatives = double(w.negative_scores.size());
  const float* negative = w.negative_scores.data();
  for (const float s : w.relevant_scores) {
    std::uint32_t below = 0, same = 0;  // 32-bit counters: the loop vectorises
    for (std::size_t j = 0; j < n_negative; ++j) {
      below += std::uint32_t(negative[j] < s);
      same += std::uint32_t(negative[j] == s);
    }
    correct += double(below) + 0.5 * double(same);
  }
  const double pairs = negatives * double(n_relevant);
  return {hits / double(k), hits / double(m), dcg / idcg, ap / double(m), hits > 0 ? 1.0 : 0.0,
          pairs > 0 ? correct / pairs : 0.5};
}

}  // namespace

RankingMetrics evaluate_ranking(const Split& split, std::size_t n_users, std::size_t n_items, const Scorer& scorer,
                                const RankingOptions& o) {
  if (o.k < 1 || o.k > kMaxListLength)
    fail(ErrorKind::InvalidArgument, param("k") << " must be between 1 and " << std::to_string(kMaxListLength)
                                                << " (got " << std::to_string(o.k) << ")");
  if (!std::isfinite(o.threshold))
    fail(ErrorKind::InvalidArgument, param("threshold") << " must be a finite rating");
  const SparseRows train = rows_by_user(split.train, n_users);
  const SparseRows test = rows_by_user(split.test, n_users);
  UserLists w;
  w.scores.resize(n_items);
  w.state.resize(n_items);
  w.top.resize(std::size_t(o.k));
  std::vector<char> recommended(n_items, 0);
  RankingMetrics out;
  out.k = o.k;
  UserResult sum{0, 0, 0, 0, 0, 0};
  for (Index u = 0; u < n_users; ++u) {
    std::fill(w.state.begin(), w.state.end(), 0);
    std::size_t n_relevant = 0;
    for (std::size_t e = test.offsets[u]; e < test.offsets[u + 1]; ++e)
      if (o.any_rating_relevant || test.values[e] >= o.threshold) {
        w.state[test.cols[e]] = 1;
        ++n_relevant;
      }
    if (n_relevant == 0) {
      ++out.users_skipped;
      continue;
    }
    for (std::size_t e = train.offsets[u]; e < train.offsets[u + 1]; ++e) w.state[train.cols[e]] = 2;
    scorer(u, w.scores.data());
    const UserResult r = score_user(w, n_relevant, o.k, recommended);
    sum = {sum.precision + r.precision, sum.recall + r.recall, sum.ndcg + r.ndcg,
           sum.map + r.map,             sum.hit + r.hit,       sum.auc + r.auc};
    ++out.users_evaluated;
  }
  if (out.users_evaluated > 0) {
    const double n = double(out.users_evaluated);
    out.precision = sum.precision / n;
    out.recall = sum.recall / n;
    out.ndcg = sum.ndcg / n;
    out.map = sum.map / n;
    out.hit_rate = sum.hit / n;
    out.auc = sum.auc / n;
  }
  if (n_items > 0)
    out.coverage = double(std::count(recommended.begin(), recommended.end(), char(1))) / double(n_items);
  return out;
}

Scorer model_scorer(const Model& m, double shrinkage) {
  check_shrinkage(shrinkage);
  return [&m, shrinkage](Index u, float* scores) {
    const float* p = m.user_vector(u);
    for (Index i = 0; i < m.n_items(); ++i) scores[i] = ranking_score(m, p, m.user_bias[u], i, shrinkage);
  };
}

Scorer model_scorer(const Model& m, const Dataset& data, double shrinkage) {
  check_shrinkage(shrinkage);
  return [&m, shrinkage, users = model_indices(m.users, data.users), items = model_indices(m.items, data.items),
          zeros = std::vector<float>(std::size_t(m.factors), 0.0f)](Index u, float* scores) {
    const bool known = users[u] >= 0;
    const float* p = known ? m.user_vector(Index(users[u])) : zeros.data();
    const float bias = known ? m.user_bias[std::size_t(users[u])] : 0.0f;
    for (std::size_t i = 0; i < items.size(); ++i)
      scores[i] = items[i] < 0 ? std::numeric_limits<float>::quiet_NaN()
                               : ranking_score(m, p, bias, Index(items[i]), shrinkage);
  };
}

Metrics evaluate_ratings(const Model& m, const Dataset& data, const Ratings& ratings) {
  const std::vector<std::int64_t> users = model_indices(m.users, data.users), items = model_indices(m.items, data.items);
  // An id the model lacks becomes an index past its end, which predict() treats as unknown.
  const auto index = [](std::int64_t k) { return k < 0 ? ~Index(0) : Index(k); };
  Ratings mapped;
  mapped.reserve(ratings.size());
  for (std::size_t k = 0; k < ratings.size(); ++k)
    mapped.push_back(index(users[ratings.user[k]]), index(items[ratings.item[k]]), ratings.value[k]);
  return evaluate(m, mapped);
}

Scorer popularity_scorer(const Ratings& train, std::size_t n_items) {
  std::vector<float> counts(n_items, 0.0f);
  for (Index i : train.item) counts[i] += 1.0f;
  return [counts = std::move(counts)](Index, float* scores) { std::copy(counts.begin(), counts.end(), scores); };
}

Scorer damped_mean_scorer(const Ratings& train, std::size_t n_items, double damping) {
  if (!std::isfinite(damping) || damping < 0)
    fail(ErrorKind::InvalidArgument, param("damping") << " must be a finite number >= 0");
  std::vector<double> sum(n_items, 0.0), count(n_items, 0.0);
  double total = 0;
  for (std::size_t r = 0; r < train.size(); ++r) {
    sum[train.item[r]] += train.value[r];
    count[train.item[r]] += 1;
    total += train.value[r];
  }
  const double mu = train.size() ? total / double(train.size()) : 0.0;
  std::vector<float> means(n_items);
  for (std::size_t i = 0; i < n_items; ++i)
    means[i] = count[i] + damping > 0 ? float((sum[i] + damping * mu) / (count[i] + damping)) : float(mu);
  return [means = std::move(means)](Index, float* scores) { std::copy(means.begin(), means.end(), scores); };
}

}  // namespace mf
