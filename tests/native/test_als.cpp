// ALS (als.hpp): every half-step is checked against an independent solve of
// the normal equations written in the header, built here with Eigen in double
// precision and solved by column-pivoting Householder QR (the engine uses
// Cholesky). Also: the objective never increases, and each solve is a minimum.
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "mf/train.hpp"
#include "test_util.hpp"

using mft::item_vec;
using mft::user_vec;

namespace {

struct RowSolution {
  double bias = 0;
  Eigen::VectorXd factors;
};

using Row = std::vector<std::pair<mf::Index, float>>;  // (index on the other side, rating)

// The ratings of every user (user_side) or every item, from the coordinate list.
std::vector<Row> rows_of(const mf::Ratings& r, std::size_t n, bool user_side) {
  std::vector<Row> rows(n);
  for (std::size_t k = 0; k < r.size(); ++k) {
    if (user_side)
      rows[r.user[k]].push_back({r.item[k], r.value[k]});
    else
      rows[r.item[k]].push_back({r.user[k], r.value[k]});
  }
  return rows;
}

// als.hpp: (sum_i y_i y_i^T + diag(lambda_b', lambda', ..., lambda')) z = sum_i (r - mu - b_i) y_i,
// y_i = [1, q_i] with biases, y_i = q_i and target r without; lambda' = lambda |I(u)| under Count.
RowSolution reference_solve(const mf::Model& m, const mf::TrainOptions& o, bool user_side,
                            const Row& row) {
  const int k = m.factors;
  const bool b = o.biases;
  const int dim = k + (b ? 1 : 0);
  Eigen::MatrixXd A = Eigen::MatrixXd::Zero(dim, dim);
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(dim);
  for (const auto& [j, r] : row) {
    Eigen::VectorXd other = user_side ? item_vec(m, j) : user_vec(m, j);
    Eigen::VectorXd y(dim);
    double target = r;
    if (b) {
      y << 1.0, other;
      target = double(r) - m.global_mean - (user_side ? m.item_bias[j] : m.user_bias[j]);
    } else {
      y = other;
    }
    A += y * y.transpose();
    rhs += target * y;
  }
  const double scale = o.reg_scaling == mf::RegScaling::Count ? double(row.size()) : 1.0;
  const double lambda = user_side ? o.reg_user : o.reg_item;
  const double lambda_b = user_side ? o.reg_user_bias : o.reg_item_bias;
  int first = 0;
  if (b) {
    A(0, 0) += lambda_b * scale;
    first = 1;
  }
  for (int f = 0; f < k; ++f) A(first + f, first + f) += lambda * scale;
  Eigen::VectorXd z = A.colPivHouseholderQr().solve(rhs);
  RowSolution s;
  s.bias = b ? z[0] : 0.0;
  s.factors = z.tail(k);
  return s;
}

// Missing-as-zero: p_u = (Q^T Q + lambda I)^-1 sum_{i in I(u)} r_ui q_i over all items Q.
RowSolution reference_zero_filled(const mf::Model& m, const mf::TrainOptions& o, bool user_side,
                                  const Row& row) {
  const int k = m.factors;
  const std::size_t n_other = user_side ? m.n_items() : m.n_users();
  Eigen::MatrixXd Q(n_other, k);
  for (std::size_t j = 0; j < n_other; ++j)
    Q.row(j) = (user_side ? item_vec(m, mf::Index(j)) : user_vec(m, mf::Index(j))).transpose();
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(k);
  for (const auto& [j, r] : row) rhs += double(r) * Q.row(j).transpose();
  const double lambda = user_side ? o.reg_user : o.reg_item;
  Eigen::MatrixXd A = Q.transpose() * Q + lambda * Eigen::MatrixXd::Identity(k, k);
  RowSolution s;
  s.factors = A.colPivHouseholderQr().solve(rhs);
  return s;
}

mf::TrainOptions als_options(bool biases, mf::RegScaling scaling) {
  mf::TrainOptions o = mft::with_distinct_lambdas(mf::default_options(mf::Algorithm::ALS));
  o.factors = 3;
  o.biases = biases;
  o.reg_scaling = scaling;
  o.seed = 9;
  return o;
}

std::string describe(const mf::TrainOptions& o) {
  return std::string("biases=") + (o.biases ? "on" : "off") + " scaling=" + mf::to_string(o.reg_scaling) +
         (o.missing_as_zero ? " missing_as_zero" : "");
}

// Compares the solved side of `after` with the reference computed from `before`.
void check_side(const mf::Model& before, const mf::Model& after, const mf::TrainOptions& o,
                const mf::Ratings& train, bool user_side) {
  const std::size_t n = user_side ? before.n_users() : before.n_items();
  auto rows = rows_of(train, n, user_side);
  for (std::size_t x = 0; x < n; ++x) {
    REQUIRE_FALSE(rows[x].empty());
    RowSolution expected = o.missing_as_zero ? reference_zero_filled(before, o, user_side, rows[x])
                                             : reference_solve(before, o, user_side, rows[x]);
    Eigen::VectorXd got = user_side ? user_vec(after, mf::Index(x)) : item_vec(after, mf::Index(x));
    double got_bias = user_side ? after.user_bias[x] : after.item_bias[x];
    INFO(describe(o) << (user_side ? " user " : " item ") << x);
    for (int f = 0; f < before.factors; ++f) {
      INFO("factor " << f);
      CHECK(got[f] == Approx(expected.factors[f]).margin(1e-4).epsilon(1e-4));
    }
    if (o.biases)
      CHECK(got_bias == Approx(expected.bias).margin(1e-4).epsilon(1e-4));
    else
      CHECK(got_bias == 0.0);
  }
}

// The regularized loss of train.hpp, summed over ratings (not averaged).
double reference_objective(const mf::Model& m, const mf::Ratings& train, const mf::TrainOptions& o) {
  double loss = 0;
  if (o.missing_as_zero) {
    Eigen::MatrixXd R = Eigen::MatrixXd::Zero(m.n_users(), m.n_items());
    for (std::size_t k = 0; k < train.size(); ++k) R(train.user[k], train.item[k]) = train.value[k];
    for (mf::Index u = 0; u < m.n_users(); ++u)
      for (mf::Index i = 0; i < m.n_items(); ++i) {
        double e = R(u, i) - user_vec(m, u).dot(item_vec(m, i));
        loss += e * e;
      }
    for (mf::Index u = 0; u < m.n_users(); ++u) loss += o.reg_user * user_vec(m, u).squaredNorm();
    for (mf::Index i = 0; i < m.n_items(); ++i) loss += o.reg_item * item_vec(m, i).squaredNorm();
    return loss;
  }
  std::vector<double> nu(m.n_users(), 0), ni(m.n_items(), 0);
  for (std::size_t k = 0; k < train.size(); ++k) {
    mf::Index u = train.user[k], i = train.item[k];
    double pred = user_vec(m, u).dot(item_vec(m, i));
    if (o.biases) pred += double(m.global_mean) + m.user_bias[u] + m.item_bias[i];
    double e = train.value[k] - pred;
    loss += e * e;
    nu[u] += 1;
    ni[i] += 1;
  }
  bool count = o.reg_scaling == mf::RegScaling::Count;
  for (mf::Index u = 0; u < m.n_users(); ++u) {
    double w = count ? nu[u] : 1.0;
    loss += w * o.reg_user * user_vec(m, u).squaredNorm();
    if (o.biases) loss += w * o.reg_user_bias * double(m.user_bias[u]) * m.user_bias[u];
  }
  for (mf::Index i = 0; i < m.n_items(); ++i) {
    double w = count ? ni[i] : 1.0;
    loss += w * o.reg_item * item_vec(m, i).squaredNorm();
    if (o.biases) loss += w * o.reg_item_bias * double(m.item_bias[i]) * m.item_bias[i];
  }
  return loss;
}

std::vector<mf::TrainOptions> all_configurations() {
  std::vector<mf::TrainOptions> v;
  for (bool biases : {true, false})
    for (auto s : {mf::RegScaling::None, mf::RegScaling::Count}) v.push_back(als_options(biases, s));
  auto zero = als_options(false, mf::RegScaling::None);
  zero.missing_as_zero = true;
  v.push_back(zero);
  return v;
}

}  // namespace

TEST_CASE("ALS global mean is the mean training rating", "[als]") {
  auto d = mft::random_dataset(8, 6, 0.6, 21);
  mf::Trainer t(d, mft::all_train(d), als_options(true, mf::RegScaling::Count));
  double sum = 0;
  for (float r : d.ratings.value) sum += r;
  CHECK(t.model().global_mean == Approx(sum / d.ratings.size()).epsilon(1e-6));
  CHECK(t.model().factors == 3);
  CHECK(t.model().user_factors.size() == d.n_users() * 3);
  CHECK(t.model().item_factors.size() == d.n_items() * 3);
  CHECK(t.model().user_bias.size() == d.n_users());
  CHECK(t.model().item_bias.size() == d.n_items());
  // Training counts per user and item.
  std::vector<std::uint32_t> nu(d.n_users(), 0), ni(d.n_items(), 0);
  for (std::size_t k = 0; k < d.ratings.size(); ++k) {
    ++nu[d.ratings.user[k]];
    ++ni[d.ratings.item[k]];
  }
  CHECK(t.model().user_count == nu);
  CHECK(t.model().item_count == ni);
}

TEST_CASE("ALS user and item solves equal an independent solve of the normal equations", "[als]") {
  // A dense case (most rows have more ratings than unknowns) and a sparse one
  // with more factors (most rows have fewer ratings than unknowns).
  struct Shape {
    int users, items;
    double density;
    int factors;
  };
  for (Shape shape : {Shape{8, 6, 0.6, 3}, Shape{10, 8, 0.2, 5}})
  for (auto o : all_configurations()) {
    o.factors = shape.factors;
    auto d = mft::random_dataset(shape.users, shape.items, shape.density, 21);
    INFO(describe(o) << ", " << shape.users << " x " << shape.items << ", density " << shape.density
                     << ", factors " << shape.factors);
    mft::AlsHalfSweeps t(d, mft::all_train(d), o);
    const mf::Model m0 = t.model();
    REQUIRE(mft::model_finite(m0));

    t.solve_users();
    const mf::Model m1 = t.model();
    CHECK(m1.item_factors == m0.item_factors);  // the item side stays fixed
    CHECK(m1.item_bias == m0.item_bias);
    check_side(m0, m1, o, d.ratings, /*user_side=*/true);

    t.solve_items();
    const mf::Model m2 = t.model();
    CHECK(m2.user_factors == m1.user_factors);  // the user side stays fixed
    CHECK(m2.user_bias == m1.user_bias);
    check_side(m1, m2, o, d.ratings, /*user_side=*/false);

    // Again after a few full sweeps, from a model that is no longer the initial one.
    for (int s = 0; s < 3; ++s) t.sweep();
    const mf::Model m3 = t.model();
    t.solve_users();
    check_side(m3, t.model(), o, d.ratings, true);
  }
}

TEST_CASE("ALS solves only use the training half of a split", "[als]") {
  auto d = mft::random_dataset(10, 8, 0.7, 4);
  auto split = mf::split_random(d, 0.2, 3);
  auto o = als_options(true, mf::RegScaling::Count);
  mft::AlsHalfSweeps t(d, split, o);
  const mf::Model m0 = t.model();
  t.solve_users();
  // Every user and item still has training ratings in this split.
  auto rows_u = rows_of(split.train, d.n_users(), true);
  auto rows_i = rows_of(split.train, d.n_items(), false);
  for (auto& r : rows_u) REQUIRE_FALSE(r.empty());
  for (auto& r : rows_i) REQUIRE_FALSE(r.empty());
  double sum = 0;
  for (float r : split.train.value) sum += r;
  CHECK(m0.global_mean == Approx(sum / split.train.size()).epsilon(1e-6));
  check_side(m0, t.model(), o, split.train, true);
}

TEST_CASE("ALS objective never increases over 10 sweeps", "[als]") {
  auto d = mft::random_dataset(8, 6, 0.6, 33);
  for (const auto& o : all_configurations()) {
    INFO(describe(o));
    mft::AlsHalfSweeps t(d, mft::all_train(d), o);
    double previous = t.objective();
    const double initial = previous;
    for (int s = 1; s <= 10; ++s) {
      INFO("sweep " << s);
      t.solve_users();
      double half = t.objective();
      CHECK(half <= previous * (1 + 1e-9) + 1e-12);
      t.solve_items();
      double full = t.objective();
      CHECK(full <= half * (1 + 1e-9) + 1e-12);
      previous = full;
    }
    CHECK(previous < initial);

    mf::Trainer t2(d, mft::all_train(d), o);
    double last = t2.objective();
    for (int s = 1; s <= 10; ++s) {
      auto r = t2.step();
      CHECK(r.status == mf::Status::Ok);
      CHECK(r.epoch == s);
      CHECK(r.objective == Approx(t2.objective()).epsilon(1e-9));
      CHECK(r.objective <= last * (1 + 1e-9) + 1e-12);
      last = r.objective;
    }
  }
}

TEST_CASE("ALS objective is the regularized squared error of train.hpp", "[als]") {
  // The objective is the sum over ratings; an implementation may also report it
  // divided by the number of ratings. Either way it must be the same function.
  auto d = mft::random_dataset(8, 6, 0.6, 33);
  for (const auto& o : all_configurations()) {
    INFO(describe(o));
    mf::Trainer t(d, mft::all_train(d), o);
    for (int s = 0; s < 3; ++s) {
      double expected = reference_objective(t.model(), d.ratings, o);
      double got = t.objective();
      double per_rating = expected / (o.missing_as_zero ? double(d.n_users() * d.n_items())
                                                        : double(d.ratings.size()));
      INFO("sum form " << expected << ", mean form " << per_rating << ", got " << got);
      CHECK((got == Approx(expected).epsilon(1e-6) || got == Approx(per_rating).epsilon(1e-6)));
      CHECK(mf::objective(t.model(), d.ratings, o) == Approx(got).epsilon(1e-12));
      t.step();
    }
  }
}

TEST_CASE("each ALS solve is a minimum of the objective", "[als]") {
  // Moving any solved parameter away from the solve must increase the objective.
  auto d = mft::random_dataset(8, 6, 0.6, 8);
  for (const auto& o : all_configurations()) {
    INFO(describe(o));
    mft::AlsHalfSweeps t(d, mft::all_train(d), o);
    t.sweep();
    for (bool user_side : {true, false}) {
      if (user_side)
        t.solve_users();
      else
        t.solve_items();
      const mf::Model& m = t.model();
      const double base = mf::objective(m, d.ratings, o);
      const std::size_t n = user_side ? m.n_users() : m.n_items();
      for (std::size_t x = 0; x < n; ++x) {
        for (int p = -1; p < m.factors; ++p) {  // p = -1: the bias
          if (p < 0 && !o.biases) continue;
          for (double h : {-0.05, 0.05}) {
            mf::Model moved = m;
            float& v = p < 0 ? (user_side ? moved.user_bias[x] : moved.item_bias[x])
                             : (user_side ? moved.user_factors[x * m.factors + p]
                                          : moved.item_factors[x * m.factors + p]);
            v += float(h);
            INFO((user_side ? "user " : "item ") << x << " parameter " << p << " moved by " << h);
            CHECK(mf::objective(moved, d.ratings, o) > base);
          }
        }
      }
    }
  }
}

TEST_CASE("ALS missing-as-zero user solve is the zero-filled ridge regression", "[als]") {
  // Independent of the row formulation: build the dense zero-filled matrix R and
  // compare every user vector with R Q (Q^T Q + lambda I)^-1.
  auto d = mft::random_dataset(8, 6, 0.6, 21);
  auto o = als_options(false, mf::RegScaling::None);
  o.missing_as_zero = true;
  mft::AlsHalfSweeps t(d, mft::all_train(d), o);
  const mf::Model m0 = t.model();
  t.solve_users();
  const int k = m0.factors;
  Eigen::MatrixXd R = Eigen::MatrixXd::Zero(d.n_users(), d.n_items());
  for (std::size_t x = 0; x < d.ratings.size(); ++x) R(d.ratings.user[x], d.ratings.item[x]) = d.ratings.value[x];
  Eigen::MatrixXd Q(d.n_items(), k);
  for (mf::Index i = 0; i < d.n_items(); ++i) Q.row(i) = item_vec(m0, i).transpose();
  Eigen::MatrixXd G = Q.transpose() * Q + o.reg_user * Eigen::MatrixXd::Identity(k, k);
  Eigen::MatrixXd P = (R * Q) * G.inverse();
  for (mf::Index u = 0; u < d.n_users(); ++u)
    for (int f = 0; f < k; ++f) {
      INFO("user " << u << " factor " << f);
      CHECK(t.model().user_vector(u)[f] == Approx(P(u, f)).margin(1e-4).epsilon(1e-4));
    }
}
