#include "mf/sgd.hpp"

#include <algorithm>
#include <cstdint>
#include <sstream>

#include "fixed_factors.hpp"
#include "kernels.hpp"
#include "thread_pool.hpp"

namespace mf {

#ifndef MF_PREFETCH
#define MF_PREFETCH 1
#endif
constexpr bool kPrefetch = MF_PREFETCH;
// Ratings ahead whose rows SGD prefetches: far enough to cover a miss to the
// shared L3 when other tenants load it (on this shared machine 16 was never
// worse than 8 and sometimes much better; the figures drift too much to say more).
#ifndef MF_PREFETCH_DISTANCE
#define MF_PREFETCH_DISTANCE 16
#endif
constexpr std::size_t kPrefetchDistance = MF_PREFETCH_DISTANCE;

namespace {

struct SgdConstants {
  float mu, lr;
  float keep_u, keep_i, keep_ub, keep_ib;  // 1 - eta lambda
  bool biases;
};

// One pass of SGD over `order`. K > 0: the factor count fixed at compile time
// (unrolled loops); Aligned: factor rows are 16-byte aligned (K % 4 == 0 and
// aligned arrays), so SSE folds the loads into the arithmetic.
// Never inlined: each instantiation stays a small function of its own (V8
// compiles and optimizes wasm function by function, so only the one in use
// is compiled by its optimizing tier, and quickly).
template <int K, bool Aligned, typename E>
__attribute__((noinline)) void sgd_pass(const E* order, std::size_t n, int k, float* P, float* Q, float* bu, float* bi,
              const SgdConstants constants) {
  if (K > 0) k = K;
  // A local copy: stores to the factor rows cannot touch it, so the compiler
  // keeps the constants in registers instead of reloading them every rating.
  const SgdConstants c = constants;
  const std::size_t row_bytes = std::size_t(k) * sizeof(float);
  for (std::size_t idx = 0; idx < n; ++idx) {
    const E& r = order[idx];
    const Index u = r.user, i = r.item;
    // The visiting order is random, so the rows come from all over memory:
    // ask for the rows of a rating a few steps ahead.
    if (kPrefetch && idx + kPrefetchDistance < n) {
      const char* q_ahead = reinterpret_cast<const char*>(Q + std::size_t(order[idx + kPrefetchDistance].item) * k);
      const char* p_ahead = reinterpret_cast<const char*>(P + std::size_t(order[idx + kPrefetchDistance].user) * k);
      // Every cache line of the row, and no address past its last byte.
#if defined(__wasm__)
      // wasm has no prefetch instruction: read a byte of each line instead.
      // The loads start the misses early and their values go nowhere (the
      // empty asm only keeps them); about 3 % off a wasm epoch at k = 40.
      unsigned touch = 0;
      for (std::size_t b = 0; b < row_bytes; b += 64) touch += static_cast<unsigned char>(q_ahead[b]);
      touch += static_cast<unsigned char>(q_ahead[row_bytes - 1]);
      touch += static_cast<unsigned char>(p_ahead[0]);
      touch += static_cast<unsigned char>(p_ahead[row_bytes - 1]);
      asm volatile("" ::"r"(touch));
#else
      for (std::size_t b = 0; b < row_bytes; b += 64) __builtin_prefetch(q_ahead + b);
      __builtin_prefetch(q_ahead + row_bytes - 1);
      __builtin_prefetch(p_ahead);
      __builtin_prefetch(p_ahead + row_bytes - 1);
#endif
    }
    float* p = P + std::size_t(u) * k;
    float* q = Q + std::size_t(i) * k;
    const float dot = kernels::dot_k<K, Aligned>(p, q, k);
#if (defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)) || defined(__wasm__)
    // gcc would keep all of p and q in registers from the dot product to the
    // update, run out of SSE registers and spill them to the stack; reading
    // them again from L1 is cheaper. Likewise clang for wasm keeps the 20
    // vectors of p and q (k = 40) in locals, which V8 spills: with the
    // barrier a wasm epoch at k = 40 took 12 % less time.
    asm volatile("" ::: "memory");
#endif
    const float pred = c.biases ? ((c.mu + bu[u]) + bi[i]) + dot : dot;
    const float g = c.lr * (r.value - pred);
    if (c.biases) {
      bu[u] = c.keep_ub * bu[u] + g;
      bi[i] = c.keep_ib * bi[i] + g;
    }
    kernels::sgd_rows<K, Aligned>(p, q, k, c.keep_u, c.keep_i, g);
  }
}

std::string smaller_learning_rate(double now) {
  std::ostringstream os;
  os << "try a smaller learning rate (now " << now << ")";
  return os.str();
}

// Ranges per group of the stratified schedule (sgd.hpp).
constexpr std::size_t kRangesPerGroup = 16;

// The group of each of `rows` rows (index[k]: the row of rating k) for t
// groups of about equal rating counts, as sgd.hpp describes.
std::vector<int> deal_groups(const std::vector<Index>& index, std::size_t rows, int t) {
  std::vector<std::size_t> offsets(rows + 1, 0);  // ratings of the rows before each row
  for (Index r : index) ++offsets[std::size_t(r) + 1];
  for (std::size_t r = 0; r < rows; ++r) offsets[r + 1] += offsets[r];
  const std::vector<std::size_t> bounds =
      balanced_ranges(offsets, kRangesPerGroup * std::size_t(t), [](std::size_t n) { return double(n); });
  const std::size_t n_ranges = bounds.size() - 1;
  auto size = [&](std::size_t c) { return offsets[bounds[c + 1]] - offsets[bounds[c]]; };
  std::vector<std::size_t> by_size(n_ranges);
  for (std::size_t c = 0; c < n_ranges; ++c) by_size[c] = c;
  std::stable_sort(by_size.begin(), by_size.end(), [&](std::size_t a, std::size_t b) { return size(a) > size(b); });
  std::vector<std::size_t> total(std::size_t(t), 0);
  std::vector<int> group(rows, 0);
  for (std::size_t c : by_size) {
    const auto g = std::size_t(std::min_element(total.begin(), total.end()) - total.begin());  // first smallest
    total[g] += size(c);
    std::fill(group.begin() + std::ptrdiff_t(bounds[c]), group.begin() + std::ptrdiff_t(bounds[c + 1]), int(g));
  }
  return group;
}

}  // namespace

SgdSolver::SgdSolver(const TrainOptions& options, const Ratings& train, std::size_t n_users, std::size_t n_items)
    : Solver(smaller_learning_rate(options.learning_rate), options),
      options_(options),
      groups_(resolved_threads(options)) {
  const int t = groups_;
  if (t == 1) {
    blocks_.resize(1);
    std::vector<Entry>& order = blocks_[0];
    order.resize(train.size());
    for (std::size_t r = 0; r < order.size(); ++r) order[r] = {train.user[r], train.item[r], train.value[r]};
    return;
  }
  const std::vector<int> user_group = deal_groups(train.user, n_users, t);
  const std::vector<int> item_group = deal_groups(train.item, n_items, t);
  auto block_of = [&](std::size_t r) { return std::size_t(user_group[train.user[r]]) * t + item_group[train.item[r]]; };
  std::vector<std::size_t> size(std::size_t(t) * t, 0);
  for (std::size_t r = 0; r < train.size(); ++r) ++size[block_of(r)];
  blocks_.resize(size.size());
  for (std::size_t b = 0; b < size.size(); ++b) blocks_[b].reserve(size[b]);
  for (std::size_t r = 0; r < train.size(); ++r)
    blocks_[block_of(r)].push_back({train.user[r], train.item[r], train.value[r]});
}

double SgdSolver::memory_bytes(const TrainOptions&, std::size_t, std::size_t, std::size_t n_ratings) {
  return double(n_ratings) * double(sizeof(Entry));
}

template <typename Run>
void SgdSolver::epoch(Rng& rng, Run&& run) {
  const int t = groups_;
  if (t == 1) {
    shuffle(blocks_[0], rng);
    run(0, 0, blocks_[0]);
    return;
  }
  std::vector<int> sigma(std::size_t(t), 0), rho(std::size_t(t), 0);
  for (int g = 0; g < t; ++g) sigma[g] = rho[g] = g;
  shuffle(sigma, rng);
  shuffle(rho, rng);
  std::vector<std::uint64_t> seeds(blocks_.size());
  for (std::uint64_t& seed : seeds) seed = rng.next_u64();
  for (int s = 0; s < t; ++s) {
    pool().run(std::size_t(t), [&](std::size_t g, int) {
      const int block = int(g) * t + sigma[(int(g) + rho[s]) % t];
      Rng block_rng(seeds[block]);
      shuffle(blocks_[block], block_rng);
      run(s, block, blocks_[block]);
    });
  }
}

void SgdSolver::visit_epoch(Rng& rng, const Visit& visit) {
  epoch(rng, [&](int s, int block, const std::vector<Entry>& ratings) { visit(s, block, ratings.data(), ratings.size()); });
}

void SgdSolver::step(Model& m, Rng& rng) {
  const int k = m.factors;
  const float lr = static_cast<float>(options_.learning_rate);
  auto keep = [lr](double reg) { return 1.0f - lr * static_cast<float>(reg); };
  const SgdConstants c{m.global_mean,          lr,
                       keep(options_.reg_user), keep(options_.reg_item),
                       keep(options_.reg_user_bias), keep(options_.reg_item_bias),
                       options_.biases};
  float* P = m.user_factors.data();
  float* Q = m.item_factors.data();
  float* bu = m.user_bias.data();
  float* bi = m.item_bias.data();
  const bool aligned = kernels::kAlignedLoadsMatter && k % 4 == 0 &&
                       reinterpret_cast<std::uintptr_t>(P) % 16 == 0 &&
                       reinterpret_cast<std::uintptr_t>(Q) % 16 == 0;
  epoch(rng, [&](int, int, const std::vector<Entry>& ratings) {
    const std::size_t n = ratings.size();
    const Entry* o = ratings.data();
    with_fixed_factors(k, [&](auto fixed) {
      constexpr int K = decltype(fixed)::value;
      if (aligned) sgd_pass<K, true>(o, n, k, P, Q, bu, bi, c);
      else sgd_pass<K, false>(o, n, k, P, Q, bu, bi, c);
    });
  });
}

}  // namespace mf
