// Implicit ALS (ials.hpp): every solve against a dense Eigen solve of the full
// weighted least-squares problem over every (user, item) pair, conjugate
// gradient approaching it as its steps grow, the objective, fold-in, model
// files, and the ranking quality it exists for.
#include <cmath>
#include <vector>

#include "mf/ials.hpp"
#include "mf/io.hpp"
#include "mf/ranking.hpp"
#include "mf/recommend.hpp"
#include "mf/train.hpp"
#include "test_util.hpp"

namespace {

mf::TrainOptions ials_options(mf::Confidence confidence, mf::ImplicitSolver solver) {
  mf::TrainOptions o = mf::default_options(mf::Algorithm::ImplicitALS);
  o.factors = 4;
  o.confidence = confidence;
  o.solver = solver;
  o.alpha = 0.7;
  o.epsilon = 2.0;
  o.reg_user = 0.3;
  o.reg_item = 0.45;
  o.reg_exponent = 0.5;
  o.positive_threshold = 2.0;  // ratings below 2 are not positives
  o.init_std = 0.5;
  o.seed = 5;
  return o;
}

// The model after one Trainer step's initialisation, and a solver over the same data.
struct Setup {
  mf::Dataset data = mft::random_dataset(14, 11, 0.45, 21);
  mf::Split split = mft::all_train(data);
};

// w(r) as ials.hpp defines it.
double weight(const mf::TrainOptions& o, double r) {
  switch (o.confidence) {
    case mf::Confidence::Constant: return 1.0;
    case mf::Confidence::Rating: return r;
    case mf::Confidence::Log: return std::log1p(r / o.epsilon);
  }
  return 1.0;
}

// x_u minimising sum_i c_ui (p_ui - x . y_i)^2 + lambda_u |x|^2 over every
// item i, written as a dense weighted least-squares problem: (Y^T C Y +
// lambda_u I) x = Y^T C p, solved by Eigen's LDLT.
Eigen::VectorXd dense_user_solve(const mf::Model& m, const mf::Ratings& train, const mf::TrainOptions& o,
                                 mf::Index u) {
  const int k = m.factors;
  const std::size_t n = m.n_items();
  Eigen::MatrixXd y(n, k);
  for (std::size_t i = 0; i < n; ++i) y.row(Eigen::Index(i)) = mft::item_vec(m, mf::Index(i)).transpose();
  Eigen::VectorXd c = Eigen::VectorXd::Ones(Eigen::Index(n)), p = Eigen::VectorXd::Zero(Eigen::Index(n));
  for (std::size_t e = 0; e < train.size(); ++e) {
    if (train.user[e] != u || train.value[e] < o.positive_threshold) continue;
    c[train.item[e]] = 1.0 + o.alpha * weight(o, train.value[e]);
    p[train.item[e]] = 1.0;
  }
  const double lambda = o.reg_user * std::pow(c.sum(), o.reg_exponent);
  const Eigen::MatrixXd a = y.transpose() * c.asDiagonal() * y + lambda * Eigen::MatrixXd::Identity(k, k);
  return a.ldlt().solve(y.transpose() * c.asDiagonal() * p);
}

std::vector<float> solve_users(const Setup& s, const mf::TrainOptions& o, mf::Model& m) {
  mf::IalsSolver solver(o, s.split.train, s.data.n_users(), s.data.n_items());
  auto positives = mf::rows_by_user(s.split.train, s.data.n_users());
  // The solver's own grouping keeps only positives with c - 1; rebuild it the same way.
  mf::Ratings kept;
  for (std::size_t e = 0; e < s.split.train.size(); ++e) {
    const double extra = mf::implicit_extra_confidence(o, s.split.train.value[e]);
    if (extra >= 0) kept.push_back(s.split.train.user[e], s.split.train.item[e], float(extra));
  }
  solver.solve_side(mf::rows_by_user(kept, s.data.n_users()), m.item_factors.data(), m.n_items(), o.reg_user,
                    m.user_factors.data());
  return m.user_factors;
}

}  // namespace

TEST_CASE("implicit ALS user solves equal a dense solve over every (user, item) pair", "[ials]") {
  Setup s;
  for (auto confidence : {mf::Confidence::Constant, mf::Confidence::Rating, mf::Confidence::Log}) {
    for (double nu : {0.0, 0.5, 1.0}) {
      mf::TrainOptions o = ials_options(confidence, mf::ImplicitSolver::Cholesky);
      o.reg_exponent = nu;
      INFO("confidence " << mf::to_string(confidence) << ", reg_exponent " << nu);
      mf::Model m = mf::Trainer(s.data, s.split, o).model();
      const mf::Model before = m;
      solve_users(s, o, m);
      for (mf::Index u = 0; u < m.n_users(); ++u) {
        const Eigen::VectorXd want = dense_user_solve(before, s.split.train, o, u);
        INFO("user " << u);
        CHECK((mft::user_vec(m, u) - want).cwiseAbs().maxCoeff() < 1e-5 * (1 + want.cwiseAbs().maxCoeff()));
      }
    }
  }
}

TEST_CASE("implicit ALS conjugate gradient approaches the exact solve as its steps grow", "[ials]") {
  Setup s;
  mf::TrainOptions exact = ials_options(mf::Confidence::Rating, mf::ImplicitSolver::Cholesky);
  const mf::Model start = mf::Trainer(s.data, s.split, exact).model();
  mf::Model want = start;
  solve_users(s, exact, want);
  double last = 1e300;
  for (int steps : {1, 2, 3, 4}) {
    mf::TrainOptions cg = exact;
    cg.solver = mf::ImplicitSolver::ConjugateGradient;
    cg.cg_steps = steps;
    mf::Model got = start;
    solve_users(s, cg, got);
    double error = 0;
    for (std::size_t e = 0; e < got.user_factors.size(); ++e)
      error = std::max(error, double(std::fabs(got.user_factors[e] - want.user_factors[e])));
    INFO(steps << " steps: largest difference " << error);
    CHECK(error < last);
    last = error;
    // With as many steps as unknowns (k = 4) CG is exact, up to rounding.
    if (steps == exact.factors) CHECK(error < 1e-4);
  }
}

TEST_CASE("implicit ALS never increases its objective with exact solves", "[ials]") {
  Setup s;
  for (auto confidence : {mf::Confidence::Constant, mf::Confidence::Rating}) {
    mf::TrainOptions o = ials_options(confidence, mf::ImplicitSolver::Cholesky);
    mf::Trainer t(s.data, s.split, o);
    double last = t.objective();
    for (int step = 1; step <= 6; ++step) {
      const mf::StepResult r = t.step();
      REQUIRE(r.status == mf::Status::Ok);
      CHECK(r.train.count == 0);  // no rating error: it predicts preferences
      CHECK(r.objective == t.objective());
      CHECK(r.objective <= last * (1 + 1e-12));
      last = r.objective;
    }
  }
}

TEST_CASE("implicit ALS objective is the weighted loss of ials.hpp, computed over every pair", "[ials]") {
  Setup s;
  const mf::TrainOptions o = ials_options(mf::Confidence::Log, mf::ImplicitSolver::ConjugateGradient);
  mf::Trainer t(s.data, s.split, o);
  t.step();
  const mf::Model& m = t.model();
  double loss = 0;
  for (mf::Index u = 0; u < m.n_users(); ++u) {
    double total = double(m.n_items());
    for (mf::Index i = 0; i < m.n_items(); ++i) {
      double c = 1, p = 0;
      for (std::size_t e = 0; e < s.split.train.size(); ++e)
        if (s.split.train.user[e] == u && s.split.train.item[e] == i && s.split.train.value[e] >= o.positive_threshold) {
          c = 1 + o.alpha * weight(o, s.split.train.value[e]);
          p = 1;
        }
      total += c - 1;
      const double e = p - mft::user_vec(m, u).dot(mft::item_vec(m, i));
      loss += c * e * e;
    }
    loss += o.reg_user * std::pow(total, o.reg_exponent) * mft::user_vec(m, u).squaredNorm();
  }
  for (mf::Index i = 0; i < m.n_items(); ++i) {
    double total = double(m.n_users());
    for (std::size_t e = 0; e < s.split.train.size(); ++e)
      if (s.split.train.item[e] == i && s.split.train.value[e] >= o.positive_threshold)
        total += o.alpha * weight(o, s.split.train.value[e]);
    loss += o.reg_item * std::pow(total, o.reg_exponent) * mft::item_vec(m, i).squaredNorm();
  }
  CHECK(t.objective() == Approx(loss).epsilon(1e-9));
}

TEST_CASE("implicit ALS fold-in is its user step; predictions are unclipped preferences", "[ials]") {
  Setup s;
  const mf::TrainOptions o = ials_options(mf::Confidence::Rating, mf::ImplicitSolver::ConjugateGradient);
  mf::Trainer t(s.data, s.split, o);
  for (int i = 0; i < 3; ++i) t.step();
  const mf::Model& m = t.model();
  // User 0's ratings folded in as a new user equal an exact user solve.
  std::vector<std::pair<mf::RawId, float>> ratings;
  for (std::size_t e = 0; e < s.split.train.size(); ++e)
    if (s.split.train.user[e] == 0) ratings.push_back({s.data.items.raw(s.split.train.item[e]), s.split.train.value[e]});
  const mf::UserVector v = mf::fold_in(m, ratings);
  mf::TrainOptions exact = o;
  exact.solver = mf::ImplicitSolver::Cholesky;
  const Eigen::VectorXd want = dense_user_solve(m, s.split.train, exact, 0);
  for (int f = 0; f < m.factors; ++f) CHECK(v.factors[f] == Approx(want[f]).margin(1e-5));
  // A prediction is p . q, never clipped to the rating scale; unknown pairs give 0.
  const mf::Prediction p = mf::predict(m, 0, 0);
  CHECK(p.value == mf::raw_score(m, 0, 0));
  CHECK(p.value < m.scale.min);  // a preference, not a rating
  CHECK(mf::predict_raw(m, 999999, s.data.items.raw(0)).value == 0.0f);
}

TEST_CASE("implicit ALS models save and load with their settings", "[ials][io]") {
  Setup s;
  const mf::TrainOptions o = ials_options(mf::Confidence::Log, mf::ImplicitSolver::Cholesky);
  mf::Trainer t(s.data, s.split, o);
  t.step();
  const auto bytes = mf::save_model(t.model());
  const mf::Model back = mf::load_model(bytes.data(), bytes.size());
  CHECK(mf::same_settings(back.options, t.model().options));
  CHECK(back.user_factors == t.model().user_factors);
  CHECK(mf::recommend_for(back, {{s.data.items.raw(0), 4.0f}}, {}).size() > 0);
}

TEST_CASE("implicit ALS settings are checked", "[ials]") {
  auto bad = [](auto change) {
    mf::TrainOptions o = mf::default_options(mf::Algorithm::ImplicitALS);
    change(o);
    return mft::catch_error([&] { mf::validate(o); });
  };
  CHECK(bad([](auto& o) { o.alpha = -1; }).parameter() == "alpha");
  CHECK(bad([](auto& o) { o.epsilon = 0; }).parameter() == "epsilon");
  CHECK(bad([](auto& o) { o.reg_exponent = 3; }).parameter() == "reg_exponent");
  CHECK(bad([](auto& o) { o.cg_steps = 0; }).parameter() == "cg_steps");
  CHECK(bad([](auto& o) { o.biases = true; }).parameter() == "biases");
  CHECK(bad([](auto& o) { o.reg_scaling = mf::RegScaling::Count; }).parameter() == "reg_exponent");
  CHECK(mft::catch_error([] { mf::parse_confidence("linear"); }).parameter() == "confidence");
  CHECK(mf::parse_algorithm("ials") == mf::Algorithm::ImplicitALS);
}

TEST_CASE("implicit ALS with its defaults ranks twice as well as the most popular movies", "[ials][accuracy]") {
  // ml-latest-small, seeded 90/10 split, relevant = test rating >= 4, top 10
  // over every unrated movie (ranking.hpp). Popularity reaches about 0.11.
  const mf::Dataset d = mf::load_ratings(mft::movielens_small("ratings.csv"));
  const mf::Split split = mf::split_random(d, 0.1, 42);
  mf::Trainer t(d, split, mf::default_options(mf::Algorithm::ImplicitALS));
  for (int i = 0; i < t.options().iterations; ++i) REQUIRE(t.step().status == mf::Status::Ok);
  const auto model = mf::evaluate_ranking(split, d.n_users(), d.n_items(), mf::model_scorer(t.model()));
  const auto popular =
      mf::evaluate_ranking(split, d.n_users(), d.n_items(), mf::popularity_scorer(split.train, d.n_items()));
  INFO("implicit ALS NDCG@10 " << model.ndcg << ", most popular " << popular.ndcg);
  CHECK(model.ndcg >= 2 * popular.ndcg);
  CHECK(model.precision > popular.precision);
}
