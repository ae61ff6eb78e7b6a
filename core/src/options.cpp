#include "mf/options.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <tuple>

#include "mf/error.hpp"
#include "mf/solver.hpp"
#include "text.hpp"
#include "thread_pool.hpp"

namespace mf {

TrainOptions default_options(Algorithm algorithm) {
  TrainOptions o;
  o.algorithm = algorithm;
  if (algorithm == Algorithm::SGD) {
    o.factors = 40;
    o.iterations = 30;
    o.learning_rate = 0.01;
    o.reg_user = o.reg_item = 0.05;
    o.reg_user_bias = o.reg_item_bias = 0.05;
    o.init_std = 0.1;
    o.threads = 1;  // see TrainOptions::threads
  }
  if (algorithm == Algorithm::ImplicitALS) {
    // Chosen by NDCG@10 on ml-latest-small (docs/ranking.md): 64 factors,
    // confidence 1 + 0.5 r, lambda 0.5 scaled by the square root of each
    // row's total confidence.
    o.factors = 64;
    o.iterations = 15;
    o.biases = false;
    o.reg_user = o.reg_item = o.reg_user_bias = o.reg_item_bias = 0.5;
    o.reg_scaling = RegScaling::None;
  }
  return o;
}

bool predicts_ratings(Algorithm a) { return a != Algorithm::ImplicitALS; }

namespace {

// The names of an enum's values, in enumerator order.
constexpr const char* kAlgorithmNames[] = {"als", "sgd", "ials"};
constexpr const char* kConfidenceNames[] = {"constant", "rating", "log"};
constexpr const char* kImplicitSolverNames[] = {"cholesky", "cg"};

template <typename E, std::size_t N>
E parse_name(std::string_view name, const char* const (&names)[N], const char* key) {
  for (std::size_t v = 0; v < N; ++v)
    if (name == names[v]) return E(v);
  Message m = param(key) << " must be ";
  for (std::size_t v = 0; v < N; ++v) m << (v == 0 ? "" : v + 1 == N ? " or " : ", ") << "'" << names[v] << "'";
  fail(ErrorKind::InvalidArgument, m << " (got '" << name << "')");
}

}  // namespace

const char* to_string(Algorithm a) { return kAlgorithmNames[int(a)]; }
const char* to_string(RegScaling s) { return s == RegScaling::None ? "none" : "count"; }
const char* to_string(Confidence c) { return kConfidenceNames[int(c)]; }
const char* to_string(ImplicitSolver s) { return kImplicitSolverNames[int(s)]; }

Algorithm parse_algorithm(std::string_view name) {
  return parse_name<Algorithm>(name, kAlgorithmNames, "algorithm");
}
Confidence parse_confidence(std::string_view name) {
  return parse_name<Confidence>(name, kConfidenceNames, "confidence");
}
ImplicitSolver parse_implicit_solver(std::string_view name) {
  return parse_name<ImplicitSolver>(name, kImplicitSolverNames, "solver");
}

RegScaling parse_reg_scaling(std::string_view name) {
  if (name == "none") return RegScaling::None;
  if (name == "count") return RegScaling::Count;
  fail(ErrorKind::InvalidArgument, param("reg_scaling") << " must be 'none' or 'count' (got '" << name << "')");
}

namespace {

template <typename T>
std::string text(T v) {
  std::ostringstream os;
  os << v;
  return os.str();
}
std::string text(double v) { return shortest_text(v); }

void check_reg(double v, const char* key) {
  if (!std::isfinite(v) || v < 0)
    fail(ErrorKind::InvalidArgument, param(key) << " must be a finite number >= 0 (got " << text(v) << ")");
}

}  // namespace

std::size_t training_memory_bytes(const TrainOptions& options, std::size_t n_users, std::size_t n_items,
                                  std::size_t n_ratings) {
  // Computed in double and saturated: in WebAssembly size_t has 32 bits, and a
  // wrapped product would let an impossible request pass the memory check.
  const double rows = double(n_users) + double(n_items);
  const double k = options.factors > 0 ? double(options.factors) : 0.0;
  const double model = rows * (k * 4 + 4 + 4);
  const double split = double(n_ratings) * (4 + 4 + 4);
  const double total = 2 * model + split + solver_memory_bytes(options, n_users, n_items, n_ratings);
  const double most = double(std::numeric_limits<std::size_t>::max());
  return total >= most ? std::numeric_limits<std::size_t>::max() : std::size_t(total);
}

void validate(const TrainOptions& o, std::size_t n_users, std::size_t n_items) {
  if (o.factors < 1 || o.factors > kMaxFactors)
    fail(ErrorKind::InvalidArgument, param("factors") << " must be between 1 and " << text(kMaxFactors) << " (got "
                                                      << text(o.factors) << ")");
  if (n_users > 0 && n_items > 0 && std::size_t(o.factors) > std::max(n_users, n_items))
    fail(ErrorKind::InvalidArgument, param("factors") << " (" << text(o.factors)
                                                      << ") must not exceed the larger of the user and item counts ("
                                                      << text(n_users) << " users, " << text(n_items) << " items)");
  if (o.memory_limit > 0 && n_users > 0) {
    // Checked against the factor count alone here; the Trainer adds the ratings.
    const std::size_t need = training_memory_bytes(o, n_users, n_items, 0);
    if (need > o.memory_limit)
      fail(ErrorKind::Resource, param("factors") << " = " << text(o.factors) << " needs about " << text(need >> 20)
                                                 << " MiB for " << text(n_users) << " users and " << text(n_items)
                                                 << " items, over the memory limit of " << text(o.memory_limit >> 20)
                                                 << " MiB");
  }
  if (o.threads < 0 || o.threads > kMaxThreads)
    fail(ErrorKind::InvalidArgument, param("threads") << " must be between 0 (all cores) and " << text(kMaxThreads)
                                                      << " (got " << text(o.threads) << ")");
  if (o.iterations < 1 || o.iterations > 100000)
    fail(ErrorKind::InvalidArgument,
         param("iterations") << " must be between 1 and 100000 (got " << text(o.iterations) << ")");
  check_reg(o.reg_user, "reg_user");
  check_reg(o.reg_item, "reg_item");
  check_reg(o.reg_user_bias, "reg_user_bias");
  check_reg(o.reg_item_bias, "reg_item_bias");
  if (!std::isfinite(o.init_std) || o.init_std < 0 || o.init_std > 10)
    fail(ErrorKind::InvalidArgument,
         param("init_std") << " must be a finite number between 0 and 10 (got " << text(o.init_std) << ")");
  if (o.algorithm == Algorithm::SGD) {
    if (!std::isfinite(o.learning_rate) || o.learning_rate <= 0 || o.learning_rate > 100)
      fail(ErrorKind::InvalidArgument, param("learning_rate") << " must be a finite number in (0, 100] (got "
                                                              << text(o.learning_rate) << ")");
    if (o.missing_as_zero)
      fail(ErrorKind::InvalidArgument, param("missing_as_zero") << " is an ALS mode; it cannot be used with SGD");
  }
  if (!std::isfinite(o.alpha) || o.alpha < 0 || o.alpha > 1e6)
    fail(ErrorKind::InvalidArgument,
         param("alpha") << " must be a finite number between 0 and 1e6 (got " << text(o.alpha) << ")");
  if (!std::isfinite(o.epsilon) || o.epsilon <= 0)
    fail(ErrorKind::InvalidArgument, param("epsilon") << " must be a finite number > 0 (got " << text(o.epsilon) << ")");
  if (!std::isfinite(o.reg_exponent) || o.reg_exponent < 0 || o.reg_exponent > 2)
    fail(ErrorKind::InvalidArgument,
         param("reg_exponent") << " must be a finite number between 0 and 2 (got " << text(o.reg_exponent) << ")");
  if (!std::isfinite(o.positive_threshold) || std::fabs(o.positive_threshold) > 1e9)
    fail(ErrorKind::InvalidArgument, param("positive_threshold") << " must be a finite number within -1e9 .. 1e9 (got "
                                                                 << text(o.positive_threshold) << ")");
  if (o.cg_steps < 1 || o.cg_steps > 100)
    fail(ErrorKind::InvalidArgument, param("cg_steps") << " must be between 1 and 100 (got " << text(o.cg_steps) << ")");
  if (o.algorithm == Algorithm::ImplicitALS) {
    if (o.biases)
      fail(ErrorKind::InvalidArgument,
           Message("implicit ALS fits p.q alone; turn ") << param("biases") << " off to use it");
    if (o.missing_as_zero)
      fail(ErrorKind::InvalidArgument, param("missing_as_zero") << " is an explicit ALS mode; implicit ALS already "
                                                                   "weighs every missing pair");
    if (o.reg_scaling == RegScaling::Count && o.reg_exponent != 0)
      fail(ErrorKind::InvalidArgument, Message("implicit ALS scales each row's regularization by ")
                                           << param("reg_exponent") << " or (" << param("reg_scaling")
                                           << " 'count', as Spark's ALS) by its number of positives, not both: set "
                                           << param("reg_scaling") << " to 'none' or " << param("reg_exponent")
                                           << " to 0");
  }
  if (o.missing_as_zero) {
    if (o.biases)
      fail(ErrorKind::InvalidArgument,
           param("missing_as_zero") << " fits p.q alone; turn " << param("biases") << " off to use it");
    if (o.reg_scaling == RegScaling::Count)
      fail(ErrorKind::InvalidArgument, param("missing_as_zero") << " uses plain regularization; set "
                                                                << param("reg_scaling") << " to 'none'");
  }
}

bool same_settings(const TrainOptions& a, const TrainOptions& b) {
  auto fields = [](const TrainOptions& o) {
    return std::tie(o.algorithm, o.factors, o.iterations, o.biases, o.reg_user, o.reg_item, o.reg_user_bias,
                    o.reg_item_bias, o.reg_scaling, o.missing_as_zero, o.learning_rate, o.alpha, o.confidence,
                    o.epsilon, o.reg_exponent, o.positive_threshold, o.solver, o.cg_steps, o.init_std, o.seed);
  };
  return fields(a) == fields(b);
}

int resolved_threads(const TrainOptions& o) { return o.threads > 0 ? o.threads : available_threads(); }

TrainOptions with_missing_as_zero(TrainOptions o) {
  o.missing_as_zero = true;
  o.biases = false;
  o.reg_scaling = RegScaling::None;
  return o;
}

}  // namespace mf
