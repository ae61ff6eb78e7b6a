// Grid search (grid.hpp): cell order, best cell and best iteration, and equality
// with training each cell alone.
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

// Every cell agrees with its own test curve and with a Trainer run alone.
void check_cells(const Fixture& fx, const mf::TrainOptions& base, const mf::GridSpec& spec,
                 const mf::GridResult& result) {
  for (std::size_t c = 0; c < result.cells.size(); ++c) {
    const auto& cell = result.cells[c];
    INFO("cell " << c << ": factors " << cell.factors << ", reg " << cell.regularization << ", lr "
                 << cell.learning_rate);
    REQUIRE(cell.test_rmse.size() == std::size_t(spec.iterations));
    CHECK_FALSE(cell.diverged);
    // best_iteration is the 1-based argmin of the test curve.
    auto best = std::min_element(cell.test_rmse.begin(), cell.test_rmse.end());
    CHECK(cell.best_iteration == int(best - cell.test_rmse.begin()) + 1);
    CHECK(cell.best_test_rmse == Approx(*best).epsilon(1e-12));
    CHECK(cell.best_test_mse == Approx(*best * *best).epsilon(1e-9));

    // The same cell trained alone.
    auto options = mf::cell_options(base, cell.factors, cell.regularization, cell.learning_rate);
    mf::Trainer t(fx.data, fx.split, options);
    for (int s = 0; s < spec.iterations; ++s) {
      auto r = t.step();
      INFO("step " << s + 1);
      CHECK(r.test.rmse == Approx(cell.test_rmse[s]).epsilon(1e-12));
      if (s + 1 == cell.best_iteration) {
        CHECK(r.train.mse == Approx(cell.train_mse_at_best).epsilon(1e-12));
        CHECK(r.test.mse == Approx(cell.best_test_mse).epsilon(1e-12));
      }
    }
  }
  // best points at the lowest best_test_mse.
  REQUIRE(result.best < result.cells.size());
  for (const auto& cell : result.cells) CHECK(result.cells[result.best].best_test_mse <= cell.best_test_mse);
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
    CHECK(result.cells[c].factors == factors[c]);
    CHECK(result.cells[c].regularization == regs[c]);
  }
  check_cells(fx, base, spec, result);
  // The best index is the argmin (first one on ties).
  std::size_t argmin = 0;
  for (std::size_t c = 1; c < 4; ++c)
    if (result.cells[c].best_test_mse < result.cells[argmin].best_test_mse) argmin = c;
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
    CHECK(result.cells[c].factors == 3);
    CHECK(result.cells[c].regularization == regs[c]);
    CHECK(result.cells[c].learning_rate == lrs[c]);
  }
  check_cells(fx, base, spec, result);
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
  CHECK(result.cells[1].test_rmse.size() < std::size_t(spec.iterations));
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
    CHECK(total == 6);
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

TEST_CASE("grid search validates every cell before training and needs a test set", "[grid]") {
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
  auto e3 = catch_error([&] { mf::grid_search(fx.data, mft::all_train(fx.data), base, spec); });
  CHECK(e3.kind() == mf::ErrorKind::InvalidArgument);
}
