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

// How to split: a random share `test_fraction` of the ratings, or `holdout`
// ratings of every user that keeps at least `min_train` in training. Every
// front end starts from these defaults.
enum class SplitMethod { Random, PerUser };
struct SplitOptions {
  SplitMethod method = SplitMethod::Random;
  double test_fraction = 0.1;  // Random
  std::size_t holdout = 10;    // PerUser
  std::size_t min_train = 1;   // PerUser
  std::uint64_t seed = 42;
};

// split_random or split_per_user, as `options` says.
Split split(const Dataset& data, const SplitOptions& options);

// The ratings `all` divided at random: exactly round(n * fraction) of them,
// chosen by a seeded shuffle, go to test; both halves keep their order.
Split split_ratings(const Ratings& all, double fraction, std::uint64_t seed);

// Each rating goes to test with the same chance; exactly round(n * test_fraction)
// ratings are chosen, by a seeded shuffle. 0 < test_fraction < 1.
Split split_random(const Dataset& data, double test_fraction, std::uint64_t seed);  // split_ratings of all

// `per_user` ratings of every user go to test (a per-user holdout), chosen by a
// seeded shuffle; users with fewer than per_user + min_train ratings keep all
// of theirs in train. Throws InvalidArgument when per_user is 0 or no user has
// per_user + min_train ratings (the test set would be empty).
Split split_per_user(const Dataset& data, std::size_t per_user, std::uint64_t seed,
                     std::size_t min_train = 1);

}  // namespace mf
