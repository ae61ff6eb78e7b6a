// SGD (sgd.hpp): the update rule computed by hand from the factors the
// Trainer initialised, and checked as a step along minus the gradient of the
// per-rating objective (central finite differences).
#include <algorithm>
#include <cmath>
#include <vector>

#include "mf/train.hpp"
#include "test_util.hpp"

namespace {

mf::TrainOptions sgd_options(bool biases) {
  mf::TrainOptions o = mft::with_distinct_lambdas(mf::default_options(mf::Algorithm::SGD));
  o.factors = 3;
  o.biases = biases;
  o.learning_rate = 0.05;
  o.seed = 2;
  return o;
}

// All learned parameters of a model, in double.
struct State {
  double mu = 0;
  std::vector<double> bu, bi;
  std::vector<Eigen::VectorXd> p, q;
};

State state_of(const mf::Model& m) {
  State s;
  s.mu = m.global_mean;
  for (mf::Index u = 0; u < m.n_users(); ++u) {
    s.bu.push_back(m.user_bias[u]);
    s.p.push_back(mft::user_vec(m, u));
  }
  for (mf::Index i = 0; i < m.n_items(); ++i) {
    s.bi.push_back(m.item_bias[i]);
    s.q.push_back(mft::item_vec(m, i));
  }
  return s;
}

// One SGD update of sgd.hpp for rating r of (u, i).
void sgd_update(State& s, const mf::TrainOptions& o, mf::Index u, mf::Index i, double r) {
  const double eta = o.learning_rate;
  double pred = s.p[u].dot(s.q[i]);
  if (o.biases) pred += s.mu + s.bu[u] + s.bi[i];
  const double e = r - pred;
  if (o.biases) {
    s.bu[u] += eta * (e - o.reg_user_bias * s.bu[u]);
    s.bi[i] += eta * (e - o.reg_item_bias * s.bi[i]);
  }
  Eigen::VectorXd p_old = s.p[u], q_old = s.q[i];
  s.p[u] = p_old + eta * (e * q_old - o.reg_user * p_old);
  s.q[i] = q_old + eta * (e * p_old - o.reg_item * q_old);
}

double max_difference(const State& a, const State& b) {
  double d = std::abs(a.mu - b.mu);
  for (std::size_t u = 0; u < a.p.size(); ++u) {
    d = std::max(d, std::abs(a.bu[u] - b.bu[u]));
    d = std::max(d, (a.p[u] - b.p[u]).cwiseAbs().maxCoeff());
  }
  for (std::size_t i = 0; i < a.q.size(); ++i) {
    d = std::max(d, std::abs(a.bi[i] - b.bi[i]));
    d = std::max(d, (a.q[i] - b.q[i]).cwiseAbs().maxCoeff());
  }
  return d;
}

// Only the ratings of `raw_user` train; the rest of the dataset (other users
// and items, there so that factors <= max(n_users, n_items) holds) is test.
mf::Split train_only_user(const mf::Dataset& d, mf::RawId raw_user) {
  mf::Split s;
  for (std::size_t k = 0; k < d.ratings.size(); ++k) {
    bool mine = d.users.raw(d.ratings.user[k]) == raw_user;
    (mine ? s.train : s.test).push_back(d.ratings.user[k], d.ratings.item[k], d.ratings.value[k]);
  }
  return s;
}

}  // namespace

TEST_CASE("SGD epoch on one user and two items follows the update rule", "[sgd]") {
  for (bool biases : {true, false}) {
    INFO("biases " << (biases ? "on" : "off"));
    auto d = mft::dataset_from({{7, 70, 5.0f}, {7, 80, 2.0f}, {8, 90, 3.0f}, {9, 90, 4.0f}});
    auto o = sgd_options(biases);
    mf::Trainer t(d, train_only_user(d, 7), o);
    const State before = state_of(t.model());
    CHECK(before.mu == Approx(3.5));  // mean of the two training ratings
    if (!biases) {
      CHECK(before.bu[0] == 0.0);
      for (double b : before.bi) CHECK(b == 0.0);
    }
    // The epoch visits the two ratings in a shuffled order: compute both.
    const mf::Index i70 = mf::Index(d.items.find(70)), i80 = mf::Index(d.items.find(80));
    State first70 = before, first80 = before;
    sgd_update(first70, o, 0, i70, 5.0);
    sgd_update(first70, o, 0, i80, 2.0);
    sgd_update(first80, o, 0, i80, 2.0);
    sgd_update(first80, o, 0, i70, 5.0);
    REQUIRE(max_difference(first70, first80) > 1e-3);  // the two orders are distinguishable

    auto result = t.step();
    CHECK(result.status == mf::Status::Ok);
    CHECK(result.epoch == 1);
    const State after = state_of(t.model());
    double to70 = max_difference(after, first70), to80 = max_difference(after, first80);
    INFO("distance to order (70, 80): " << to70 << ", to order (80, 70): " << to80);
    CHECK(std::min(to70, to80) < 2e-6);
  }
}

TEST_CASE("SGD epochs on a single rating follow the update rule exactly", "[sgd]") {
  for (bool biases : {true, false}) {
    INFO("biases " << (biases ? "on" : "off"));
    auto d = mft::dataset_from({{1, 2, 4.0f}, {5, 6, 3.0f}, {7, 6, 2.0f}});
    auto o = sgd_options(biases);
    mf::Trainer t(d, train_only_user(d, 1), o);
    State expected = state_of(t.model());
    for (int epoch = 1; epoch <= 5; ++epoch) {
      sgd_update(expected, o, 0, 0, 4.0);
      t.step();
      INFO("epoch " << epoch);
      CHECK(max_difference(state_of(t.model()), expected) < 2e-6);
    }
  }
}

TEST_CASE("SGD update is minus eta/2 times the finite-difference gradient", "[sgd]") {
  // Per-rating objective of sgd.hpp:
  //   f = (r - r_hat)^2 + lu |p|^2 + li |q|^2 + lub bu^2 + lib bi^2.
  // One update is theta - eta/2 grad f (the 2 of the square folded into eta).
  for (bool biases : {true, false}) {
    INFO("biases " << (biases ? "on" : "off"));
    const double r = 4.0;
    auto d = mft::dataset_from({{1, 2, float(r)}, {5, 6, 3.0f}, {7, 6, 2.0f}});
    auto o = sgd_options(biases);
    mf::Trainer t(d, train_only_user(d, 1), o);
    const State s0 = state_of(t.model());
    const int k = o.factors;

    // theta = [bu, bi, p_0..p_k-1, q_0..q_k-1]
    Eigen::VectorXd theta(2 + 2 * k);
    theta << s0.bu[0], s0.bi[0], s0.p[0], s0.q[0];
    auto f = [&](const Eigen::VectorXd& x) {
      double bu = x[0], bi = x[1];
      Eigen::VectorXd p = x.segment(2, k), q = x.segment(2 + k, k);
      double pred = p.dot(q) + (biases ? s0.mu + bu + bi : 0.0);
      double loss = (r - pred) * (r - pred) + o.reg_user * p.squaredNorm() + o.reg_item * q.squaredNorm();
      if (biases) loss += o.reg_user_bias * bu * bu + o.reg_item_bias * bi * bi;
      return loss;
    };
    Eigen::VectorXd grad(theta.size());
    const double h = 1e-6;
    for (int j = 0; j < theta.size(); ++j) {
      Eigen::VectorXd plus = theta, minus = theta;
      plus[j] += h;
      minus[j] -= h;
      grad[j] = (f(plus) - f(minus)) / (2 * h);
    }
    if (!biases) grad.head(2).setZero();  // biases are not parameters then
    Eigen::VectorXd expected = theta - 0.5 * o.learning_rate * grad;

    t.step();
    const State s1 = state_of(t.model());
    Eigen::VectorXd got(theta.size());
    got << s1.bu[0], s1.bi[0], s1.p[0], s1.q[0];
    for (int j = 0; j < theta.size(); ++j) {
      INFO("parameter " << j << ": before " << theta[j] << ", gradient " << grad[j]);
      CHECK(got[j] == Approx(expected[j]).margin(2e-6));
    }
    // The step went downhill on f.
    CHECK(f(got) < f(theta));
  }
}

TEST_CASE("SGD visits every training rating once per epoch", "[sgd]") {
  // With learning rate small, one epoch moves each item's bias by about
  // eta * sum of its errors; an item that is skipped would not move at all,
  // one visited twice would move twice as far.
  auto d = mft::random_dataset(12, 10, 0.5, 3);
  auto o = sgd_options(true);
  o.learning_rate = 1e-5;
  mf::Trainer t(d, mft::all_train(d), o);
  const mf::Model m0 = t.model();
  std::vector<double> expected(d.n_items(), 0.0);
  for (mf::Index i = 0; i < d.n_items(); ++i) expected[i] = m0.item_bias[i];
  for (std::size_t x = 0; x < d.ratings.size(); ++x) {
    mf::Index u = d.ratings.user[x], i = d.ratings.item[x];
    double e = d.ratings.value[x] - mf::raw_score(m0, u, i);
    expected[i] += o.learning_rate * (e - o.reg_item_bias * m0.item_bias[i]);
  }
  t.step();
  for (mf::Index i = 0; i < d.n_items(); ++i) {
    INFO("item " << i);
    // Changes of other parameters within the epoch are O(eta^2) ~ 1e-8 here,
    // while one rating moves a bias by ~1e-5.
    CHECK(t.model().item_bias[i] == Approx(expected[i]).margin(5e-7));
  }
}

TEST_CASE("SGD reshuffles the visiting order every epoch", "[sgd]") {
  // With two ratings an epoch runs in one of two orders; each epoch's result
  // tells which. Over 20 freshly shuffled epochs both orders occur (a fixed
  // order would give the same one every time; chance of that: 2^-19).
  auto d = mft::dataset_from({{7, 70, 5.0f}, {7, 80, 2.0f}, {8, 90, 3.0f}, {9, 90, 4.0f}});
  auto o = sgd_options(true);
  mf::Trainer t(d, train_only_user(d, 7), o);
  const mf::Index i70 = mf::Index(d.items.find(70)), i80 = mf::Index(d.items.find(80));
  int first70 = 0, first80 = 0;
  for (int epoch = 1; epoch <= 20; ++epoch) {
    const State before = state_of(t.model());
    State a = before, b = before;
    sgd_update(a, o, 0, i70, 5.0);
    sgd_update(a, o, 0, i80, 2.0);
    sgd_update(b, o, 0, i80, 2.0);
    sgd_update(b, o, 0, i70, 5.0);
    t.step();
    const State after = state_of(t.model());
    const double da = max_difference(after, a), db = max_difference(after, b);
    INFO("epoch " << epoch << ": distances " << da << " and " << db);
    REQUIRE(std::min(da, db) < 2e-6);
    REQUIRE(std::max(da, db) > 1e-5);  // the orders are told apart
    (da < db ? first70 : first80) += 1;
  }
  CHECK(first70 > 0);
  CHECK(first80 > 0);
}

TEST_CASE("SGD update rule holds on the vector path: k = 4, 7, 10, 40", "[sgd][regression]") {
  // The earlier update-rule tests use k = 3, which only runs the scalar tail of
  // the kernel; k = 4 and 40 take the aligned four-wide body (40: also its
  // fixed-size build), 7 the unaligned body plus a tail, 10 the fixed-size
  // build with a tail. The rule "old p_u and q_i on the right" must hold on
  // every one of them.
  for (int k : {4, 7, 10, 40}) {
    for (bool biases : {true, false}) {
      INFO("k " << k << ", biases " << (biases ? "on" : "off"));
      // One training rating (user 1, item 2); the test half has k more items
      // so that k <= max(users, items) holds.
      std::vector<mft::RawRating> rows = {{1, 2, 4.0f}};
      for (int j = 0; j < k; ++j) rows.push_back({5, 100 + j, 3.0f});
      auto d = mft::dataset_from(rows);
      auto o = sgd_options(biases);
      o.factors = k;
      mf::Trainer t(d, train_only_user(d, 1), o);
      State expected = state_of(t.model());
      for (int epoch = 1; epoch <= 5; ++epoch) {
        sgd_update(expected, o, 0, 0, 4.0);
        t.step();
        INFO("epoch " << epoch);
        CHECK(max_difference(state_of(t.model()), expected) < 2e-6);
      }
    }
  }
}
