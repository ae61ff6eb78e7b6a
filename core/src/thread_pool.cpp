#include "thread_pool.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>

#ifndef MF_NO_THREADS
#include <condition_variable>
#include <mutex>
#include <system_error>
#include <thread>
#endif

namespace mf {

int available_threads() {
#ifdef MF_NO_THREADS
  return 1;
#else
  const unsigned n = std::thread::hardware_concurrency();  // 0: unknown
  return n > 0 ? int(std::min(n, 1024u)) : 1;
#endif
}

namespace {
std::atomic<int> max_lanes{0};
std::atomic<int> max_workers{-1};   // limit_worker_threads
std::atomic<int> workers_alive{0};  // worker threads of all pools

// Counts one more worker thread, unless max_workers are alive already.
[[maybe_unused]] bool take_worker() {
  int alive = workers_alive.load();
  for (;;) {
    const int most = max_workers.load();
    if (most >= 0 && alive >= most) return false;
    if (workers_alive.compare_exchange_weak(alive, alive + 1)) return true;
  }
}
}  // namespace

void limit_lanes(int most) { max_lanes.store(most); }
void limit_worker_threads(int most) { max_workers.store(most); }

// Times a lane polls for the start or the end of a run, yielding between
// polls, before it sleeps on a condition variable: waking a sleeping thread
// takes about 0.1 ms on a virtual machine, a tenth of an SGD epoch on a small
// data set, while runs follow each other within microseconds.
[[maybe_unused]] constexpr int kPolls = 200;  // unused in a build without threads

struct ThreadPool::Shared {
  // The current run, set by run_erased() before it starts the run.
  Call call = nullptr;
  void* task = nullptr;
  std::size_t n = 0;
  std::atomic<std::size_t> next{0};  // the next task index to claim
  std::exception_ptr error;          // the first exception of the run
#ifndef MF_NO_THREADS
  std::mutex mutex;                            // guards error and the sleeping
  std::condition_variable wake;                // workers: a run started, or stop
  std::condition_variable finished;            // the caller: busy reached 0
  std::atomic<std::uint64_t> generation{0};    // runs started (changed under the mutex)
  std::atomic<int> busy{0};                    // workers not yet done with the current run
  std::atomic<bool> stop{false};               // (changed under the mutex)
  std::vector<std::thread> workers;

  // Polls, then sleeps, until done() holds; `cv` is the condition variable
  // whose notifier changes what done() reads under the mutex.
  template <typename Done>
  void await(std::condition_variable& cv, Done done) {
    for (int poll = 0; poll < kPolls; ++poll) {
      if (done()) return;
      std::this_thread::yield();
    }
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait(lock, done);
  }
#endif

  // Claims and runs tasks until none is left.
  void work(int lane) {
    for (std::size_t i; (i = next.fetch_add(1, std::memory_order_relaxed)) < n;) {
      try {
        call(task, i, lane);
      } catch (...) {
#ifndef MF_NO_THREADS
        std::lock_guard<std::mutex> lock(mutex);
#endif
        if (!error) error = std::current_exception();
      }
    }
  }

#ifndef MF_NO_THREADS
  void worker(int lane) {
    std::uint64_t seen = 0;
    for (;;) {
      await(wake, [&] { return stop.load() || generation.load() != seen; });
      if (stop.load()) return;
      seen = generation.load();
      work(lane);
      if (busy.fetch_sub(1) == 1) {
        // The caller may be about to sleep: notify under the mutex, so that
        // it either sees busy at 0 or is already waiting.
        std::lock_guard<std::mutex> lock(mutex);
        finished.notify_one();
      }
    }
  }
#endif
};

ThreadPool::ThreadPool(int lanes) : shared_(std::make_unique<Shared>()) {
#ifndef MF_NO_THREADS
  if (const int most = max_lanes.load(); most > 0) lanes = std::min(lanes, most);
  Shared& s = *shared_;
  for (int lane = 1; lane < lanes && take_worker(); ++lane) {
    try {
      s.workers.emplace_back([&s, lane] { s.worker(lane); });
    } catch (const std::system_error&) {
      workers_alive.fetch_sub(1);
      break;  // no more threads: run on the lanes there are
    }
  }
  lanes_ = 1 + int(s.workers.size());
#else
  (void)lanes;
#endif
}

ThreadPool::~ThreadPool() {
#ifndef MF_NO_THREADS
  Shared& s = *shared_;
  {
    std::lock_guard<std::mutex> lock(s.mutex);
    s.stop.store(true);
  }
  s.wake.notify_all();
  for (std::thread& t : s.workers) t.join();
  workers_alive.fetch_sub(int(s.workers.size()));
#endif
}

void ThreadPool::run_erased(std::size_t n, Call call, void* task) {
  if (lanes_ == 1 || n <= 1) {
    for (std::size_t i = 0; i < n; ++i) call(task, i, 0);
    return;
  }
  Shared& s = *shared_;
#ifndef MF_NO_THREADS
  {
    // The run's fields first, then the generation that publishes them (its
    // sequentially consistent store orders them before it).
    std::lock_guard<std::mutex> lock(s.mutex);
    s.call = call;
    s.task = task;
    s.n = n;
    s.next.store(0);
    s.error = nullptr;
    s.busy.store(lanes_ - 1);
    s.generation.fetch_add(1);
  }
  s.wake.notify_all();
  s.work(0);
  s.await(s.finished, [&] { return s.busy.load() == 0; });
  std::lock_guard<std::mutex> lock(s.mutex);  // error, as the workers left it
#endif
  if (s.error) {
    std::exception_ptr e = s.error;
    s.error = nullptr;
    std::rethrow_exception(e);
  }
}

std::vector<std::size_t> cut_ranges(const std::vector<double>& before, std::size_t pieces) {
  const std::size_t rows = before.size() - 1;
  pieces = std::max<std::size_t>(pieces, 1);
  std::vector<std::size_t> bounds(pieces + 1, rows);
  bounds[0] = 0;
  const double total = before[rows];
  std::size_t r = 0;
  for (std::size_t p = 1; p < pieces; ++p) {
    const double target = total * double(p) / double(pieces);
    while (r < rows && before[r] < target) ++r;
    bounds[p] = r;
  }
  return bounds;
}

}  // namespace mf
