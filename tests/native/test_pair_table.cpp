// PairTable (core/src/pair_table.hpp), the duplicate check of loading: a
// hash table from (user, item) to a position, checked against std::map.
#include <map>
#include <utility>

#include "../../core/src/pair_table.hpp"
#include "mf/rng.hpp"
#include "test_util.hpp"

TEST_CASE("PairTable finds what was inserted and nothing else", "[dataset][pair_table]") {
  mf::PairTable t;
  CHECK(t.find(0, 0) == -1);  // empty, before any allocation
  t.insert(0, 0, 7);
  t.insert(1, 0, 8);
  t.insert(0, 1, 9);  // (1, 0) and (0, 1) are different pairs
  CHECK(t.size() == 3);
  CHECK(t.find(0, 0) == 7);
  CHECK(t.find(1, 0) == 8);
  CHECK(t.find(0, 1) == 9);
  CHECK(t.find(1, 1) == -1);
  // The largest dense indices (below 2^31) are ordinary keys.
  const mf::Index big = 0x7FFFFFFF;
  t.insert(big, big, 10);
  CHECK(t.find(big, big) == 10);
  CHECK(t.find(big, big - 1) == -1);
}

TEST_CASE("PairTable agrees with std::map through growth and collisions", "[dataset][pair_table]") {
  for (std::size_t reserved : {std::size_t(0), std::size_t(5), std::size_t(20000)}) {
    INFO("reserved for " << reserved);
    mf::PairTable t;
    t.reserve(reserved);
    std::map<std::pair<mf::Index, mf::Index>, std::size_t> ref;
    mf::Rng rng(7);
    // Pairs from a small square, so many are drawn twice and probe sequences
    // overlap; the table grows from 16 slots to tens of thousands.
    for (std::size_t n = 0; n < 20000; ++n) {
      const mf::Index u = mf::Index(rng.below(300)), i = mf::Index(rng.below(300));
      const std::int64_t found = t.find(u, i);
      const auto it = ref.find({u, i});
      REQUIRE(found == (it == ref.end() ? -1 : std::int64_t(it->second)));
      if (it == ref.end()) {
        t.insert(u, i, n);
        ref[{u, i}] = n;
      }
    }
    CHECK(t.size() == ref.size());
    for (const auto& [key, value] : ref) REQUIRE(t.find(key.first, key.second) == std::int64_t(value));
    for (mf::Index u = 300; u < 310; ++u) CHECK(t.find(u, 0) == -1);
  }
}
