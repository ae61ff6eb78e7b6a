// What evaluation against outside data needs: implicit files (user,item[,count]),
// a split from a test file that shares the training file's ids (ml-100k's
// u1.base / u1.test), a split from given test positions, and a model scored
// on a data set that numbers its ids another way.
#include <cmath>
#include <vector>

#include "mf/ranking.hpp"
#include "mf/split.hpp"
#include "test_util.hpp"

using mft::contains;

namespace {

mf::LoadOptions implicit_options() {
  mf::LoadOptions o;
  o.implicit = true;
  return o;
}

}  // namespace

TEST_CASE("implicit files: user,item[,count] lines, count 1 when absent, any positive count", "[dataset][implicit]") {
  mf::LoadReport report;
  const mf::Dataset d = mf::load_ratings(mft::fixture("implicit_small.csv"), implicit_options(), &report);
  CHECK(report.format == mf::Format::Csv);
  CHECK(d.ratings.size() == 5);
  CHECK(d.ratings.value == std::vector<float>{3, 1, 1.5f, 12, 1});
  CHECK(d.scale.min == 0.0f);
  CHECK(d.scale.max == mf::kMaxScale);
  // Every format is detected as for ratings; a count above the rating scale is fine.
  CHECK(mf::parse_ratings("1\t2\n1\t3\t400\n", implicit_options()).ratings.value == std::vector<float>{1, 400});
  CHECK(mf::parse_ratings("1::2::7\n", implicit_options()).ratings.value == std::vector<float>{7});
}

TEST_CASE("implicit files: bad counts and field counts name the source, line and value", "[dataset][implicit]") {
  mf::LoadOptions o = implicit_options();
  o.source = "plays.csv";
  const auto message = [&](const char* text) -> std::string {
    return mft::catch_error([&] { mf::parse_ratings(text, o); }).what();
  };
  CHECK(contains(message("1,2,3\n1,3,0\n"), "plays.csv line 2: count 0 must be greater than 0 and at most 1e9"));
  CHECK(contains(message("1,2,-1\n"), "plays.csv line 1: count -1 must be greater than 0"));
  CHECK(contains(message("1,2,2e9\n"), "count 2e+09 must be greater than 0 and at most 1e9"));
  CHECK(contains(message("1,2,x\n"), "plays.csv line 1: count 'x' is not a number"));
  CHECK(contains(message("1,2,nan\n"), "count 'nan' is not a finite number"));
  CHECK(contains(message("1,2,3,4\n"), "plays.csv line 1: expected 2 or 3 csv fields (user, item[, count]) but found 4"));
  CHECK(contains(message("1\n1,2\n"), "cannot tell the format"));
  // Explicit files keep their rules: two fields are a missing rating.
  const auto e = mft::catch_error([] { mf::parse_ratings("1,2\n"); });
  CHECK(contains(e.what(), "expected 3 or 4 csv fields (user, item, rating[, timestamp]) but found 2"));
  // Arrays: the entry names the count.
  const mf::RawId users[] = {1, 2}, items[] = {3, 4};
  const float counts[] = {2, NAN};
  const auto a = mft::catch_error([&] { mf::dataset_from_arrays(users, items, counts, 2, o); });
  CHECK(contains(a.what(), "plays.csv entry 1: count nan is not a finite number"));
  const float zero[] = {2, 0};
  CHECK(contains(mft::catch_error([&] { mf::dataset_from_arrays(users, items, zero, 2, o); }).what(),
                 "entry 1: count 0 must be greater than 0"));
}

TEST_CASE("split_with_test maps a test file into the training file's ids and counts what it leaves out", "[split]") {
  const mf::Dataset train = mf::load_ratings(mft::fixture("u1_small.base"));
  const mf::Dataset test = mf::load_ratings(mft::fixture("u1_small.test"));
  mf::TestSetReport r;
  const mf::Split s = mf::split_with_test(train, test, &r);
  CHECK(r.kept == 3);
  CHECK(r.unseen == 2);        // user 4, item 50
  CHECK(r.unseen_users == 1);
  CHECK(r.unseen_items == 1);
  CHECK(r.in_train == 1);      // user 2 rated item 10 in both files
  CHECK(mft::triples(s.train) == mft::triples(train.ratings));
  REQUIRE(s.test.size() == 3);
  // (1, 30, 4), (2, 20, 5), (3, 10, 3) as dense indices of the training data.
  const auto raw = [&](std::size_t k) {
    return std::vector<double>{double(train.users.raw(s.test.user[k])), double(train.items.raw(s.test.item[k])),
                               double(s.test.value[k])};
  };
  CHECK(raw(0) == std::vector<double>{1, 30, 4});
  CHECK(raw(1) == std::vector<double>{2, 20, 5});
  CHECK(raw(2) == std::vector<double>{3, 10, 3});
  // Nothing left to test on is an error that says why.
  const mf::Dataset foreign = mf::parse_ratings("9,10,4\n1,99,3\n");
  const auto e = mft::catch_error([&] { mf::split_with_test(train, foreign); });
  CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
  CHECK(contains(e.what(), "2 of its 2 ratings have a user or item the training data lacks"));
}

TEST_CASE("split_at puts the given positions in test and checks them", "[split]") {
  const mf::Dataset d = mft::random_dataset(10, 8, 0.5, 3);
  const mf::Split s = mf::split_at(d, {4, 0, 7});
  REQUIRE(s.test.size() == 3);
  CHECK(s.train.size() == d.ratings.size() - 3);
  CHECK(s.test.item[0] == d.ratings.item[0]);  // load order kept
  CHECK(s.test.value[2] == d.ratings.value[7]);
  CHECK(mf::split_at(d, {}).test.size() == 0);
  auto e = mft::catch_error([&] { mf::split_at(d, {1, 1}); });
  CHECK(e.parameter() == "test_indices");
  CHECK(contains(e.what(), "test_indices[1] = 1 is given twice"));
  e = mft::catch_error([&] { mf::split_at(d, {d.ratings.size()}); });
  CHECK(contains(e.what(), "is not a rating's position (the data set has " + std::to_string(d.ratings.size())));
}

TEST_CASE("a model scores another numbering of its ids as its own; unknown items score lowest", "[ranking]") {
  const mf::Dataset d = mft::random_dataset(12, 10, 0.6, 5);
  const mf::Split split = mf::split_random(d, 0.2, 2);
  auto o = mf::default_options(mf::Algorithm::ALS);
  o.factors = 3;
  mf::Trainer t(d, split, o);
  t.step();
  const mf::Model& m = t.model();
  // The same ratings read in reverse order, plus a user and an item the model never saw.
  std::vector<mft::RawRating> rows;
  for (std::size_t k = d.ratings.size(); k-- > 0;)
    rows.push_back({d.users.raw(d.ratings.user[k]), d.items.raw(d.ratings.item[k]), d.ratings.value[k]});
  rows.push_back({999, 777, 3.0f});
  const mf::Dataset other = mft::dataset_from(rows);
  std::vector<float> mine(d.n_items()), theirs(other.n_items());
  for (mf::Index u = 0; u < d.n_users(); ++u) {
    mf::model_scorer(m, 50.0)(u, mine.data());
    const mf::Index ou = mf::Index(other.users.find(d.users.raw(u)));
    mf::model_scorer(m, other, 50.0)(ou, theirs.data());
    for (mf::Index i = 0; i < d.n_items(); ++i) CHECK(theirs[other.items.find(d.items.raw(i))] == mine[i]);
    CHECK(std::isnan(theirs[other.items.find(777)]));
  }
  // The unknown user: the item effects alone (zero vector, zero bias).
  mf::model_scorer(m, other, 0.0)(mf::Index(other.users.find(999)), theirs.data());
  const mf::Index i0 = mf::Index(other.items.find(d.items.raw(0)));
  CHECK(theirs[i0] == m.global_mean + m.item_bias[0]);
  // Rating error by raw id equals the model's own on its own indices.
  mf::Ratings test_other;
  for (std::size_t k = 0; k < split.test.size(); ++k)
    test_other.push_back(mf::Index(other.users.find(d.users.raw(split.test.user[k]))),
                         mf::Index(other.items.find(d.items.raw(split.test.item[k]))), split.test.value[k]);
  test_other.push_back(mf::Index(other.users.find(999)), mf::Index(other.items.find(777)), 3.0f);
  const mf::Metrics own = mf::evaluate(m, split.test), mapped = mf::evaluate_ratings(m, other, test_other);
  CHECK(mapped.count == own.count + 1);
  CHECK(mapped.fallback == own.fallback + 1);
  // Shrinkage is checked.
  CHECK(mft::catch_error([&] { mf::model_scorer(m, -1.0); }).parameter() == "shrinkage");
  CHECK(mft::catch_error([&] { mf::model_scorer(m, other, NAN); }).parameter() == "shrinkage");
  const auto e = mft::catch_error([&] { mf::evaluate_ranking(split, 12, 10, mf::model_scorer(m), {100001, 4, false}); });
  CHECK(contains(e.what(), "k must be between 1 and 100000 (got 100001)"));
}

TEST_CASE("implicit files: a count that rounds to 0 as a float is refused, not stored as 0", "[dataset][implicit]") {
  mf::LoadOptions o;
  o.implicit = true;
  const auto e = mft::catch_error([&] { mf::parse_ratings("1,2,1e-50\n", o); });
  CHECK(contains(e.what(), "ratings line 1: count 1e-50 is too small: it rounds to 0 as a float"));
}
