// Helpers shared by the native test suite: paths, small reproducible datasets,
// error capture, option fixtures, ALS half-sweeps and conversions to Eigen for
// independent reference solves.
#pragma once

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <Eigen/Dense>
#include <catch2/catch.hpp>

#include "mf/als.hpp"
#include "mf/dataset.hpp"
#include "mf/error.hpp"
#include "mf/model.hpp"
#include "mf/options.hpp"
#include "mf/split.hpp"
#include "mf/train.hpp"

#ifndef MF_SOURCE_DIR
#error "MF_SOURCE_DIR must be defined by the build (tests/native/CMakeLists.txt)"
#endif

namespace Catch {
template <>
struct StringMaker<mf::ErrorKind> {
  static std::string convert(mf::ErrorKind k) { return mf::to_string(k); }
};
}  // namespace Catch

namespace mft {

using mf::RawId;

inline std::string source_path(const std::string& relative) {
  return std::string(MF_SOURCE_DIR) + "/" + relative;
}
inline std::string fixture(const std::string& name) { return source_path("tests/data/" + name); }
inline std::string movielens_small(const std::string& file) {
  return source_path("public/data/ml-latest-small/" + file);
}

// Runs f, which must throw mf::Error; returns the error (fails the test otherwise).
template <typename F>
mf::Error catch_error(F&& f) {
  try {
    f();
  } catch (const mf::Error& e) {
    return e;
  }
  FAIL("expected an mf::Error, but nothing was thrown");
  throw std::logic_error("unreachable");
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Case-insensitive contains.
inline bool icontains(std::string haystack, std::string needle) {
  for (auto* s : {&haystack, &needle})
    for (char& c : *s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return contains(haystack, needle);
}

// True when the message names the parameter, written as the C++ field name
// (init_std), a command-line flag (init-std), words (init std) or the
// camelCase name of the JavaScript API (initStd).
inline bool names_parameter(const std::string& message, std::string name) {
  if (contains(message, name)) return true;
  std::string dashed = name, spaced = name, camel;
  std::replace(dashed.begin(), dashed.end(), '_', '-');
  std::replace(spaced.begin(), spaced.end(), '_', ' ');
  bool upper = false;
  for (char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    camel += upper ? char(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return contains(message, dashed) || contains(message, spaced) || contains(message, camel);
}

// One rating in raw ids.
struct RawRating {
  mf::RawId user;
  mf::RawId item;
  float value;
};

inline mf::Dataset dataset_from(const std::vector<RawRating>& rows, const mf::LoadOptions& opt = {}) {
  std::vector<mf::RawId> u, i;
  std::vector<float> r;
  for (const auto& x : rows) {
    u.push_back(x.user);
    i.push_back(x.item);
    r.push_back(x.value);
  }
  return mf::dataset_from_arrays(u.data(), i.data(), r.data(), r.size(), opt);
}

// A reproducible random rating matrix of n_users x n_items with roughly
// `density` of the cells filled (half-star ratings 1..5). Every user and every
// item gets at least two ratings. Raw ids are deliberately not 0..n-1 and the
// entries are shuffled, so dense indices differ from the generator's indices.
// Only std::mt19937_64's raw output is used (fully specified by the standard).
inline std::vector<RawRating> random_ratings(int n_users, int n_items, double density,
                                             std::uint64_t seed) {
  std::mt19937_64 gen(seed);
  auto unit = [&gen]() { return double(gen() >> 11) * 0x1.0p-53; };
  std::vector<RawRating> rows;
  for (int u = 0; u < n_users; ++u) {
    for (int i = 0; i < n_items; ++i) {
      bool forced = i == u % n_items || i == (u + 1) % n_items || u == i % n_users ||
                    u == (i + 1) % n_users;
      bool take = unit() < density;
      if (forced || take) {
        float r = 1.0f + 0.5f * float(gen() % 9);
        rows.push_back({RawId(1000 + 7 * u), RawId(-50 + 13 * i), r});
      }
    }
  }
  for (std::size_t k = rows.size(); k > 1; --k) std::swap(rows[k - 1], rows[gen() % k]);
  return rows;
}
inline mf::Dataset random_dataset(int n_users, int n_items, double density, std::uint64_t seed) {
  return dataset_from(random_ratings(n_users, n_items, density, seed));
}

// The split that trains on everything and has no test set.
inline mf::Split all_train(const mf::Dataset& d) {
  mf::Split s;
  s.train = d.ratings;
  return s;
}

using Triple = std::tuple<mf::Index, mf::Index, float>;
inline std::vector<Triple> triples(const mf::Ratings& r) {
  std::vector<Triple> t;
  for (std::size_t k = 0; k < r.size(); ++k) t.emplace_back(r.user[k], r.item[k], r.value[k]);
  return t;
}
inline std::vector<Triple> sorted_triples(const mf::Ratings& r) {
  auto t = triples(r);
  std::sort(t.begin(), t.end());
  return t;
}

inline Eigen::VectorXd user_vec(const mf::Model& m, mf::Index u) {
  Eigen::VectorXd v(m.factors);
  for (int f = 0; f < m.factors; ++f) v[f] = m.user_vector(u)[f];
  return v;
}
inline Eigen::VectorXd item_vec(const mf::Model& m, mf::Index i) {
  Eigen::VectorXd v(m.factors);
  for (int f = 0; f < m.factors; ++f) v[f] = m.item_vector(i)[f];
  return v;
}

inline bool all_finite(const std::vector<float>& v) {
  return std::all_of(v.begin(), v.end(), [](float x) { return std::isfinite(x); });
}
inline bool model_finite(const mf::Model& m) {
  return all_finite(m.user_factors) && all_finite(m.item_factors) && all_finite(m.user_bias) &&
         all_finite(m.item_bias) && std::isfinite(m.global_mean);
}

// Bit-for-bit equality of the learned arrays of two models.
inline bool same_parameters(const mf::Model& a, const mf::Model& b) {
  return a.user_factors == b.user_factors && a.item_factors == b.item_factors &&
         a.user_bias == b.user_bias && a.item_bias == b.item_bias &&
         a.global_mean == b.global_mean;
}

// `o` with four different lambdas (user, item, user bias, item bias), so that
// a solver that mixes them up shows, and initial factors large enough to
// matter.
inline mf::TrainOptions with_distinct_lambdas(mf::TrainOptions o) {
  o.reg_user = 0.11;
  o.reg_item = 0.23;
  o.reg_user_bias = 0.37;
  o.reg_item_bias = 0.53;
  o.init_std = 0.5;
  return o;
}

// An ALS run driven half-sweep by half-sweep, which a Trainer (whole steps
// only) does not offer: the model a Trainer initialises from these options,
// updated by the ALS solver prepared on the split's training half.
class AlsHalfSweeps {
 public:
  AlsHalfSweeps(const mf::Dataset& d, const mf::Split& split, const mf::TrainOptions& o)
      : model_(mf::Trainer(d, split, o).model()),
        train_(split.train),
        options_(o),
        solver_(o, split.train, d.n_users(), d.n_items()) {}
  void solve_users() { solver_.solve_users(model_); }
  void solve_items() { solver_.solve_items(model_); }
  void sweep() {  // one Trainer step, without its checks
    solve_users();
    solve_items();
  }
  const mf::Model& model() const { return model_; }
  double objective() const { return mf::objective(model_, train_, options_); }

 private:
  mf::Model model_;
  mf::Ratings train_;
  mf::TrainOptions options_;
  mf::AlsSolver solver_;
};

}  // namespace mft
