#include "mf/rng.hpp"

namespace mf {

double Rng::normal() {
  double sum = 0.0;
  for (int i = 0; i < 12; ++i) sum += uniform();
  return sum - 6.0;
}

}  // namespace mf
