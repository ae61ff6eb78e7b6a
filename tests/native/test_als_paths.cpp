// Every ALS solve path (als_row.hpp: the d x d normal equations, the n x n
// push-through solve for short rows, the shared Gram matrix of missing = 0)
// against an independent Eigen solve of the same regularized least-squares
// problem, on small random problems: lambda = 0, tiny and ordinary lambdas,
// rows shorter than the unknowns, repeated (collinear) rows. Where the problem
// is singular the reference is its minimum-norm solution, from Eigen's
// complete orthogonal decomposition (see regularized_least_squares).
#include <algorithm>
#include <cmath>
#include <vector>

#include "../../core/src/als_row.hpp"
#include "mf/rng.hpp"
#include "mf/train.hpp"
#include "test_util.hpp"

namespace {

// One row problem: the other side's vectors and biases, the row's ratings.
struct RowProblem {
  int k = 0;
  bool biases = false;
  double mu = 0;
  std::vector<float> other;       // n_other x k
  std::vector<float> other_bias;  // n_other
  std::vector<mf::Index> cols;
  std::vector<float> values;
};

// n ratings against n_other random vectors; `repeats` of the rated columns
// point at the same vector (two users with identical rating rows).
RowProblem random_problem(mf::Rng& rng, int k, bool biases, int n, int repeats, double spread) {
  RowProblem p;
  p.k = k;
  p.biases = biases;
  p.mu = 3.5;
  const int n_other = n + 2;
  p.other.resize(std::size_t(n_other) * k);
  for (float& x : p.other) x = float(spread * rng.normal());
  for (int r = 0; r < n_other; ++r) p.other_bias.push_back(float(0.3 * rng.normal()));
  for (int r = 0; r < repeats && r + 1 < n; ++r)
    std::copy_n(&p.other[std::size_t(r) * k], k, &p.other[std::size_t(r + 1) * k]);
  for (int r = 0; r < n; ++r) {
    p.cols.push_back(mf::Index(r));
    p.values.push_back(float(0.5 * (1 + rng.below(10))));
  }
  return p;
}

struct Solution {
  double bias = 0;
  Eigen::VectorXd factors;
};

// What the engine may differ by, relative to the solution's size: float output
// (6e-8) with margin, plus what the ridge floor moves (als_row.hpp): a ridge
// of floor * mean diagonal of Y^T Y against the smallest nonzero eigenvalue
// sigma_min^2 of Y^T Y (singular values below 1e-12 of the largest are zeros).
// Rounding in the normal equations is of the same form with a smaller factor.
double tolerance(const Eigen::MatrixXd& y) {
  const Eigen::VectorXd s = Eigen::JacobiSVD<Eigen::MatrixXd>(y).singularValues();
  double smallest = s[0];
  for (Eigen::Index i = 0; i < s.size(); ++i)
    if (s[i] > 1e-12 * s[0]) smallest = s[i];
  const double mean_diagonal = y.squaredNorm() / double(y.cols());
  return 2e-5 + 10 * mf::kRelativeRidgeFloor * mean_diagonal / (smallest * smallest);
}

// The matrix Y of a row problem: one row [1, q] (or q) per rating.
Eigen::MatrixXd design(const RowProblem& p) {
  const int d = p.k + (p.biases ? 1 : 0), n = int(p.cols.size()), off = p.biases ? 1 : 0;
  Eigen::MatrixXd y(n, d);
  for (int r = 0; r < n; ++r) {
    if (p.biases) y(r, 0) = 1.0;
    for (int f = 0; f < p.k; ++f) y(r, off + f) = p.other[std::size_t(p.cols[r]) * p.k + f];
  }
  return y;
}

// The minimiser of |Y z - t|^2 + z^T L z (L diagonal, entries >= 0), minimum-norm
// where it is not unique.
// - L > 0: with c = min L, D = L / c and w = D^(1/2) z it is the ridge problem
//   |Y D^(-1/2) w - t|^2 + c |w|^2, solved from an SVD of the well-scaled
//   Y D^(-1/2) as w = sum_i s_i / (s_i^2 + c) (u_i . t) v_i. Singular values
//   below 1e-12 of the largest are the exact zeros of a singular Y (repeated
//   rows) computed with rounding, and count as 0: with c = 1e-14 even 1e-16
//   would add a term of 1e-2. (A QR of the stacked system [Y; sqrt(L)] loses
//   about cond^2 * eps at a tiny c: 2 % at lambda = 1e-14.)
// - otherwise the least-squares solution of [Y; sqrt(L)] z = [t; 0] of least
//   norm, from a complete orthogonal decomposition (L = 0, or positive entries
//   that are not tiny).
Eigen::VectorXd regularized_least_squares(const Eigen::MatrixXd& y, const Eigen::VectorXd& t,
                                          const Eigen::VectorXd& l) {
  if (l.minCoeff() == 0.0) {
    const Eigen::Index n = y.rows(), d = y.cols();
    Eigen::MatrixXd stacked(n + d, d);
    stacked << y, Eigen::MatrixXd(l.cwiseSqrt().asDiagonal());
    Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n + d);
    rhs.head(n) = t;
    return stacked.completeOrthogonalDecomposition().solve(rhs);
  }
  const double c = l.minCoeff();
  const Eigen::VectorXd root = (l / c).cwiseSqrt();
  const Eigen::MatrixXd scaled = y * root.cwiseInverse().asDiagonal();
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(scaled, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const Eigen::VectorXd s = svd.singularValues();
  const Eigen::VectorXd ut = svd.matrixU().transpose() * t;
  Eigen::VectorXd w = Eigen::VectorXd::Zero(y.cols());
  for (Eigen::Index i = 0; i < s.size(); ++i)
    if (s[i] > 1e-12 * s[0]) w += s[i] / (s[i] * s[i] + c) * ut[i] * svd.matrixV().col(i);
  return root.cwiseInverse().asDiagonal() * w;
}

// The row problem's reference solution, L = diag(reg_bias, reg, ..., reg).
Solution reference(const RowProblem& p, double reg, double reg_bias) {
  const int d = p.k + (p.biases ? 1 : 0), n = int(p.cols.size());
  Eigen::VectorXd t(n), l = Eigen::VectorXd::Constant(d, reg);
  for (int r = 0; r < n; ++r) {
    const mf::Index c = p.cols[r];
    t[r] = p.biases ? double(p.values[r]) - p.mu - p.other_bias[c] : double(p.values[r]);
  }
  if (p.biases) l[0] = reg_bias;
  const Eigen::VectorXd z = regularized_least_squares(design(p), t, l);
  return {p.biases ? z[0] : 0.0, z.tail(p.k)};
}

Solution engine(const RowProblem& p, double reg, double reg_bias) {
  mf::RowSolver solver(p.k, p.biases);
  std::vector<float> vec(p.k);
  float bias = 0;
  solver.solve(p.cols.data(), p.values.data(), p.cols.size(), p.other.data(), p.other_bias.data(), p.mu, reg,
               reg_bias, vec.data(), &bias);
  Solution s;
  s.bias = bias;
  s.factors.resize(p.k);
  for (int f = 0; f < p.k; ++f) s.factors[f] = vec[f];
  return s;
}

// Largest difference between the two solutions, relative to the reference's size.
double relative_error(const Solution& got, const Solution& want) {
  const double scale = std::max(1.0, std::max(std::abs(want.bias), want.factors.cwiseAbs().maxCoeff()));
  return std::max(std::abs(got.bias - want.bias), (got.factors - want.factors).cwiseAbs().maxCoeff()) / scale;
}

}  // namespace

TEST_CASE("every ALS row solve path equals the minimum-norm Eigen solve", "[als][solver]") {
  mf::Rng rng(2024);
  int cases = 0, short_rows = 0, singular = 0;
  double worst = 0;
  for (int k : {1, 2, 4, 7, 10}) {
    for (bool biases : {false, true}) {
      const int d = k + (biases ? 1 : 0);
      for (int n = 1; n <= d + 3; ++n) {
        for (double lambda : {0.0, 1e-14, 1e-9, 0.05, 2.0, -1.0, -2.0}) {
          for (int repeats : {0, 1, 2}) {
            // Count scaling as training uses it, with a different bias lambda;
            // -1 and -2 stand for lambda = 0 on the factors or the bias only.
            double reg = lambda * n, reg_bias = lambda * n * 1.7;
            if (lambda == -1.0) reg = 0.0, reg_bias = 0.3 * n;
            if (lambda == -2.0) reg = 0.3 * n, reg_bias = 0.0;
            const RowProblem p = random_problem(rng, k, biases, n, repeats, 0.2 + rng.uniform());
            const double err = relative_error(engine(p, reg, reg_bias), reference(p, reg, reg_bias));
            const double tol = tolerance(design(p));
            INFO("k " << k << " biases " << biases << " n " << n << " lambda " << lambda << " repeats " << repeats);
            CHECK(err < tol);
            worst = std::max(worst, err / tol);
            ++cases;
            short_rows += n < d;
            singular += lambda == 0.0 && (n - repeats < d);
          }
        }
      }
    }
  }
  INFO("worst error, as a share of its tolerance " << worst);
  CHECK(cases > 1300);
  CHECK(short_rows > 300);  // the push-through path
  CHECK(singular > 100);    // lambda = 0 with fewer distinct rows than unknowns
}

TEST_CASE("ALS with lambda = 0 and rows of k ratings gives the minimum-norm solution, not a blown-up one",
          "[als][solver][regression]") {
  // k = 10 with biases has 11 unknowns and each row 10 ratings: singular. The
  // old solve accepted a rounding-noise pivot and returned |z| up to 1500 where
  // the minimum-norm solution has |z| about 10, in 587 of these 2000 solves.
  mf::Rng rng(7);
  double worst = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    const RowProblem p = random_problem(rng, 10, true, 10, 0, 0.5);
    const Solution want = reference(p, 0.0, 0.0);
    const Solution got = engine(p, 0.0, 0.0);
    worst = std::max(worst, relative_error(got, want) / tolerance(design(p)));
  }
  INFO("worst error, as a share of its tolerance " << worst);
  CHECK(worst < 1.0);
}

TEST_CASE("a short row with a tiny lambda and two identical rows falls back to the full solve",
          "[als][solver][regression]") {
  // The push-through matrix I + Y L^-1 Y^T has entries of 1e14 here: the
  // identity is lost to rounding and a pivot computes to 0. The old solve
  // ignored the failed factorisation (bias 0.288 instead of about 0.018).
  RowProblem p;
  p.k = 4;
  p.biases = true;
  p.mu = 3.0;
  p.other = {0.3f, -0.2f, 0.5f, 0.1f, 0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.25f, 0.15f, 0.6f};
  p.other_bias = {0.1f, 0.1f, -0.2f};
  p.cols = {0, 1, 2};
  p.values = {4.0f, 3.5f, 2.0f};
  const double reg = 1e-14 * 3, reg_bias = 1e-14 * 3;
  const Solution want = reference(p, reg, reg_bias);
  const Solution got = engine(p, reg, reg_bias);
  INFO("bias " << got.bias << ", reference " << want.bias);
  CHECK(relative_error(got, want) < tolerance(design(p)));
}

TEST_CASE("missing = 0 with lambda = 0 and more factors than items gives the minimum-norm solution",
          "[als][solver][regression]") {
  // Q^T Q is singular (2 rows, k = 4). The old solve took the trace of a
  // half-factored matrix after the first Cholesky failed and returned
  // p = (1.8e7, 2.8e7, 5.7e5, ~0), residual 0.55.
  mf::SparseRows row;
  row.offsets = {0, 2};
  row.cols = {0, 1};
  row.values = {4.0f, 2.0f};
  const std::vector<float> q = {0.3f, -0.2f, 0.5f, 0.1f, -0.4f, 0.25f, 0.15f, 0.6f};
  std::vector<float> p(4);
  mf::solve_zero_filled(row, q.data(), 2, 4, 0.0, p.data());
  Eigen::MatrixXd Q(2, 4);
  for (int r = 0; r < 2; ++r)
    for (int f = 0; f < 4; ++f) Q(r, f) = q[std::size_t(r) * 4 + f];
  const Eigen::VectorXd want = Q.completeOrthogonalDecomposition().solve(Eigen::Vector2d(4.0, 2.0));
  Eigen::VectorXd got(4);
  for (int f = 0; f < 4; ++f) got[f] = p[f];
  INFO("got " << got.transpose() << ", minimum-norm " << want.transpose());
  CHECK((got - want).cwiseAbs().maxCoeff() < 1e-5 * want.cwiseAbs().maxCoeff());
  CHECK((Q * got - Eigen::Vector2d(4.0, 2.0)).norm() < 1e-5);
}

TEST_CASE("every missing = 0 solve equals the minimum-norm Eigen solve of the zero-filled row", "[als][solver]") {
  mf::Rng rng(99);
  double worst = 0;
  for (int k : {1, 3, 6}) {
    for (int n_other : {2, 5, 9}) {
      for (double lambda : {0.0, 1e-14, 0.1, 3.0}) {
        std::vector<float> q(std::size_t(n_other) * k);
        for (float& x : q) x = float(rng.normal());
        if (n_other > 2) std::copy_n(q.begin(), k, q.begin() + k);  // a repeated row
        mf::SparseRows rows;
        rows.offsets = {0};
        std::vector<Eigen::VectorXd> dense;
        for (int u = 0; u < 4; ++u) {
          Eigen::VectorXd r = Eigen::VectorXd::Zero(n_other);
          for (int i = 0; i < n_other; ++i)
            if (rng.uniform() < 0.6) {
              rows.cols.push_back(mf::Index(i));
              rows.values.push_back(float(0.5 * (1 + rng.below(10))));
              r[i] = rows.values.back();
            }
          rows.offsets.push_back(rows.cols.size());
          dense.push_back(r);
        }
        std::vector<float> out(4 * std::size_t(k));
        mf::solve_zero_filled(rows, q.data(), std::size_t(n_other), k, lambda, out.data());
        Eigen::MatrixXd m(n_other, k);
        for (int i = 0; i < n_other; ++i)
          for (int f = 0; f < k; ++f) m(i, f) = q[std::size_t(i) * k + f];
        for (int u = 0; u < 4; ++u) {
          const Eigen::VectorXd want = regularized_least_squares(m, dense[u], Eigen::VectorXd::Constant(k, lambda));
          Solution got{0, Eigen::VectorXd(k)};
          for (int f = 0; f < k; ++f) got.factors[f] = out[std::size_t(u) * k + f];
          const double err = relative_error(got, {0, want}) / tolerance(m);
          INFO("k " << k << " items " << n_other << " lambda " << lambda << " user " << u);
          CHECK(err < 1.0);
          worst = std::max(worst, err);
        }
      }
    }
  }
  INFO("worst error, as a share of its tolerance " << worst);
  CHECK(worst < 1.0);
}

TEST_CASE("missing = 0 ALS with lambda = 0 never increases the objective", "[als][regression]") {
  // 20 users x 3 items with k = 5: the item-side Gram matrix P^T P is regular
  // but Q^T Q (3 items, 5 factors) is singular. The old solve made the
  // objective jump from 497 to anything between 82 and 3.6e32.
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    auto d = mft::random_dataset(20, 3, 0.7, seed);
    mf::TrainOptions o = mf::default_options(mf::Algorithm::ALS);
    o.factors = 5;
    o.missing_as_zero = true;
    o.biases = false;
    o.reg_scaling = mf::RegScaling::None;
    o.reg_user = o.reg_item = 0.0;
    o.seed = seed;
    mft::AlsHalfSweeps t(d, mft::all_train(d), o);
    double last = t.objective();
    for (int half = 0; half < 10; ++half) {
      if (half % 2 == 0) t.solve_users(); else t.solve_items();
      const double now = t.objective();
      INFO("seed " << seed << " half-step " << half + 1 << ": " << last << " -> " << now);
      REQUIRE(std::isfinite(now));
      CHECK(now >= 0.0);
      CHECK(now <= last * (1 + 1e-9) + 1e-9);
      last = now;
    }
  }
}

TEST_CASE("missing = 0 objective of a near-exact fit is not negative", "[als][regression]") {
  // With lambda = 0 and as many factors as items the zero-filled matrix is fitted
  // almost exactly; the sum over all cells minus the observed ones used to come
  // out negative (-0.038) from float scores.
  auto d = mft::random_dataset(12, 6, 0.5, 3);
  mf::TrainOptions o = mf::default_options(mf::Algorithm::ALS);
  o.factors = 6;
  o.missing_as_zero = true;
  o.biases = false;
  o.reg_scaling = mf::RegScaling::None;
  o.reg_user = o.reg_item = 0.0;
  mf::Trainer t(d, mft::all_train(d), o);
  for (int s = 0; s < 10; ++s) {
    const auto r = t.step();
    REQUIRE(r.status == mf::Status::Ok);
    CHECK(r.objective >= 0.0);
  }
  // The fit is exact up to rounding: every cell of the zero-filled matrix.
  CHECK(t.objective() < 1e-6);
}

TEST_CASE("ALS with lambda = 0 through the Trainer: every solve is minimum-norm and the objective never rises",
          "[als][regression]") {
  // The page's "no regularization" experiment: more factors than most rows
  // have ratings, lambda = 0. Each half-step is compared, row by row, with the
  // minimum-norm solution computed from the model before it.
  auto d = mft::random_dataset(30, 25, 0.3, 17);
  for (bool biases : {false, true}) {
    for (auto scaling : {mf::RegScaling::None, mf::RegScaling::Count}) {
      INFO("biases " << biases << ", scaling " << mf::to_string(scaling));
      mf::TrainOptions o = mf::default_options(mf::Algorithm::ALS);
      o.factors = 12;
      o.biases = biases;
      o.reg_scaling = scaling;
      o.reg_user = o.reg_item = o.reg_user_bias = o.reg_item_bias = 0.0;
      mft::AlsHalfSweeps t(d, mft::all_train(d), o);
      double last = t.objective();
      for (int half = 0; half < 6; ++half) {
        const bool users = half % 2 == 0;
        const mf::Model before = t.model();
        if (users) t.solve_users(); else t.solve_items();
        const mf::Model& after = t.model();
        // Each row as a RowProblem against the fixed side of `before`.
        const mf::SparseRows rows = users ? mf::rows_by_user(d.ratings, d.n_users()) : mf::rows_by_item(d.ratings, d.n_items());
        for (std::size_t x = 0; x < rows.rows(); ++x) {
          RowProblem p;
          p.k = o.factors;
          p.biases = biases;
          p.mu = before.global_mean;
          p.other = users ? before.item_factors : before.user_factors;
          p.other_bias = users ? before.item_bias : before.user_bias;
          p.cols.assign(rows.cols.begin() + std::ptrdiff_t(rows.offsets[x]), rows.cols.begin() + std::ptrdiff_t(rows.offsets[x + 1]));
          p.values.assign(rows.values.begin() + std::ptrdiff_t(rows.offsets[x]), rows.values.begin() + std::ptrdiff_t(rows.offsets[x + 1]));
          const Solution want = reference(p, 0.0, 0.0);
          Solution got{biases ? (users ? after.user_bias[x] : after.item_bias[x]) : 0.0, Eigen::VectorXd(p.k)};
          const float* v = users ? after.user_vector(mf::Index(x)) : after.item_vector(mf::Index(x));
          for (int f = 0; f < p.k; ++f) got.factors[f] = v[f];
          INFO("half-step " << half + 1 << (users ? ", user " : ", item ") << x << " with " << p.cols.size() << " ratings");
          REQUIRE(relative_error(got, want) < tolerance(design(p)));
        }
        const double now = t.objective();
        INFO("half-step " << half + 1 << ": objective " << last << " -> " << now);
        CHECK(now <= last * (1 + 1e-9) + 1e-9);
        last = now;
      }
    }
  }
}
