// mf_bench RATINGS [REPEATS] [K...] [--algorithms sgd,als] [--test-fraction F]:
// times SGD epochs and ALS sweeps on a seeded random split (seed 42, 10 % test
// by default) and prints JSON, one entry per algorithm and k: the training
// time of each step in ms (StepResult::ms, as the WebAssembly side reports it)
// and the wall time of the whole step() (training plus the evaluation of the
// learning-curve point). One thread; each k gets a warm-up step first.
// The native half of `npm run bench` (bench/run.mjs and bench/sections/); see also --serve below.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

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

// mf_bench --serve RATINGS: the same steps on request, for a driver that
// takes turns with other platforms step by step (bench/sections/steps.mjs). Reads lines
// from stdin: "new ALGORITHM K" (a fresh trainer, its warm-up steps; answers
// "ok"), "step" (answers the step's training ms), "calibrate" (answers calibration_ms()), "quit".
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
    int k = 0;
    if (std::sscanf(line, "new %31s %d", algo, &k) == 2) {
      mf::TrainOptions o = mf::default_options(mf::parse_algorithm(algo));
      o.factors = k;
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
    std::fprintf(stderr, "usage: mf_bench RATINGS [REPEATS] [K...] [--algorithms sgd,als] [--test-fraction F]\n");
    return 2;
  }
  try {
    int repeats = 5;
    double test_fraction = 0.1;
    std::vector<int> ks;
    std::vector<mf::Algorithm> algorithms;
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
                "\"calibrationMultiplies\": %d, \"calibrationMs\": %.2f, \"results\": [",
                data.n_users(), data.n_items(), split.train.size(), split.test.size(), kWarmupSteps,
                kCalibrationMultiplies, calibration_ms());
    const char* sep = "";
    for (mf::Algorithm algo : algorithms) {
      for (int k : ks) {
        mf::TrainOptions o = mf::default_options(algo);
        o.factors = k;
        mf::Trainer trainer(data, split, o);
        for (int w = 0; w < kWarmupSteps; ++w) trainer.step();
        std::vector<double> ms, wall;
        double rmse = 0;
        for (int r = 0; r < repeats; ++r) {
          const auto start = std::chrono::steady_clock::now();
          const mf::StepResult s = trainer.step();
          wall.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
          ms.push_back(s.ms);
          rmse = s.test.rmse;
        }
        std::printf("%s\n  {\"algorithm\": \"%s\", \"factors\": %d, \"testRmse\": %.6f, \"ms\": [", sep, mf::to_string(algo),
                    k, rmse);
        for (int r = 0; r < repeats; ++r) std::printf("%s%.4f", r ? ", " : "", ms[r]);
        std::printf("], \"wallMs\": [");
        for (int r = 0; r < repeats; ++r) std::printf("%s%.4f", r ? ", " : "", wall[r]);
        std::printf("]}");
        std::fflush(stdout);
        sep = ",";
      }
    }
    std::printf("\n]}\n");
  } catch (const mf::Error& e) {
    std::fprintf(stderr, "mf_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
