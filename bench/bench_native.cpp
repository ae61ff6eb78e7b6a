// mf_bench RATINGS [REPEATS] [K...]: times SGD epochs and ALS sweeps on a
// 90/10 split (seed 42) and prints JSON, one entry per algorithm and k with
// the step times in ms (StepResult::ms: training only, as the wasm side sees it).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "mf/error.hpp"
#include "mf/train.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: mf_bench RATINGS [REPEATS] [K...]\n");
    return 2;
  }
  try {
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
    std::vector<int> ks;
    for (int a = 3; a < argc; ++a) ks.push_back(std::atoi(argv[a]));
    if (ks.empty()) ks = {10, 40, 100};
    const mf::Dataset data = mf::load_ratings(argv[1]);
    const mf::Split split = mf::split_random(data, 0.1, 42);
    std::printf("[");
    const char* sep = "";
    for (mf::Algorithm algo : {mf::Algorithm::SGD, mf::Algorithm::ALS}) {
      for (int k : ks) {
        mf::TrainOptions o = mf::default_options(algo);
        o.factors = k;
        mf::Trainer trainer(data, split, o);
        trainer.step();  // warm-up: first touches of the arrays, caches
        std::printf("%s\n  {\"algorithm\": \"%s\", \"factors\": %d, \"ms\": [", sep, mf::to_string(algo), k);
        for (int r = 0; r < repeats; ++r) std::printf("%s%.4f", r ? ", " : "", trainer.step().ms);
        std::printf("]}");
        sep = ",";
      }
    }
    std::printf("\n]\n");
  } catch (const mf::Error& e) {
    std::fprintf(stderr, "mf_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
