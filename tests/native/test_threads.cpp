// Threads (TrainOptions::threads): the pool runs every task once on any lane
// count; ALS, missing-as-zero ALS and implicit ALS give the same bits for 1,
// 2, 3 and 8 threads; SGD's stratified schedule (sgd.hpp) visits every rating
// once per epoch in blocks that share no row within a sub-epoch, repeats
// itself for the same seed and thread count, and gives pinned curves that the
// WebAssembly build of this suite (one thread, scripts/test-wasm-native.sh)
// must reproduce too.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "../../core/src/thread_pool.hpp"
#include "mf/ials.hpp"
#include "mf/sgd.hpp"
#include "mf/train.hpp"
#include "test_util.hpp"

namespace {

const int kThreadCounts[] = {1, 2, 3, 8};

// The whole learning curve and the final model of `o` on `data`.
struct Run {
  std::vector<mf::StepResult> curve;
  mf::Model model;
};
Run train(const mf::Dataset& data, const mf::Split& split, mf::TrainOptions o, int threads) {
  o.threads = threads;
  mf::Trainer t(data, split, o);
  for (int s = 0; s < o.iterations; ++s) t.step();
  return {t.history(), t.model()};
}

void check_same_run(const Run& a, const Run& b) {
  REQUIRE(a.curve.size() == b.curve.size());
  for (std::size_t s = 0; s < a.curve.size(); ++s) {
    INFO("step " << s + 1);
    CHECK(a.curve[s].objective == b.curve[s].objective);
    CHECK(a.curve[s].train.mse == b.curve[s].train.mse);
    CHECK(a.curve[s].test.mse == b.curve[s].test.mse);
    CHECK(a.curve[s].status == b.curve[s].status);
  }
  CHECK(mft::same_parameters(a.model, b.model));
}

// Every thread count gives the model and curve of threads = 1, bit for bit.
void check_thread_invariant(const mf::Dataset& data, const mf::Split& split, const mf::TrainOptions& o) {
  const Run one = train(data, split, o, 1);
  for (int threads : kThreadCounts) {
    INFO("threads " << threads);
    check_same_run(train(data, split, o, threads), one);
  }
}

// A ratings file of public/data and its 90/10 split (seed 42).
struct Loaded {
  mf::Dataset data;
  mf::Split split;
};
Loaded load(const std::string& relative) {
  mf::Dataset data = mf::load_ratings(mft::source_path(relative));
  mf::Split split = mf::split_random(data, 0.1, 42);
  return {std::move(data), std::move(split)};
}
const char* const kDense = "public/data/dense-subset/ratings.csv";
const char* const kMovieLens = "public/data/ml-latest-small/ratings.csv";

// The defaults of `algorithm` with k factors and that many steps.
mf::TrainOptions options(mf::Algorithm algorithm, int factors, int iterations) {
  mf::TrainOptions o = mf::default_options(algorithm);
  o.factors = factors;
  o.iterations = iterations;
  return o;
}

}  // namespace

TEST_CASE("the thread pool runs every task exactly once, on any lane count", "[threads]") {
  for (int lanes : {1, 2, 3, 8}) {
    mf::ThreadPool pool(lanes);
    CHECK(pool.lanes() >= 1);
    CHECK(pool.lanes() <= lanes);
    for (std::size_t n : {0, 1, 2, 7, 1000}) {
      INFO("lanes " << lanes << ", tasks " << n);
      std::vector<std::atomic<int>> calls(n);
      std::vector<int> lane_of(n, -1);
      pool.run(n, [&](std::size_t i, int lane) {
        calls[i].fetch_add(1);
        lane_of[i] = lane;
      });
      for (std::size_t i = 0; i < n; ++i) CHECK(calls[i].load() == 1);
      for (int lane : lane_of) CHECK((lane >= 0 && lane < pool.lanes()));
    }
  }
}

TEST_CASE("the thread pool runs back-to-back runs and runs after its workers slept", "[threads]") {
  mf::ThreadPool pool(3);
  std::vector<long> sums(std::size_t(pool.lanes()), 0);
  long expected = 0;
  for (int run = 0; run < 3000; ++run) {
    if (run % 1000 == 999) std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the workers go to sleep
    const std::size_t n = std::size_t(run % 5);
    pool.run(n, [&](std::size_t i, int lane) { sums[std::size_t(lane)] += long(i) + 1; });
    expected += long(n * (n + 1) / 2);
  }
  long total = 0;
  for (long s : sums) total += s;
  CHECK(total == expected);
}

TEST_CASE("the thread pool rethrows a task's exception and stays usable", "[threads]") {
  mf::ThreadPool pool(3);
  std::atomic<int> ran{0};
  CHECK_THROWS_AS(pool.run(50,
                           [&](std::size_t i, int) {
                             ran.fetch_add(1);
                             if (i == 17) throw std::runtime_error("task 17");
                           }),
                  std::runtime_error);
  CHECK(ran.load() >= 1);
  std::atomic<int> again{0};
  pool.run(10, [&](std::size_t, int) { again.fetch_add(1); });
  CHECK(again.load() == 10);
}

TEST_CASE("balanced row ranges cover every row once, in order, by cost", "[threads]") {
  // Row r has r % 5 entries; the ranges split 300 rows, each costing its entries + 1.
  std::vector<std::size_t> offsets{0};
  for (std::size_t r = 0; r < 300; ++r) offsets.push_back(offsets.back() + r % 5);
  const auto cost = [](std::size_t n) { return double(n) + 1; };
  for (std::size_t pieces : {1, 2, 7, 64, 1000}) {
    const auto b = mf::balanced_ranges(offsets, pieces, cost);
    REQUIRE(b.size() == pieces + 1);
    CHECK(b.front() == 0);
    CHECK(b.back() == 300);
    CHECK(std::is_sorted(b.begin(), b.end()));
  }
  // Two pieces of about equal cost: entries + 1 per row.
  const auto two = mf::balanced_ranges(offsets, 2, cost);
  const double first = double(offsets[two[1]]) + double(two[1]), total = double(offsets.back()) + 300.0;
  CHECK(first == Approx(total / 2).margin(6));
  // No rows: one empty range.
  CHECK(mf::balanced_ranges({0}, 4, cost) == std::vector<std::size_t>(5, 0));
}

TEST_CASE("threads is validated and 0 means every core", "[threads][options]") {
  auto o = mf::default_options(mf::Algorithm::ALS);
  CHECK(o.threads == 0);
  CHECK(mf::resolved_threads(o) == mf::available_threads());
  CHECK(mf::available_threads() >= 1);
  CHECK(mf::default_options(mf::Algorithm::SGD).threads == 1);
  CHECK(mf::default_options(mf::Algorithm::ImplicitALS).threads == 0);
  for (int bad : {-1, mf::kMaxThreads + 1}) {
    o.threads = bad;
    auto e = mft::catch_error([&] { mf::validate(o); });
    CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
    CHECK(mft::names_parameter(e.what(), "threads"));
  }
  o.threads = mf::kMaxThreads;
  CHECK_NOTHROW(mf::validate(o));
}

TEST_CASE("ALS gives the same bits for 1, 2, 3 and 8 threads", "[threads][als]") {
  const auto [data, split] = load(kMovieLens);
  auto o = options(mf::Algorithm::ALS, 12, 2);
  SECTION("biases, count-scaled lambda") { check_thread_invariant(data, split, o); }
  SECTION("lambda = 0 without biases (ridge floor, push-through rows)") {
    o.biases = false;
    o.reg_scaling = mf::RegScaling::None;
    o.reg_user = o.reg_item = 0;
    check_thread_invariant(data, split, o);
  }
}

TEST_CASE("missing-as-zero ALS gives the same bits for 1, 2, 3 and 8 threads", "[threads][als]") {
  const auto [data, split] = load(kDense);
  for (double lambda : {0.5, 0.0}) {
    INFO("lambda " << lambda);
    auto o = mf::with_missing_as_zero(options(mf::Algorithm::ALS, 8, 3));
    o.reg_user = o.reg_item = lambda;
    check_thread_invariant(data, split, o);
  }
}

TEST_CASE("implicit ALS gives the same bits for 1, 2, 3 and 8 threads", "[threads][ials]") {
  const auto [data, split] = load(kDense);
  for (auto solver : {mf::ImplicitSolver::ConjugateGradient, mf::ImplicitSolver::Cholesky}) {
    INFO("solver " << mf::to_string(solver));
    auto o = options(mf::Algorithm::ImplicitALS, 16, 3);
    o.solver = solver;
    check_thread_invariant(data, split, o);
  }
}

TEST_CASE("SGD: the same seed and thread count give the same curve, run after run", "[threads][sgd]") {
  const auto [data, split] = load(kDense);
  const auto o = options(mf::Algorithm::SGD, 10, 4);
  for (int threads : kThreadCounts) {
    INFO("threads " << threads);
    check_same_run(train(data, split, o, threads), train(data, split, o, threads));
  }
  // Another count is another schedule.
  CHECK_FALSE(mft::same_parameters(train(data, split, o, 2).model, train(data, split, o, 3).model));
}

TEST_CASE("SGD curves are pinned for 1, 2 and 3 threads, natively and in WebAssembly", "[threads][sgd]") {
  // Objective after 3 epochs, k = 10, default SGD settings, 90/10 split seed
  // 42: threads = 1 is the single-threaded epoch of the code before threads
  // existed (the same figure), 2 and 3 the stratified schedule of sgd.hpp.
  // The WebAssembly suite runs without threads and must give the same bits.
  const auto [data, split] = load(kDense);
  const auto o = options(mf::Algorithm::SGD, 10, 3);
  CHECK(train(data, split, o, 1).curve.back().objective == 16215.659344068474);
  CHECK(train(data, split, o, 2).curve.back().objective == 16214.257910061398);
  CHECK(train(data, split, o, 3).curve.back().objective == 16215.524822027006);
}

TEST_CASE("a schedule of several threads run on one lane gives the same bits, as in a build without threads",
          "[threads]") {
  const auto [data, split] = load(kDense);
  for (auto algorithm : {mf::Algorithm::SGD, mf::Algorithm::ALS, mf::Algorithm::ImplicitALS}) {
    INFO(mf::to_string(algorithm));
    const auto o = options(algorithm, 10, 3);
    const Run lanes = train(data, split, o, 3);
    mf::limit_lanes(1);
    const Run one_lane = train(data, split, o, 3);
    mf::limit_lanes(0);
    check_same_run(one_lane, lanes);
  }
}

namespace {

// What visit_epoch() saw of one block.
struct Seen {
  int visits = 0;
  int sub_epoch = -1;
  std::vector<mf::SgdSolver::Entry> ratings;
};

std::vector<Seen> visit_one_epoch(mf::SgdSolver& solver, mf::Rng& rng) {
  const int t = solver.groups();
  std::vector<Seen> seen(std::size_t(t) * t);
  solver.visit_epoch(rng, [&](int sub_epoch, int block, const mf::SgdSolver::Entry* r, std::size_t n) {
    Seen& s = seen[std::size_t(block)];
    ++s.visits;
    s.sub_epoch = sub_epoch;
    s.ratings.assign(r, r + n);
  });
  return seen;
}

using Key = std::tuple<mf::Index, mf::Index, float>;

}  // namespace

TEST_CASE("SGD's stratified schedule visits every rating exactly once per epoch", "[threads][sgd]") {
  const auto [data, split] = load(kDense);
  const std::vector<Key> expected = mft::sorted_triples(split.train);
  for (int threads : kThreadCounts) {
    INFO("threads " << threads);
    auto o = mf::default_options(mf::Algorithm::SGD);
    o.threads = threads;
    mf::SgdSolver solver(o, split.train, data.n_users(), data.n_items());
    const int t = solver.groups();
    REQUIRE(t == threads);
    mf::Rng rng(7);
    for (int epoch = 0; epoch < 3; ++epoch) {
      INFO("epoch " << epoch);
      const std::vector<Seen> seen = visit_one_epoch(solver, rng);
      std::vector<Key> visited;
      std::vector<std::vector<int>> blocks_of_sub_epoch(static_cast<std::size_t>(t));
      for (std::size_t b = 0; b < seen.size(); ++b) {
        CHECK(seen[b].visits == 1);
        REQUIRE((seen[b].sub_epoch >= 0 && seen[b].sub_epoch < t));
        blocks_of_sub_epoch[std::size_t(seen[b].sub_epoch)].push_back(int(b));
        for (const auto& e : seen[b].ratings) visited.emplace_back(e.user, e.item, e.value);
      }
      std::sort(visited.begin(), visited.end());
      CHECK(visited == expected);
      // A sub-epoch runs t blocks, one per user group and one per item group,
      // whose ratings share no user and no item.
      for (const std::vector<int>& blocks : blocks_of_sub_epoch) {
        REQUIRE(int(blocks.size()) == t);
        std::set<int> user_groups, item_groups;
        std::set<mf::Index> users, items;  // of the whole sub-epoch
        std::size_t user_total = 0, item_total = 0;  // summed over its blocks
        for (int b : blocks) {
          user_groups.insert(b / t);
          item_groups.insert(b % t);
          std::set<mf::Index> block_users, block_items;
          for (const auto& e : seen[std::size_t(b)].ratings) {
            block_users.insert(e.user);
            block_items.insert(e.item);
          }
          user_total += block_users.size();
          item_total += block_items.size();
          users.insert(block_users.begin(), block_users.end());
          items.insert(block_items.begin(), block_items.end());
        }
        CHECK(int(user_groups.size()) == t);
        CHECK(int(item_groups.size()) == t);
        CHECK(users.size() == user_total);  // no user in two blocks of the sub-epoch
        CHECK(items.size() == item_total);
      }
    }
  }
}

TEST_CASE("SGD with one thread visits one shuffle of every rating, drawn from the Trainer's generator", "[threads][sgd]") {
  const auto [data, split] = load(kDense);
  auto o = mf::default_options(mf::Algorithm::SGD);
  mf::SgdSolver solver(o, split.train, data.n_users(), data.n_items());
  REQUIRE(solver.groups() == 1);
  std::vector<mf::SgdSolver::Entry> order;
  for (std::size_t r = 0; r < split.train.size(); ++r)
    order.push_back({split.train.user[r], split.train.item[r], split.train.value[r]});
  mf::Rng rng(11), reference(11);
  for (int epoch = 0; epoch < 2; ++epoch) {
    mf::shuffle(order, reference);
    const std::vector<Seen> seen = visit_one_epoch(solver, rng);
    REQUIRE(seen.size() == 1);
    REQUIRE(seen[0].ratings.size() == order.size());
    CHECK(std::equal(order.begin(), order.end(), seen[0].ratings.begin(), [](const auto& a, const auto& b) {
      return a.user == b.user && a.item == b.item && a.value == b.value;
    }));
    CHECK(rng.state() == reference.state());
  }
}

TEST_CASE("SGD's groups hold about equal shares of the ratings", "[threads][sgd]") {
  const auto [data, split] = load(kMovieLens);
  for (int threads : {2, 3, 8}) {
    INFO("threads " << threads);
    auto o = mf::default_options(mf::Algorithm::SGD);
    o.threads = threads;
    mf::SgdSolver solver(o, split.train, data.n_users(), data.n_items());
    mf::Rng rng(3);
    const std::vector<Seen> seen = visit_one_epoch(solver, rng);
    const int t = threads;
    std::vector<double> by_user_group(std::size_t(t), 0.0), by_item_group(std::size_t(t), 0.0);
    for (std::size_t b = 0; b < seen.size(); ++b) {
      by_user_group[b / std::size_t(t)] += double(seen[b].ratings.size());
      by_item_group[b % std::size_t(t)] += double(seen[b].ratings.size());
    }
    const double fair = double(split.train.size()) / t;
    for (int g = 0; g < t; ++g) {
      CHECK(by_user_group[std::size_t(g)] == Approx(fair).epsilon(0.1));
      CHECK(by_item_group[std::size_t(g)] == Approx(fair).epsilon(0.1));
    }
  }
}

TEST_CASE("pools share limit_worker_threads' threads and give them back", "[threads]") {
#if defined(MF_NO_THREADS)
  const int three = 1;  // a build without threads runs every pool on the calling thread
#else
  const int three = 3;
#endif
  mf::limit_worker_threads(2);
  {
    mf::ThreadPool a(3);  // takes both
    mf::ThreadPool b(3);  // none left: the calling thread alone
    CHECK(a.lanes() == three);
    CHECK(b.lanes() == 1);
    std::atomic<int> sum{0};
    b.run(10, [&](std::size_t i, int lane) { sum += int(i); CHECK(lane == 0); });
    CHECK(sum == 45);
  }
  mf::ThreadPool c(3);  // a's threads are back
  CHECK(c.lanes() == three);
  mf::limit_worker_threads(-1);
}
