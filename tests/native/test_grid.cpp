// Grid search (grid.hpp): cell order, best cell and best iteration chosen on a
// validation share, the one test figure, and equality with training each
// cell alone.
#include <algorithm>
#include <cmath>
#include <vector>

#include "mf/grid.hpp"
#include "test_util.hpp"

using mft::catch_error;

namespace {

struct Fixture {
  mf::Dataset data = mft::random_dataset(30, 20, 0.5, 77);
  mf::Split split = mf::split_random(data, 0.2, 5);
};

mf::TrainOptions base_options(mf::Algorithm a) {
  auto o = mf::default_options(a);
  o.seed = 3;
  o.iterations = 6;
  return o;
}

// Every cell agrees with a Trainer run alone on the tuning split (training
// ratings minus the validation share, evaluated on the validation share); the
// grid's test result is the chosen cell trained again, evaluated on the test set.
void check_cells(const Fixture& fx, const mf::GridSpec& spec, const mf::GridResult& result) {
  const mf::GridSplits splits = mf::grid_splits(fx.split, spec);
  // The tuning split holds exactly the training ratings; the test set is untouched.
  CHECK(splits.tune.train.size() + splits.tune.test.size() == fx.split.train.size());
  CHECK(mft::sorted_triples(splits.final.test) == mft::sorted_triples(fx.split.test));
  CHECK(mft::triples(splits.final.train) == mft::triples(splits.tune.train));
  for (std::size_t c = 0; c < result.cells.size(); ++c) {
    const auto& cell = result.cells[c];
    INFO("cell " << c << ": factors " << cell.options.factors << ", reg " << cell.options.reg_user << ", lr "
                 << cell.options.learning_rate);
    REQUIRE(cell.validation_rmse.size() == std::size_t(spec.iterations));
    CHECK_FALSE(cell.diverged);
    // best_iteration is the 1-based argmin of the validation curve.
    auto best = std::min_element(cell.validation_rmse.begin(), cell.validation_rmse.end());
    CHECK(cell.best_iteration == int(best - cell.validation_rmse.begin()) + 1);
    CHECK(cell.best_validation_rmse == Approx(*best).epsilon(1e-12));
    CHECK(cell.best_validation_mse == Approx(*best * *best).epsilon(1e-9));

    mf::Trainer t(fx.data, splits.tune, cell.options);
    for (int s = 0; s < spec.iterations; ++s) {
      auto r = t.step();
      INFO("step " << s + 1);
      CHECK(r.test.rmse == cell.validation_rmse[s]);
      if (s + 1 == cell.best_iteration) {
        CHECK(r.train.mse == cell.train_mse_at_best);
        CHECK(r.test.mse == cell.best_validation_mse);
      }
    }
  }
  // best points at the lowest best_validation_mse.
  REQUIRE(result.best < result.cells.size());
  for (const auto& cell : result.cells) CHECK(result.cells[result.best].best_validation_mse <= cell.best_validation_mse);
  // The test error is the chosen cell's, trained again for its best number of steps.
  const auto& chosen = result.cells[result.best];
  mf::Trainer again(fx.data, splits.final, chosen.options);
  mf::StepResult last;
  for (int s = 0; s < chosen.best_iteration; ++s) last = again.step();
  CHECK(result.test.count == fx.split.test.size());
  CHECK(result.test.rmse == last.test.rmse);
  CHECK(result.test.mae == last.test.mae);
}

}  // namespace

TEST_CASE("cell_options sets factors, all four lambdas and the learning rate", "[grid]") {
  auto base = base_options(mf::Algorithm::SGD);
  base.biases = false;
  auto o = mf::cell_options(base, 7, 0.3, 0.004);
  CHECK(o.factors == 7);
  CHECK(o.reg_user == 0.3);
  CHECK(o.reg_item == 0.3);
  CHECK(o.reg_user_bias == 0.3);
  CHECK(o.reg_item_bias == 0.3);
  CHECK(o.learning_rate == 0.004);
  CHECK(o.algorithm == base.algorithm);
  CHECK(o.seed == base.seed);
  CHECK(o.biases == base.biases);
  CHECK(o.iterations == base.iterations);
  CHECK(o.init_std == base.init_std);
}

TEST_CASE("ALS grid: 2 x 2 cells in factors-major order matching solo training", "[grid]") {
  Fixture fx;
  auto base = base_options(mf::Algorithm::ALS);
  mf::GridSpec spec;
  spec.factors = {2, 5};
  spec.regularization = {0.02, 0.5};
  spec.learning_rates = {0.01};
  spec.iterations = 6;
  auto result = mf::grid_search(fx.data, fx.split, base, spec);
  REQUIRE(result.cells.size() == 4);
  const int factors[] = {2, 2, 5, 5};
  const double regs[] = {0.02, 0.5, 0.02, 0.5};
  for (int c = 0; c < 4; ++c) {
    CHECK(result.cells[c].options.factors == factors[c]);
    CHECK(result.cells[c].options.reg_user == regs[c]);
    CHECK(result.cells[c].options.reg_item_bias == regs[c]);
    CHECK(result.cells[c].options.iterations == 6);
  }
  check_cells(fx, spec, result);
  // The best index is the argmin (first one on ties).
  std::size_t argmin = 0;
  for (std::size_t c = 1; c < 4; ++c)
    if (result.cells[c].best_validation_mse < result.cells[argmin].best_validation_mse) argmin = c;
  CHECK(result.best == argmin);
}

TEST_CASE("SGD grid varies the learning rate fastest", "[grid]") {
  Fixture fx;
  auto base = base_options(mf::Algorithm::SGD);
  mf::GridSpec spec;
  spec.factors = {3};
  spec.regularization = {0.02, 0.1};
  spec.learning_rates = {0.005, 0.02};
  spec.iterations = 5;
  auto result = mf::grid_search(fx.data, fx.split, base, spec);
  REQUIRE(result.cells.size() == 4);
  const double regs[] = {0.02, 0.02, 0.1, 0.1};
  const double lrs[] = {0.005, 0.02, 0.005, 0.02};
  for (int c = 0; c < 4; ++c) {
    CHECK(result.cells[c].options.factors == 3);
    CHECK(result.cells[c].options.reg_user == regs[c]);
    CHECK(result.cells[c].options.learning_rate == lrs[c]);
  }
  check_cells(fx, spec, result);
}

TEST_CASE("grid search flags diverging cells and does not pick them", "[grid]") {
  Fixture fx;
  auto base = base_options(mf::Algorithm::SGD);
  mf::GridSpec spec;
  spec.factors = {3};
  spec.regularization = {0.05};
  spec.learning_rates = {0.01, 100.0};
  spec.iterations = 5;
  auto result = mf::grid_search(fx.data, fx.split, base, spec);
  REQUIRE(result.cells.size() == 2);
  CHECK_FALSE(result.cells[0].diverged);
  CHECK(result.cells[1].diverged);
  CHECK(result.cells[1].validation_rmse.size() < std::size_t(spec.iterations));
  CHECK(result.best == 0);
}

TEST_CASE("grid search reports progress and can be cancelled", "[grid]") {
  Fixture fx;
  auto base = base_options(mf::Algorithm::ALS);
  mf::GridSpec spec;
  spec.factors = {2, 3};
  spec.regularization = {0.05};
  spec.learning_rates = {0.01};
  spec.iterations = 3;
  std::vector<std::size_t> done;
  auto result = mf::grid_search(fx.data, fx.split, base, spec, [&](std::size_t d, std::size_t total) {
    CHECK(total == 6);  // steps of the cells (the final retraining of the chosen cell is not counted)
    done.push_back(d);
    return true;
  });
  CHECK(result.cells.size() == 2);
  CHECK(done == std::vector<std::size_t>{1, 2, 3, 4, 5, 6});

  int calls = 0;
  auto e = catch_error([&] {
    mf::grid_search(fx.data, fx.split, base, spec, [&](std::size_t, std::size_t) { return ++calls < 2; });
  });
  CHECK(e.kind() == mf::ErrorKind::Cancelled);
  CHECK(calls == 2);
}

TEST_CASE("grid search without iterations uses the algorithm's own count", "[grid][regression]") {
  // The page's SGD grid used to run 10 iterations (the ALS count): most cells
  // ended "best at iteration 10" and the largest learning rate won.
  Fixture fx;
  for (auto algorithm : {mf::Algorithm::ALS, mf::Algorithm::SGD}) {
    auto base = mf::default_options(algorithm);
    mf::GridSpec spec;
    spec.factors = {2};
    spec.regularization = {0.05};
    auto cells = mf::grid_cells(fx.data, base, spec);
    REQUIRE(cells.size() == 1);
    CHECK(cells[0].options.iterations == base.iterations);
  }
  CHECK(mf::default_options(mf::Algorithm::SGD).iterations != mf::default_options(mf::Algorithm::ALS).iterations);
}

TEST_CASE("grid search chooses on a validation share of the training ratings, never on the test set",
          "[grid][regression]") {
  // Each cell used to report its lowest test error over the iterations: a
  // number tuned to the test set. Now changing the test set changes nothing
  // but the one final test figure.
  Fixture fx;
  auto base = base_options(mf::Algorithm::ALS);
  mf::GridSpec spec;
  spec.factors = {2, 4};
  spec.regularization = {0.02, 0.3};
  spec.iterations = 4;
  auto a = mf::grid_search(fx.data, fx.split, base, spec);
  mf::Split other = fx.split;
  for (auto& v : other.test.value) v = 5.0f;  // a different test set, same training ratings
  auto b = mf::grid_search(fx.data, other, base, spec);
  REQUIRE(a.cells.size() == b.cells.size());
  for (std::size_t c = 0; c < a.cells.size(); ++c) CHECK(a.cells[c].validation_rmse == b.cells[c].validation_rmse);
  CHECK(a.best == b.best);
  CHECK(a.test.rmse != b.test.rmse);
  // No test set: the grid still chooses, and says there is no test figure.
  mf::Split no_test = fx.split;
  no_test.test = mf::Ratings();
  auto c = mf::grid_search(fx.data, no_test, base, spec);
  CHECK(c.best == a.best);
  CHECK(c.test.count == 0);
}

TEST_CASE("grid search validates every cell before training and needs ratings to validate on", "[grid]") {
  Fixture fx;
  auto base = base_options(mf::Algorithm::ALS);
  mf::GridSpec spec;
  spec.factors = {2, 0};
  spec.regularization = {0.05};
  spec.learning_rates = {0.01};
  spec.iterations = 3;
  int calls = 0;
  auto e = catch_error([&] {
    mf::grid_search(fx.data, fx.split, base, spec, [&](std::size_t, std::size_t) { return ++calls > 0; });
  });
  CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
  CHECK(mft::names_parameter(e.what(), "factors"));
  CHECK(calls == 0);  // nothing was trained

  spec.factors = {2};
  spec.regularization = {-1.0};
  auto e2 = catch_error([&] { mf::grid_search(fx.data, fx.split, base, spec); });
  CHECK(e2.kind() == mf::ErrorKind::InvalidArgument);

  spec.regularization = {0.05};
  spec.validation_fraction = 1.5;
  auto e3 = catch_error([&] { mf::grid_search(fx.data, fx.split, base, spec); });
  CHECK(e3.kind() == mf::ErrorKind::InvalidArgument);
  CHECK(e3.parameter() == "validation_fraction");

  // Three training ratings: 10 % of them is none.
  auto tiny = mft::dataset_from({{1, 1, 4.0f}, {1, 2, 3.0f}, {2, 1, 5.0f}});
  spec.validation_fraction = 0.1;
  auto e4 = catch_error([&] { mf::grid_search(tiny, mft::all_train(tiny), base, spec); });
  CHECK(e4.kind() == mf::ErrorKind::InvalidArgument);
  CHECK(mft::contains(e4.what(), "leaves 0 for validation"));
}
