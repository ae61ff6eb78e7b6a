// A small pool of worker threads for the solvers' parallel loops (ALS row
// solves, SGD blocks).
//
// A pool has `lanes`: the calling thread is lane 0 and each worker thread one
// more lane. run(n, task) calls task(i, lane) exactly once for every i in
// [0, n) and returns when all have returned. The lanes claim task indices in
// increasing order from a shared counter, so which lane runs which task
// varies from run to run; one lane runs its tasks one after another. A task
// may use per-lane workspace (indexed by `lane`) but must write nothing
// another task reads: then the results do not depend on the lane count or on
// the assignment, and a pool of one lane (no threads at all) computes exactly
// what a pool of many does.
//
// Built with MF_NO_THREADS (a WebAssembly build without pthreads), or when
// the system refuses to start a thread, the pool has fewer lanes than asked,
// down to one: every task then runs on the calling thread, in index order.
// The workers are started once, by the constructor; between runs they poll
// for the next one for a short while (yielding the core), then sleep.
#pragma once

#include <cstddef>
#include <memory>
#include <type_traits>
#include <vector>

namespace mf {

// The number of threads this build can run at once: the hardware's thread
// count natively (at least 1), 1 in a build without threads.
int available_threads();

// At most this many lanes for the pools built from now on (0: no limit):
// tests and the benchmark run a schedule of several threads on fewer lanes,
// as a build without threads does.
void limit_lanes(int most);

// At most this many worker threads alive at once in all pools together
// (negative: no limit, the default); a pool built while they are all taken
// gets fewer lanes, down to one. The WebAssembly build with pthreads sets it
// to its count of preloaded Web Workers: there, starting a thread with none
// left fails and leaks the thread's stack (Emscripten 3.1.6), so the pools
// must not even try.
void limit_worker_threads(int most);

class ThreadPool {
 public:
  // A pool of `lanes` lanes (at least 1; capped as described above).
  explicit ThreadPool(int lanes);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Lanes the pool really has: per-lane workspace needs this many slots.
  int lanes() const { return lanes_; }

  // task(i, lane) for every i in [0, n); see above. An exception thrown by a
  // task is rethrown here once the lanes are done (the first one; on several
  // lanes the other tasks still run, on one the rest are skipped). The
  // solvers' tasks throw nothing.
  template <typename Task>
  void run(std::size_t n, Task&& task) {
    using T = std::remove_reference_t<Task>;
    run_erased(n, [](void* t, std::size_t i, int lane) { (*static_cast<T*>(t))(i, lane); },
               const_cast<void*>(static_cast<const void*>(&task)));
  }

 private:
  using Call = void (*)(void* task, std::size_t i, int lane);
  void run_erased(std::size_t n, Call call, void* task);

  struct Shared;  // the workers' state (thread_pool.cpp)
  std::unique_ptr<Shared> shared_;
  int lanes_ = 1;
};

// [first, last) ranges of rows for parallel row solves: boundaries into
// `pieces` contiguous ranges of about equal total cost, cost(n) being the
// cost of a row of n entries, offsets a SparseRows' (rows + 1 entries). The
// result has pieces + 1 boundaries, from 0 to rows: the first range ends at
// the first row whose preceding rows cost at least 1/pieces of the total,
// and so on (its costs are summed in row order, so integer costs give the
// same boundaries on every platform).
std::vector<std::size_t> cut_ranges(const std::vector<double>& cost_before, std::size_t pieces);
template <typename Cost>
std::vector<std::size_t> balanced_ranges(const std::vector<std::size_t>& offsets, std::size_t pieces, Cost cost) {
  const std::size_t rows = offsets.empty() ? 0 : offsets.size() - 1;
  std::vector<double> before(rows + 1, 0.0);  // cost of the rows before each row
  for (std::size_t r = 0; r < rows; ++r) before[r + 1] = before[r] + cost(offsets[r + 1] - offsets[r]);
  return cut_ranges(before, pieces);
}

// Tasks per lane of a parallel row loop: enough small pieces that a lane
// slowed down (a row far costlier than its estimate, a core shared with
// another program: on this project's 2-core virtual machine one core often
// runs 30 % slower than the other) leaves little for the others to wait on
// at the end. Each piece builds its own workspace (a few d x d matrices).
constexpr std::size_t kPiecesPerLane = 16;

// Calls rows_task(first, last) on contiguous ranges of rows that together
// cover every row of `offsets` (a SparseRows' offsets) once: one call for all
// rows on a one-lane pool (the single-threaded loop exactly), else
// kPiecesPerLane pieces per lane of balanced_ranges(offsets, ..., cost),
// spread over the lanes.
template <typename Cost, typename RowsTask>
void for_row_ranges(ThreadPool& pool, const std::vector<std::size_t>& offsets, Cost cost, RowsTask&& rows_task) {
  const std::size_t rows = offsets.empty() ? 0 : offsets.size() - 1;
  if (pool.lanes() == 1 || rows == 0) {
    rows_task(std::size_t(0), rows);
    return;
  }
  const std::vector<std::size_t> bounds = balanced_ranges(offsets, kPiecesPerLane * std::size_t(pool.lanes()), cost);
  pool.run(bounds.size() - 1, [&](std::size_t piece, int) { rows_task(bounds[piece], bounds[piece + 1]); });
}

}  // namespace mf
