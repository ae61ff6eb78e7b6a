#include "mf/split.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "mf/error.hpp"
#include "mf/rng.hpp"
#include "pair_table.hpp"
#include "text.hpp"

namespace mf {

namespace {

Split by_mask(const Ratings& all, const std::vector<char>& in_test) {
  Split s;
  for (std::size_t k = 0; k < all.size(); ++k) {
    Ratings& to = in_test[k] ? s.test : s.train;
    to.push_back(all.user[k], all.item[k], all.value[k]);
  }
  return s;
}

}  // namespace

Split split_ratings(const Ratings& all, double fraction, std::uint64_t seed) {
  if (!(fraction > 0.0 && fraction < 1.0))
    fail(ErrorKind::InvalidArgument,
         param("test_fraction") << " must be between 0 and 1, exclusive (got " << shortest_text(fraction) << ")");
  const std::size_t n = all.size();
  const std::size_t n_test = static_cast<std::size_t>(std::llround(double(n) * fraction));
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t(0));
  Rng rng(seed);
  shuffle(order, rng);
  std::vector<char> in_test(n, 0);
  for (std::size_t k = 0; k < n_test; ++k) in_test[order[k]] = 1;
  return by_mask(all, in_test);
}

Split split_random(const Dataset& data, double test_fraction, std::uint64_t seed) {
  return split_ratings(data.ratings, test_fraction, seed);
}

Split split(const Dataset& data, const SplitOptions& o) {
  return o.method == SplitMethod::PerUser ? split_per_user(data, o.holdout, o.seed, o.min_train)
                                         : split_random(data, o.test_fraction, o.seed);
}

Split split_per_user(const Dataset& data, std::size_t per_user, std::uint64_t seed,
                     std::size_t min_train) {
  if (per_user == 0)
    fail(ErrorKind::InvalidArgument, param("holdout") << " must be at least 1 (got 0)");
  const SparseRows rows = rows_by_user(data.ratings, data.n_users());
  // A user takes part when count >= per_user + min_train, written so that no
  // sum can wrap around (in WebAssembly size_t has 32 bits).
  auto takes_part = [&](std::size_t count) { return count >= per_user && count - per_user >= min_train; };
  std::size_t most = 0;
  for (std::size_t u = 0; u < rows.rows(); ++u) most = std::max(most, rows.count(u));
  if (!takes_part(most))
    fail(ErrorKind::InvalidArgument,
         param("holdout") << " = " << std::to_string(per_user) << " with " << param("min_train") << " = "
                          << std::to_string(min_train)
                          << " leaves the test set empty: the most ratings any user has is " << std::to_string(most));
  // Position of each (user, slot) rating in the original list, to mark it.
  std::vector<std::size_t> position(data.ratings.size());
  {
    std::vector<std::size_t> next(rows.offsets.begin(), rows.offsets.end() - 1);
    for (std::size_t k = 0; k < data.ratings.size(); ++k) position[next[data.ratings.user[k]]++] = k;
  }
  std::vector<char> in_test(data.ratings.size(), 0);
  Rng rng(seed);
  std::vector<std::size_t> slots;
  for (std::size_t u = 0; u < rows.rows(); ++u) {
    const std::size_t count = rows.count(u);
    if (!takes_part(count)) continue;
    slots.resize(count);
    std::iota(slots.begin(), slots.end(), rows.offsets[u]);
    shuffle(slots, rng);
    for (std::size_t k = 0; k < per_user; ++k) in_test[position[slots[k]]] = 1;
  }
  return by_mask(data.ratings, in_test);
}

Split split_with_test(const Dataset& train, const Dataset& test, TestSetReport* report) {
  TestSetReport r;
  for (RawId id : test.users.raw_ids()) r.unseen_users += !train.users.contains(id);
  for (RawId id : test.items.raw_ids()) r.unseen_items += !train.items.contains(id);
  PairTable rated;
  rated.reserve(train.ratings.size());
  for (std::size_t k = 0; k < train.ratings.size(); ++k) rated.insert(train.ratings.user[k], train.ratings.item[k], k);
  Split s;
  s.train = train.ratings;
  const Ratings& t = test.ratings;
  for (std::size_t k = 0; k < t.size(); ++k) {
    const std::int64_t u = train.users.find(test.users.raw(t.user[k]));
    const std::int64_t i = train.items.find(test.items.raw(t.item[k]));
    if (u < 0 || i < 0) {
      ++r.unseen;
    } else if (rated.find(Index(u), Index(i)) >= 0) {
      ++r.in_train;
    } else {
      s.test.push_back(Index(u), Index(i), t.value[k]);
      ++r.kept;
    }
  }
  if (report) *report = r;
  if (r.kept == 0)
    fail(ErrorKind::InvalidArgument, "the test set shares no (user, item) pair with the training data that it could "
                                     "be tested on: " + std::to_string(r.unseen) + " of its " +
                                     std::to_string(t.size()) + " ratings have a user or item the training data "
                                     "lacks, " + std::to_string(r.in_train) + " a pair the training data rates");
  return s;
}

Split split_at(const Dataset& data, const std::vector<std::size_t>& test_indices) {
  std::vector<char> in_test(data.ratings.size(), 0);
  for (std::size_t k = 0; k < test_indices.size(); ++k) {
    const std::size_t at = test_indices[k];
    if (at >= in_test.size() || in_test[at])
      fail(ErrorKind::InvalidArgument,
           param("test_indices") << "[" << std::to_string(k) << "] = " << std::to_string(at)
                                 << (at >= in_test.size() ? " is not a rating's position (the data set has " +
                                                                std::to_string(in_test.size()) + " ratings)"
                                                          : " is given twice"));
    in_test[at] = 1;
  }
  return by_mask(data.ratings, in_test);
}

}  // namespace mf
