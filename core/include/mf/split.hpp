// Seeded train/test splits. Both halves keep the ratings in their original
// order and share the dataset's id maps.
#pragma once

#include <cstdint>
#include <vector>

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

// A test set that comes as its own file, sharing the training file's raw ids
// (MovieLens 100K's u1.base and u1.test): how its ratings were taken in.
struct TestSetReport {
  std::size_t kept = 0;          // test ratings in the split
  std::size_t unseen = 0;        // left out: their user or item is not in the training data
  std::size_t unseen_users = 0;  // distinct user ids only in the test data
  std::size_t unseen_items = 0;  // distinct item ids only in the test data
  std::size_t in_train = 0;      // left out: the training data rates the same (user, item)
};

// Every rating of `train` as the training set and those of `test`, mapped by
// raw id to `train`'s dense indices, as the test set: the split belongs to
// `train`. A test rating whose user or item `train` lacks can be neither
// predicted nor ranked from the training data, and one whose pair `train`
// also rates would be tested on what was learnt: both are left out and
// counted in `report`. Throws InvalidArgument when no test rating is left.
Split split_with_test(const Dataset& train, const Dataset& test, TestSetReport* report = nullptr);

// The ratings at `test_indices` (positions in data.ratings, load order) as
// the test set and the others as the training set, both in load order.
// Throws InvalidArgument naming a position out of range or given twice.
Split split_at(const Dataset& data, const std::vector<std::size_t>& test_indices);

}  // namespace mf
