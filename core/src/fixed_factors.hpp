// Compile-time factor counts for the per-rating loops (the SGD pass, the
// scoring of the training ratings).
#pragma once

#include <type_traits>

namespace mf {

// Calls f(std::integral_constant<int, K>{}) with K = k for the factor counts
// that get fixed-size loops (the page's and the benchmark's; measured about
// 10 % faster than the run-time count at k = 40), K = 0 for the rest.
template <typename F>
decltype(auto) with_fixed_factors(int k, F&& f) {
  switch (k) {
    case 10: return f(std::integral_constant<int, 10>{});
    case 20: return f(std::integral_constant<int, 20>{});
    case 40: return f(std::integral_constant<int, 40>{});
    case 50: return f(std::integral_constant<int, 50>{});
    case 100: return f(std::integral_constant<int, 100>{});
    default: return f(std::integral_constant<int, 0>{});
  }
}

}  // namespace mf
