// Training settings, shared by the algorithms, with their validation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace mf {

enum class Algorithm {
  ALS,          // alternating least squares on explicit ratings (als.hpp)
  SGD,          // stochastic gradient descent on explicit ratings (sgd.hpp)
  ImplicitALS,  // alternating least squares on implicit feedback (ials.hpp)
};

// Implicit ALS: the weight w(r) of an observed rating or count r in its
// confidence c = 1 + alpha * w(r).
enum class Confidence {
  Constant,  // w = 1: every interaction counts the same
  Rating,    // w = r: a 5-star rating (or a count of 5) counts five times a 1
  Log,       // w = log(1 + r / epsilon): counts that grow slower than r
};

// Implicit ALS: how each row's k x k system is solved.
enum class ImplicitSolver {
  Cholesky,           // exactly
  ConjugateGradient,  // cg_steps steps of conjugate gradient from the row's last solution
};

// How ALS scales the regularization of each row.
enum class RegScaling {
  None,   // lambda, as in the textbook derivation
  Count,  // lambda * (number of ratings of the row): ALS-WR (Zhou et al. 2008);
          // implicit ALS: lambda * (number of the row's positives), as Spark's
          // ALS does (spark.hpp), with reg_exponent 0
};

struct TrainOptions {
  Algorithm algorithm = Algorithm::ALS;
  int factors = 40;           // k, length of each user and item vector
  int iterations = 10;        // ALS sweeps or SGD epochs a Trainer runs by default
  bool biases = true;         // mu + b_u + b_i + p.q (true) or p.q alone (false)

  // Regularization: lambda for user factors, item factors, user biases, item biases.
  double reg_user = 0.1;
  double reg_item = 0.1;
  double reg_user_bias = 0.1;
  double reg_item_bias = 0.1;
  RegScaling reg_scaling = RegScaling::Count;  // ALS (and implicit ALS: above)

  // ALS "missing = 0" teaching mode: every unrated cell is fitted as a rating
  // of 0 (the zero-filled row solve of the textbook ALS). No biases, plain
  // lambda: set it with with_missing_as_zero().
  bool missing_as_zero = false;

  double learning_rate = 0.01;  // SGD only

  // Implicit ALS (ials.hpp). A rating >= positive_threshold is a positive
  // with confidence 1 + alpha * w(r); the rest of the matrix is 0 with
  // confidence 1. Each row's lambda is multiplied by its total confidence to
  // the power reg_exponent (0: plain lambda), or with reg_scaling Count (and
  // reg_exponent 0) by its number of positives.
  double alpha = 0.5;
  Confidence confidence = Confidence::Rating;
  double epsilon = 1.0;  // of Confidence::Log
  double reg_exponent = 0.5;
  double positive_threshold = 0.0;
  ImplicitSolver solver = ImplicitSolver::ConjugateGradient;
  int cg_steps = 3;
  double init_std = 0.1;        // standard deviation of the initial factors
  std::uint64_t seed = 42;

  // Threads a training step runs on (0: all cores, available_threads()).
  // ALS and implicit ALS give the same bits for every count. SGD runs
  // today's single-threaded epoch for 1 and, above, the stratified epoch of
  // sgd.hpp, whose curve depends on the count (and only on it: the same
  // seed and count give the same curve on every machine and build). So
  // default_options(SGD) keeps 1: its default curve must not depend on the
  // machine. A build without threads runs any count on the calling thread,
  // with the same results.
  int threads = 0;

  // Refuse to start training when the model and its workspace would need more
  // than this many bytes (0: no limit). The WebAssembly build sets it from the
  // module's memory limit so that an oversized request fails with a message
  // instead of aborting the module.
  std::size_t memory_limit = 0;
};

// True when a and b train the same model: every setting equal (memory_limit
// and threads, properties of the run that model files do not keep, aside;
// an SGD model trained with another thread count has other factors).
bool same_settings(const TrainOptions& a, const TrainOptions& b);

// Bytes a Trainer needs for this data and these settings: the model (factors,
// biases, counts, twice: the current and the kept copy), the split's n_ratings
// ratings, and what the options' algorithm builds from them (its solver's
// layouts and workspace, solver.hpp).
std::size_t training_memory_bytes(const TrainOptions& options, std::size_t n_users, std::size_t n_items,
                                  std::size_t n_ratings);

// Defaults per algorithm (SGD wants per-rating regularization, ALS count-scaled,
// implicit ALS frequency-scaled and no biases).
TrainOptions default_options(Algorithm algorithm);

const char* to_string(Algorithm a);
const char* to_string(RegScaling s);
const char* to_string(Confidence c);
const char* to_string(ImplicitSolver s);
Algorithm parse_algorithm(std::string_view name);           // "als" | "sgd" | "ials"
RegScaling parse_reg_scaling(std::string_view name);        // "none" | "count"
Confidence parse_confidence(std::string_view name);         // "constant" | "rating" | "log"
ImplicitSolver parse_implicit_solver(std::string_view name);  // "cholesky" | "cg"

// True for the algorithms that predict ratings (their error is measured in
// rating units); implicit ALS predicts a preference instead.
bool predicts_ratings(Algorithm a);

// The textbook ALS that treats every missing rating as 0: `o` with
// missing_as_zero on, biases off and plain (unscaled) regularization, the
// only settings that mode accepts. Every front end's "missing = 0" switch
// calls this.
TrainOptions with_missing_as_zero(TrainOptions o);

// The thread count a step of these options runs its schedule for: threads,
// or available_threads() for 0 (in a build without threads, 1).
int resolved_threads(const TrainOptions& options);
// Largest thread count accepted.
constexpr int kMaxThreads = 256;

// Largest factor count accepted.
constexpr int kMaxFactors = 1024;

// Throws mf::Error(InvalidArgument) naming the first bad parameter and its value.
// With n_users/n_items > 0, also checks the settings against the data.
void validate(const TrainOptions& options, std::size_t n_users = 0, std::size_t n_items = 0);

}  // namespace mf
