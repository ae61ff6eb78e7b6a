// Seeded train/test splits (split.hpp).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <limits>
#include <vector>

#include "mf/split.hpp"
#include "test_util.hpp"

using mft::catch_error;

namespace {

// Position of every (user, item) pair in the dataset (pairs are unique).
std::map<std::pair<mf::Index, mf::Index>, std::size_t> positions(const mf::Ratings& r) {
  std::map<std::pair<mf::Index, mf::Index>, std::size_t> pos;
  for (std::size_t k = 0; k < r.size(); ++k) pos[{r.user[k], r.item[k]}] = k;
  return pos;
}

// Both halves are disjoint, together are the dataset, and keep its order.
void check_partition(const mf::Dataset& d, const mf::Split& s) {
  CHECK(s.train.size() + s.test.size() == d.ratings.size());
  std::vector<mft::Triple> both = mft::triples(s.train);
  auto t = mft::triples(s.test);
  both.insert(both.end(), t.begin(), t.end());
  std::sort(both.begin(), both.end());
  CHECK(both == mft::sorted_triples(d.ratings));  // union as multisets

  auto pos = positions(d.ratings);
  std::set<std::pair<mf::Index, mf::Index>> train_pairs;
  for (std::size_t k = 0; k < s.train.size(); ++k) train_pairs.insert({s.train.user[k], s.train.item[k]});
  for (std::size_t k = 0; k < s.test.size(); ++k)
    CHECK(train_pairs.count({s.test.user[k], s.test.item[k]}) == 0);  // disjoint

  for (const mf::Ratings* half : {&s.train, &s.test}) {
    std::size_t previous = 0;
    for (std::size_t k = 0; k < half->size(); ++k) {
      std::size_t p = pos.at({half->user[k], half->item[k]});
      if (k > 0) REQUIRE(p > previous);  // original order kept
      previous = p;
    }
  }
}

}  // namespace

TEST_CASE("split_random partitions the ratings with round(n times fraction) in test", "[split]") {
  auto d = mft::random_dataset(40, 30, 0.45, 5);
  const std::size_t n = d.ratings.size();
  for (double fraction : {0.1, 0.25, 0.37, 0.9}) {
    double exact = n * fraction;
    REQUIRE(std::abs(exact - std::floor(exact) - 0.5) > 1e-6);  // no rounding tie in this case
    INFO("n = " << n << ", fraction = " << fraction);
    auto s = mf::split_random(d, fraction, 123);
    CHECK(s.test.size() == std::size_t(std::llround(exact)));
    check_partition(d, s);
  }
}

TEST_CASE("split_random is determined by its seed", "[split]") {
  auto d = mft::random_dataset(40, 30, 0.45, 5);
  auto a = mf::split_random(d, 0.2, 7);
  auto b = mf::split_random(d, 0.2, 7);
  auto c = mf::split_random(d, 0.2, 8);
  CHECK(mft::triples(a.train) == mft::triples(b.train));
  CHECK(mft::triples(a.test) == mft::triples(b.test));
  CHECK(mft::triples(a.test) != mft::triples(c.test));
  CHECK(a.test.size() == c.test.size());
}

TEST_CASE("split_random picks every rating with about the same chance", "[split]") {
  // Over many seeds each of 20 ratings lands in a 25% test set about 25% of the time.
  auto d = mft::dataset_from({{1, 1, 1}, {1, 2, 2}, {1, 3, 3}, {1, 4, 4}, {1, 5, 5},
                              {2, 1, 1}, {2, 2, 2}, {2, 3, 3}, {2, 4, 4}, {2, 5, 5},
                              {3, 1, 1}, {3, 2, 2}, {3, 3, 3}, {3, 4, 4}, {3, 5, 5},
                              {4, 1, 1}, {4, 2, 2}, {4, 3, 3}, {4, 4, 4}, {4, 5, 5}});
  auto pos = positions(d.ratings);
  std::vector<int> hits(20, 0);
  const int rounds = 2000;
  for (int seed = 0; seed < rounds; ++seed) {
    auto s = mf::split_random(d, 0.25, seed);
    REQUIRE(s.test.size() == 5);
    for (std::size_t k = 0; k < s.test.size(); ++k) ++hits[pos.at({s.test.user[k], s.test.item[k]})];
  }
  for (int h : hits) {
    CHECK(h > 0.25 * rounds - 120);  // expected 500, sd ~19
    CHECK(h < 0.25 * rounds + 120);
  }
}

TEST_CASE("split_random rejects fractions outside (0, 1)", "[split]") {
  auto d = mft::random_dataset(10, 10, 0.5, 1);
  for (double bad : {0.0, 1.0, -0.1, 1.5, std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity()}) {
    INFO("fraction = " << bad);
    auto e = catch_error([&] { mf::split_random(d, bad, 1); });
    CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
  }
}

TEST_CASE("split_per_user holds out per_user ratings of every user that has enough", "[split]") {
  // User u (raw id 1..12) has u ratings.
  std::vector<mft::RawRating> rows;
  for (int u = 1; u <= 12; ++u)
    for (int i = 1; i <= u; ++i) rows.push_back({u, 100 + i, float(1 + (u + i) % 5)});
  auto d = mft::dataset_from(rows);

  struct Case {
    std::size_t per_user, min_train;
  };
  for (Case c : {Case{1, 1}, Case{2, 1}, Case{3, 4}, Case{1, 10}}) {
    INFO("per_user = " << c.per_user << ", min_train = " << c.min_train);
    auto s = mf::split_per_user(d, c.per_user, 99, c.min_train);
    check_partition(d, s);
    std::vector<std::size_t> in_test(d.n_users(), 0), in_train(d.n_users(), 0);
    for (auto u : s.test.user) ++in_test[u];
    for (auto u : s.train.user) ++in_train[u];
    for (mf::Index u = 0; u < d.n_users(); ++u) {
      std::size_t total = std::size_t(d.users.raw(u));  // raw id == number of ratings
      INFO("user " << d.users.raw(u));
      if (total >= c.per_user + c.min_train) {
        CHECK(in_test[u] == c.per_user);
        CHECK(in_train[u] == total - c.per_user);
      } else {
        CHECK(in_test[u] == 0);
        CHECK(in_train[u] == total);
      }
    }
  }
}

TEST_CASE("split_per_user is determined by its seed", "[split]") {
  auto d = mft::random_dataset(40, 30, 0.45, 5);
  auto a = mf::split_per_user(d, 2, 11);
  auto b = mf::split_per_user(d, 2, 11);
  auto c = mf::split_per_user(d, 2, 12);
  CHECK(mft::triples(a.test) == mft::triples(b.test));
  CHECK(mft::triples(a.train) == mft::triples(b.train));
  CHECK(mft::triples(a.test) != mft::triples(c.test));
  CHECK(a.test.size() == 2 * d.n_users());  // every user has at least 3 ratings here
}

TEST_CASE("split_per_user with a holdout or min_train that would wrap around is an error, not a heap overflow",
          "[split][regression]") {
  // per_user + min_train used to be computed as a size_t sum: SIZE_MAX + 1
  // wrapped to 0, every user "had enough", and the loop read past the user's
  // ratings (AddressSanitizer: heap-buffer-overflow). min_train = SIZE_MAX was
  // silently ignored the same way.
  std::vector<mft::RawRating> rows;
  for (int u = 1; u <= 6; ++u)
    for (int i = 1; i <= u; ++i) rows.push_back({u, 100 + i, 3.0f});
  auto d = mft::dataset_from(rows);
  const std::size_t most = std::numeric_limits<std::size_t>::max();
  struct Case {
    std::size_t per_user, min_train;
  };
  for (Case c : {Case{most, 1}, Case{1, most}, Case{most, most}, Case{most / 2 + 1, most / 2 + 1}, Case{6, 1}, Case{3, 4}}) {
    INFO("per_user = " << c.per_user << ", min_train = " << c.min_train);
    auto e = mft::catch_error([&] { mf::split_per_user(d, c.per_user, 42, c.min_train); });
    CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
    CHECK(mft::contains(e.what(), "holdout = " + std::to_string(c.per_user) + " with min_train = " +
                                      std::to_string(c.min_train) + " leaves the test set empty"));
    CHECK(mft::contains(e.what(), "the most ratings any user has is 6"));
  }
  // At the edge: the one user with 6 ratings takes part, nobody else.
  auto s = mf::split_per_user(d, 5, 42, 1);
  CHECK(s.test.size() == 5);
  CHECK(s.train.size() == d.ratings.size() - 5);
}
