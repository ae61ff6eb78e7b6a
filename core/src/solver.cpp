#include "mf/solver.hpp"

#include "mf/als.hpp"
#include "mf/error.hpp"
#include "mf/ials.hpp"
#include "mf/sgd.hpp"
#include "thread_pool.hpp"

namespace mf {

Solver::Solver(std::string divergence_hint, const TrainOptions& options)
    : divergence_hint_(std::move(divergence_hint)), pool_(std::make_unique<ThreadPool>(resolved_threads(options))) {}
Solver::~Solver() = default;

namespace {

struct Registered {
  Algorithm algorithm;
  double (*memory_bytes)(const TrainOptions&, std::size_t, std::size_t, std::size_t);
  std::unique_ptr<Solver> (*make)(const TrainOptions&, const Ratings&, std::size_t, std::size_t);
};

template <typename S>
std::unique_ptr<Solver> make(const TrainOptions& options, const Ratings& train, std::size_t n_users,
                             std::size_t n_items) {
  return std::make_unique<S>(options, train, n_users, n_items);
}

// The algorithms: one line each.
constexpr Registered kSolvers[] = {
    {Algorithm::ALS, &AlsSolver::memory_bytes, &make<AlsSolver>},
    {Algorithm::SGD, &SgdSolver::memory_bytes, &make<SgdSolver>},
    {Algorithm::ImplicitALS, &IalsSolver::memory_bytes, &make<IalsSolver>},
};

const Registered& registered(Algorithm a) {
  for (const Registered& r : kSolvers)
    if (r.algorithm == a) return r;
  fail(ErrorKind::InvalidArgument, param("algorithm") << " is not one this build knows");
}

}  // namespace

double solver_memory_bytes(const TrainOptions& options, std::size_t n_users, std::size_t n_items,
                           std::size_t n_ratings) {
  return registered(options.algorithm).memory_bytes(options, n_users, n_items, n_ratings);
}

std::unique_ptr<Solver> make_solver(const TrainOptions& options, const Ratings& train, std::size_t n_users,
                                    std::size_t n_items) {
  return registered(options.algorithm).make(options, train, n_users, n_items);
}

}  // namespace mf
