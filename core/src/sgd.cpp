#include "mf/sgd.hpp"

#include <cstdint>
#include <sstream>

#include "fixed_factors.hpp"
#include "kernels.hpp"

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
    // ask for the rows of a rating a few steps ahead (a no-op in wasm).
    if (kPrefetch && idx + kPrefetchDistance < n) {
      const char* q_ahead = reinterpret_cast<const char*>(Q + std::size_t(order[idx + kPrefetchDistance].item) * k);
      const char* p_ahead = reinterpret_cast<const char*>(P + std::size_t(order[idx + kPrefetchDistance].user) * k);
      // Every cache line of the row, and no address past its last byte.
      for (std::size_t b = 0; b < row_bytes; b += 64) __builtin_prefetch(q_ahead + b);
      __builtin_prefetch(q_ahead + row_bytes - 1);
      __builtin_prefetch(p_ahead);
      __builtin_prefetch(p_ahead + row_bytes - 1);
    }
    float* p = P + std::size_t(u) * k;
    float* q = Q + std::size_t(i) * k;
    const float dot = kernels::dot_k<K, Aligned>(p, q, k);
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
    // gcc would keep all of p and q in registers from the dot product to the
    // update, run out of SSE registers and spill them to the stack; reading
    // them again from L1 is cheaper.
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

}  // namespace

SgdSolver::SgdSolver(const TrainOptions& options, const Ratings& train, std::size_t, std::size_t)
    : Solver(smaller_learning_rate(options.learning_rate)), options_(options), order_(train.size()) {
  for (std::size_t r = 0; r < order_.size(); ++r) order_[r] = {train.user[r], train.item[r], train.value[r]};
}

double SgdSolver::memory_bytes(const TrainOptions&, std::size_t, std::size_t, std::size_t n_ratings) {
  return double(n_ratings) * double(sizeof(Entry));
}

void SgdSolver::step(Model& m, Rng& rng) {
  shuffle(order_, rng);
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
  const std::size_t n = order_.size();
  const Entry* o = order_.data();
  const bool aligned = kernels::kAlignedLoadsMatter && k % 4 == 0 &&
                       reinterpret_cast<std::uintptr_t>(P) % 16 == 0 &&
                       reinterpret_cast<std::uintptr_t>(Q) % 16 == 0;
  with_fixed_factors(k, [&](auto fixed) {
    constexpr int K = decltype(fixed)::value;
    if (aligned) sgd_pass<K, true>(o, n, k, P, Q, bu, bi, c);
    else sgd_pass<K, false>(o, n, k, P, Q, bu, bi, c);
  });
}

}  // namespace mf
