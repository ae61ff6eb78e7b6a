// Seeded train/test splits. Both halves keep the ratings in their original
// order and share the dataset's id maps.
#pragma once

#include <cstdint>

#include "mf/dataset.hpp"

namespace mf {

struct Split {
  Ratings train;
  Ratings test;
};

// Each rating goes to test with the same chance; exactly round(n * test_fraction)
// ratings are chosen, by a seeded shuffle. 0 < test_fraction < 1.
Split split_random(const Dataset& data, double test_fraction, std::uint64_t seed);

// `per_user` ratings of every user go to test (a per-user holdout), chosen by a
// seeded shuffle; users with fewer than per_user + min_train ratings keep all
// of theirs in train. Throws InvalidArgument when per_user is 0 or no user has
// per_user + min_train ratings (the test set would be empty).
Split split_per_user(const Dataset& data, std::size_t per_user, std::uint64_t seed,
                     std::size_t min_train = 1);

}  // namespace mf
