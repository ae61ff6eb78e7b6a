// mf_ease RATINGS [--lambda L,L,...] [--min-count N] [--k K] [--threshold T]:
// EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"),
// the closed-form item-item model, as a reference for the ranking benchmark.
// Not a shipped algorithm: it needs a dense items x items inverse.
//
// On the library's default split (SplitOptions{}: random 90/10, seed 42) and
// the library's ranking protocol (mf::evaluate_ranking), for each lambda:
//   X   = the binary user x item matrix of the training ratings (every
//         training rating is a positive), restricted to the items with at
//         least N training ratings (the others score lowest: a dense inverse
//         over all 9.7 k items of ml-latest-small takes minutes here, and an
//         item with one or two ratings almost never makes a top 10);
//   P   = (X^T X + lambda I)^-1;
//   B   = I - P diag(1 / diag(P)), i.e. B_ij = -P_ij / P_jj, B_jj = 0;
//   s_u = x_u B, the scores of user u.
// Prints one JSON object per lambda: lambda, items, ms (fit), and the metrics.
#include <Eigen/Cholesky>
#include <Eigen/Dense>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>
#include "mf/dataset.hpp"
#include "mf/ranking.hpp"
#include "mf/split.hpp"

namespace {

std::vector<double> number_list(const char* text) {
  std::vector<double> out;
  const std::string s = text;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t comma = s.find(',', start);
    out.push_back(std::atof(s.substr(start, comma - start).c_str()));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

int usage() {
  std::fprintf(stderr, "usage: mf_ease RATINGS [--lambda L,L,...] [--min-count N] [--k K] [--threshold T]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return usage();
  std::vector<double> lambdas{100};
  std::size_t min_count = 3;
  mf::RankingOptions ranking;
  for (int a = 2; a < argc; ++a) {
    const bool has_value = a + 1 < argc;
    if (std::strcmp(argv[a], "--lambda") == 0 && has_value) {
      lambdas = number_list(argv[++a]);
    } else if (std::strcmp(argv[a], "--min-count") == 0 && has_value) {
      min_count = std::size_t(std::atol(argv[++a]));
    } else if (std::strcmp(argv[a], "--k") == 0 && has_value) {
      ranking.k = std::atoi(argv[++a]);
    } else if (std::strcmp(argv[a], "--threshold") == 0 && has_value) {
      ranking.threshold = float(std::atof(argv[++a]));
    } else {
      return usage();
    }
  }
  try {
    const mf::Dataset data = mf::load_ratings(argv[1]);
    const mf::Split split = mf::split(data, mf::SplitOptions{});
    const std::size_t n_users = data.users.size(), n_items = data.items.size();

    // The kept items, numbered 0 .. m.
    std::vector<std::size_t> count(n_items, 0);
    for (const mf::Index i : split.train.item) ++count[std::size_t(i)];
    std::vector<long> column(n_items, -1);
    long m = 0;
    for (std::size_t i = 0; i < n_items; ++i)
      if (count[i] >= min_count) column[i] = m++;
    std::vector<std::vector<long>> rated(n_users);
    for (std::size_t r = 0; r < split.train.size(); ++r) {
      const long c = column[std::size_t(split.train.item[r])];
      if (c >= 0) rated[std::size_t(split.train.user[r])].push_back(c);
    }
    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(m, m);
    for (const auto& row : rated)
      for (const long a : row)
        for (const long b : row) gram(a, b) += 1.0;

    for (const double lambda : lambdas) {
      const auto start = std::chrono::steady_clock::now();
      Eigen::MatrixXd p = gram;
      p.diagonal().array() += lambda;
      Eigen::LLT<Eigen::MatrixXd> llt(p);
      if (llt.info() != Eigen::Success) {
        std::fprintf(stderr, "mf_ease: X^T X + %g I is not positive definite\n", lambda);
        return 1;
      }
      // P = L^-T L^-1 from the factor's inverse.
      Eigen::MatrixXd l_inv = Eigen::MatrixXd::Identity(m, m);
      llt.matrixL().solveInPlace(l_inv);
      p.noalias() = l_inv.transpose() * l_inv;
      // Column c of bt is row c of B, what a rating of item c adds to the scores.
      Eigen::MatrixXf bt(m, m);
      for (long c = 0; c < m; ++c)
        for (long j = 0; j < m; ++j) bt(j, c) = c == j ? 0.0f : float(-p(c, j) / p(j, j));
      const double fit_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      Eigen::VectorXf s(m);
      const mf::Scorer scorer = [&](mf::Index user, float* scores) {
        s.setZero();
        for (const long c : rated[std::size_t(user)]) s += bt.col(c);
        for (std::size_t i = 0; i < n_items; ++i) scores[i] = column[i] >= 0 ? s[column[i]] : -1e30f;
      };
      const mf::RankingMetrics r = mf::evaluate_ranking(split, n_users, n_items, scorer, ranking);
      std::printf(
          "{\"lambda\": %g, \"minCount\": %zu, \"items\": %ld, \"fitMs\": %.0f, \"k\": %d, \"ndcg\": %.17g, "
          "\"precision\": %.17g, \"recall\": %.17g, \"map\": %.17g, \"hitRate\": %.17g, \"auc\": %.17g, "
          "\"coverage\": %.17g, \"usersEvaluated\": %zu}\n",
          lambda, min_count, m, fit_ms, r.k, r.ndcg, r.precision, r.recall, r.map, r.hit_rate, r.auc, r.coverage,
          r.users_evaluated);
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mf_ease: %s\n", e.what());
    return 1;
  }
  return 0;
}
