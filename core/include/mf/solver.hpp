// A training algorithm, as the Trainer (train.hpp) runs it.
//
// The Trainer owns the model, its initialisation, the step count, the
// learning curve, rollback and the divergence check. A solver owns the rest:
// the layouts of the training ratings it reads, built when it is constructed
// (only those it needs), its workspace, and the update of the model's factors
// and biases, one step at a time. The solvers: ALS (als.hpp), SGD (sgd.hpp).
//
// An algorithm is a class derived from Solver, in a file of its own, with
//   X(const TrainOptions& options, const Ratings& train, std::size_t n_users, std::size_t n_items);
//   static double memory_bytes(const TrainOptions& options, std::size_t n_users, std::size_t n_items,
//                              std::size_t n_ratings);
// (the bytes its constructor and step() allocate for that much data: its
// layouts and workspace, not the model; in double, the caller saturates),
// registered by one line in solver.cpp's table.
//
// Every solver has a pool of resolved_threads(options) lanes (fewer in a
// build without threads: core/src/thread_pool.hpp) for the parallel parts of
// its step; how each algorithm splits a step, and why its results do not
// depend on how many threads run: als.hpp, ials.hpp, sgd.hpp.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "mf/model.hpp"
#include "mf/options.hpp"
#include "mf/rng.hpp"

namespace mf {

class ThreadPool;

class Solver {
 public:
  virtual ~Solver();

  // One step over the training ratings (an ALS sweep, an SGD epoch): updates
  // the model's factors and biases in place. `rng` is the Trainer's
  // generator, continued from the model's initialisation, for whatever the
  // step draws.
  virtual void step(Model& model, Rng& rng) = 0;

  // What to try after a divergence, ending the Trainer's message: "try a
  // smaller learning rate (now 0.5)".
  const std::string& divergence_hint() const { return divergence_hint_; }

 protected:
  // Starts the pool's threads.
  Solver(std::string divergence_hint, const TrainOptions& options);
  ThreadPool& pool() const { return *pool_; }

 private:
  std::string divergence_hint_;
  std::unique_ptr<ThreadPool> pool_;
};

// The registered algorithm of options.algorithm (options already validated):
// the bytes its solver needs, and the solver itself, prepared on `train`
// (dense indices below n_users and n_items).
double solver_memory_bytes(const TrainOptions& options, std::size_t n_users, std::size_t n_items,
                           std::size_t n_ratings);
std::unique_ptr<Solver> make_solver(const TrainOptions& options, const Ratings& train, std::size_t n_users,
                                    std::size_t n_items);

}  // namespace mf
