// mf_bench RATINGS [REPEATS] [K...] [--algorithms sgd,als] [--test-fraction F] [--threads N,N,...] [--lanes N]:
// times SGD epochs and ALS sweeps on a seeded random split (seed 42, 10 % test
// by default) and prints JSON, one entry per algorithm, k and thread count:
// the training time of each step in ms (StepResult::ms, as the WebAssembly
// side reports it) and the wall time of the whole step() (training plus the
// evaluation of the learning-curve point, which runs on one thread). One
// thread unless --threads lists counts (TrainOptions::threads; 0: all cores):
// then each algorithm and k gets one trainer per count, all with the same
// seed, and the repeats take turns (1, 2, 1, 2, ...), so that a machine
// whose speed drifts slows all counts alike. Each trainer takes a warm-up
// step first. The header states the resident memory after loading the data
// and the peak at the end ("rssLoadedMb", "peakRssMb": loading the file is
// the peak); each entry the estimate of training_memory_bytes()
// ("estimatedMb") and the resident memory with the trainers of its
// algorithm and k alive (one per thread count) after their steps ("rssMb").
// --lanes N runs every count's schedule on at most N threads (as a build
// without threads runs it on one): it separates what SGD's stratified
// schedule saves from what its threads do.
// The native half of `npm run bench` (bench/run.mjs and bench/sections/); see also --serve below.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <time.h>

#include "../core/src/thread_pool.hpp"
#include "mf/error.hpp"
#include "mf/train.hpp"

// Untimed steps each new trainer takes first (first touches of the arrays,
// caches). Both JSON headers state it as "warmupSteps", so that bench/sections/
// reads it instead of restating it.
constexpr int kWarmupSteps = 1;

// A fixed chain of 50 M dependent double multiplies (4 cycles each on recent
// x86: ~70 ms at 2.8 GHz). The machine is shared and its speed drifts; this
// shows how fast it was while the steps were timed. The JSON headers state the
// count as "calibrationMultiplies".
constexpr int kCalibrationMultiplies = 50000000;
static double calibration_ms() {
  volatile double seed = 1.0;
  double x = seed;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kCalibrationMultiplies; ++i) x *= 1.0000000001;
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  seed = x;
  return ms;
}

// Resident memory: now (from /proc, Linux) and the process's peak so far, in MB.
static double rss_mb() {
  long pages = 0, resident = 0;
  if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
    std::fclose(f);
  }
  return double(resident) * 4096.0 / 1048576.0;
}
// CPU time of every thread of the process so far, in ms.
static double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}
static double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return double(usage.ru_maxrss) / 1024.0;  // kB on Linux
}

// A comma-separated list of integers ("1,2").
static std::vector<int> int_list(const std::string& list) {
  std::vector<int> out;
  for (std::size_t start = 0; start <= list.size();) {
    std::size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    if (end > start) out.push_back(std::atoi(list.substr(start, end - start).c_str()));
    start = end + 1;
  }
  return out;
}

static void print_list(const char* name, const std::vector<double>& v) {
  std::printf(", \"%s\": [", name);
  for (std::size_t r = 0; r < v.size(); ++r) std::printf("%s%.4f", r ? ", " : "", v[r]);
  std::printf("]");
}

// mf_bench --serve RATINGS: the same steps on request, for a driver that
// takes turns with other platforms step by step (bench/sections/steps.mjs). Reads lines
// from stdin: "new ALGORITHM K [THREADS]" (a fresh trainer on THREADS
// threads, 1 if not given, and its warm-up steps; answers "ok"), "step" (answers the step's training ms), "calibrate" (answers calibration_ms()), "quit".
static int serve(const char* ratings) {
  const mf::Dataset data = mf::load_ratings(ratings);
  const mf::Split split = mf::split_random(data, 0.1, 42);
  std::printf("{\"users\": %zu, \"items\": %zu, \"train\": %zu, \"test\": %zu, \"warmupSteps\": %d, "
              "\"calibrationMultiplies\": %d, \"calibrationMs\": %.2f}\n",
              data.n_users(), data.n_items(), split.train.size(), split.test.size(), kWarmupSteps,
              kCalibrationMultiplies, calibration_ms());
  std::fflush(stdout);
  std::unique_ptr<mf::Trainer> trainer;
  char line[256];
  while (std::fgets(line, sizeof line, stdin)) {
    char algo[32] = {0};
    int k = 0, threads = 1;
    if (std::sscanf(line, "new %31s %d %d", algo, &k, &threads) >= 2) {
      mf::TrainOptions o = mf::default_options(mf::parse_algorithm(algo));
      o.factors = k;
      o.threads = threads;
      trainer = std::make_unique<mf::Trainer>(data, split, o);
      for (int w = 0; w < kWarmupSteps; ++w) trainer->step();
      std::printf("ok\n");
    } else if (std::strncmp(line, "step", 4) == 0 && trainer) {
      std::printf("%.4f\n", trainer->step().ms);
    } else if (std::strncmp(line, "calibrate", 9) == 0) {
      std::printf("%.2f\n", calibration_ms());
    } else {
      break;
    }
    std::fflush(stdout);
  }
  return 0;
}

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--serve") == 0) {
    try {
      return serve(argv[2]);
    } catch (const mf::Error& e) {
      std::fprintf(stderr, "mf_bench: %s\n", e.what());
      return 1;
    }
  }
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: mf_bench RATINGS [REPEATS] [K...] [--algorithms sgd,als] [--test-fraction F] "
                 "[--threads N,N,...] [--lanes N]\n");
    return 2;
  }
  try {
    int repeats = 5;
    double test_fraction = 0.1;
    std::vector<int> ks;
    std::vector<mf::Algorithm> algorithms;
    std::vector<int> thread_counts{1};
    int positional = 0;
    for (int a = 2; a < argc; ++a) {
      if (std::strcmp(argv[a], "--algorithms") == 0 && a + 1 < argc) {
        std::string list = argv[++a];
        for (std::size_t start = 0; start <= list.size();) {
          std::size_t end = list.find(',', start);
          if (end == std::string::npos) end = list.size();
          if (end > start) algorithms.push_back(mf::parse_algorithm(list.substr(start, end - start)));
          start = end + 1;
        }
      } else if (std::strcmp(argv[a], "--threads") == 0 && a + 1 < argc) {
        thread_counts = int_list(argv[++a]);
      } else if (std::strcmp(argv[a], "--lanes") == 0 && a + 1 < argc) {
        mf::limit_lanes(std::atoi(argv[++a]));
      } else if (std::strcmp(argv[a], "--test-fraction") == 0 && a + 1 < argc) {
        test_fraction = std::atof(argv[++a]);
      } else if (positional++ == 0) {
        repeats = std::atoi(argv[a]);
      } else {
        ks.push_back(std::atoi(argv[a]));
      }
    }
    if (ks.empty()) ks = {10, 40, 100};
    if (algorithms.empty()) algorithms = {mf::Algorithm::SGD, mf::Algorithm::ALS};
    const mf::Dataset data = mf::load_ratings(argv[1]);
    const mf::Split split = mf::split_random(data, test_fraction, 42);
    std::printf("{\"users\": %zu, \"items\": %zu, \"train\": %zu, \"test\": %zu, \"warmupSteps\": %d, "
                "\"calibrationMultiplies\": %d, \"calibrationMs\": %.2f, \"cores\": %d, \"rssLoadedMb\": %.1f, "
                "\"results\": [",
                data.n_users(), data.n_items(), split.train.size(), split.test.size(), kWarmupSteps,
                kCalibrationMultiplies, calibration_ms(), mf::resolved_threads(mf::TrainOptions{}), rss_mb());
    const char* sep = "";
    for (mf::Algorithm algo : algorithms) {
      for (int k : ks) {
        // One trainer per thread count, taking turns.
        struct Timed {
          std::unique_ptr<mf::Trainer> trainer;
          std::vector<double> ms, wall, cpu;
          double rmse = 0;
        };
        std::vector<Timed> runs;
        for (int threads : thread_counts) {
          mf::TrainOptions o = mf::default_options(algo);
          o.factors = k;
          o.threads = threads;
          runs.push_back({std::make_unique<mf::Trainer>(data, split, o), {}, {}, {}, 0});
          for (int w = 0; w < kWarmupSteps; ++w) runs.back().trainer->step();
        }
        for (int r = 0; r < repeats; ++r) {
          for (Timed& run : runs) {
            const auto start = std::chrono::steady_clock::now();
            const double cpu_start = cpu_ms();
            const mf::StepResult s = run.trainer->step();
            run.cpu.push_back(cpu_ms() - cpu_start);
            run.wall.push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            run.ms.push_back(s.ms);
            run.rmse = s.test.rmse;
          }
        }
        const double rss_with_trainers = rss_mb();
        for (const Timed& run : runs) {
          const mf::TrainOptions& o = run.trainer->options();
          const double estimate =
              double(mf::training_memory_bytes(o, data.n_users(), data.n_items(), split.train.size() + split.test.size()));
          std::printf("%s\n  {\"algorithm\": \"%s\", \"factors\": %d, \"threads\": %d, \"testRmse\": %.6f, "
                      "\"estimatedMb\": %.1f, \"rssMb\": %.1f",
                      sep, mf::to_string(algo), k, mf::resolved_threads(o), run.rmse, estimate / 1048576.0,
                      rss_with_trainers);
          print_list("ms", run.ms);
          print_list("wallMs", run.wall);
          print_list("cpuMs", run.cpu);
          std::printf("}");
          sep = ",";
        }
        std::fflush(stdout);
      }
    }
    std::printf("\n], \"peakRssMb\": %.1f}\n", peak_rss_mb());
  } catch (const mf::Error& e) {
    std::fprintf(stderr, "mf_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
