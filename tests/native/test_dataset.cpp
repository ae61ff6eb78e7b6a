// Ratings data (dataset.hpp): id maps, the three MovieLens formats, input
// validation with precise messages, duplicates, bad-line skipping, arrays and
// sparse rows (movies.csv: test_movies.cpp).
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "mf/dataset.hpp"
#include "mf/error.hpp"
#include "mf/io.hpp"
#include "test_util.hpp"

using mft::catch_error;
using mft::contains;

namespace {

std::optional<float> rating_of(const mf::Dataset& d, mf::RawId user, mf::RawId item) {
  std::optional<float> found;
  for (std::size_t k = 0; k < d.ratings.size(); ++k) {
    if (d.users.raw(d.ratings.user[k]) == user && d.items.raw(d.ratings.item[k]) == item) {
      REQUIRE_FALSE(found.has_value());  // a (user, item) pair is stored once
      found = d.ratings.value[k];
    }
  }
  return found;
}

mf::LoadOptions named(const std::string& source, mf::Format format = mf::Format::Auto) {
  mf::LoadOptions o;
  o.source = source;
  o.format = format;
  return o;
}

// Parsing `text` must fail with a Parse error that names the source and the line.
void expect_parse_error(const std::string& text, std::size_t line,
                        const mf::LoadOptions& options) {
  INFO("input: " << text);
  auto e = catch_error([&] { mf::parse_ratings(text, options); });
  CHECK(e.kind() == mf::ErrorKind::Parse);
  std::string msg = e.what();
  INFO("message: " << msg);
  CHECK(contains(msg, options.source));
  CHECK(contains(msg, "line " + std::to_string(line)));
}

void expect_parse_error(const std::string& text, std::size_t line) {
  expect_parse_error(text, line, named("test.csv"));
}

const std::string kHeader = "userId,movieId,rating,timestamp\n";

}  // namespace

TEST_CASE("IdMap maps raw ids to dense indices in order of first appearance and back", "[dataset]") {
  mf::IdMap map;
  CHECK(map.size() == 0);
  CHECK(map.find(42) == -1);
  CHECK(map.insert(42) == 0u);
  CHECK(map.insert(-7) == 1u);
  CHECK(map.insert(42) == 0u);  // already known: same index, nothing added
  CHECK(map.insert(INT64_MAX) == 2u);
  CHECK(map.insert(INT64_MIN) == 3u);
  CHECK(map.size() == 4);
  CHECK(map.find(-7) == 1);
  CHECK(map.find(5) == -1);
  CHECK(map.contains(INT64_MIN));
  CHECK_FALSE(map.contains(0));
  for (mf::Index d = 0; d < map.size(); ++d) CHECK(map.find(map.raw(d)) == std::int64_t(d));
  CHECK(map.raw_ids() == std::vector<mf::RawId>{42, -7, INT64_MAX, INT64_MIN});
}

TEST_CASE("parse_ratings reads MovieLens csv with a header", "[dataset]") {
  mf::LoadReport report;
  auto d = mf::parse_ratings(kHeader + "1,31,2.5,1260759144\n1,1029,3.0,1260759179\n"
                             "2,31,4.0,835355493\n",
                             named("ratings.csv"), &report);
  REQUIRE(d.ratings.size() == 3);
  CHECK(d.n_users() == 2);
  CHECK(d.n_items() == 2);
  CHECK(d.users.raw_ids() == std::vector<mf::RawId>{1, 2});
  CHECK(d.items.raw_ids() == std::vector<mf::RawId>{31, 1029});
  CHECK(rating_of(d, 1, 31) == 2.5f);
  CHECK(rating_of(d, 1, 1029) == 3.0f);
  CHECK(rating_of(d, 2, 31) == 4.0f);
  CHECK(report.format == mf::Format::Csv);
  CHECK(report.lines == 4);
  CHECK(report.accepted == 3);
  CHECK(report.replaced == 0);
  CHECK(report.skipped == 0);
  CHECK(d.scale.min == 0.5f);
  CHECK(d.scale.max == 5.0f);
}

TEST_CASE("parse_ratings reads csv without a header and without timestamps", "[dataset]") {
  auto d = mf::parse_ratings("7,8,4.5,1\n9,8,1\n", named("x.csv"));
  REQUIRE(d.ratings.size() == 2);
  CHECK(rating_of(d, 7, 8) == 4.5f);
  CHECK(rating_of(d, 9, 8) == 1.0f);

  auto d3 = mf::parse_ratings("7,8,4.5\n9,8,1.5\n", named("x.csv", mf::Format::Csv));
  CHECK(d3.ratings.size() == 2);
  CHECK(rating_of(d3, 9, 8) == 1.5f);
}

TEST_CASE("parse_ratings reads the MovieLens 100K tab-separated u.data format", "[dataset]") {
  mf::LoadReport report;
  auto d = mf::parse_ratings("196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n",
                             named("u.data"), &report);
  CHECK(report.format == mf::Format::Tsv);
  REQUIRE(d.ratings.size() == 3);
  CHECK(rating_of(d, 196, 242) == 3.0f);
  CHECK(rating_of(d, 22, 377) == 1.0f);

  mf::LoadReport given;
  auto explicit_tsv = mf::parse_ratings("1\t2\t3\t4\n", named("u.data", mf::Format::Tsv), &given);
  CHECK(rating_of(explicit_tsv, 1, 2) == 3.0f);
  CHECK(given.format == mf::Format::Tsv);  // the format used, when given
}

TEST_CASE("parse_ratings reads the MovieLens 1M double-colon ratings.dat format", "[dataset]") {
  mf::LoadReport report;
  auto d = mf::parse_ratings("1::1193::5::978300760\n1::661::3::978302109\n2::1193::4::978298413\n",
                             named("ratings.dat"), &report);
  CHECK(report.format == mf::Format::DoubleColon);
  REQUIRE(d.ratings.size() == 3);
  CHECK(rating_of(d, 1, 1193) == 5.0f);
  CHECK(rating_of(d, 1, 661) == 3.0f);
  CHECK(rating_of(d, 2, 1193) == 4.0f);
}

TEST_CASE("parse_ratings auto-detects each format from the first data line", "[dataset]") {
  struct Case {
    std::string text;
    mf::Format format;
  };
  std::vector<Case> cases{{kHeader + "1,2,3,4\n", mf::Format::Csv},
                          {"1,2,3\n", mf::Format::Csv},
                          {"1\t2\t3\t4\n", mf::Format::Tsv},
                          {"1::2::3::4\n", mf::Format::DoubleColon}};
  for (const auto& c : cases) {
    INFO(c.text);
    mf::LoadReport report;
    auto d = mf::parse_ratings(c.text, named("auto"), &report);
    CHECK(report.format == c.format);
    REQUIRE(d.ratings.size() == 1);
    CHECK(rating_of(d, 1, 2) == 3.0f);
  }
}

TEST_CASE("parse_ratings holds later lines to the format detected on the first data line", "[dataset]") {
  // The first data line is csv, so a tab-separated line 3 is malformed.
  expect_parse_error("1,2,3\n1,3,4\n2\t3\t4\t5\n", 3);
  // An explicitly requested format that does not match the text is an error on line 1.
  expect_parse_error("1,2,3,4\n", 1, named("u.data", mf::Format::Tsv));
  expect_parse_error("1\t2\t3\t4\n", 1, named("ratings.dat", mf::Format::DoubleColon));
}

TEST_CASE("parse_ratings accepts CRLF line ends, a UTF-8 BOM and blank lines", "[dataset]") {
  SECTION("CRLF") {
    mf::LoadReport report;
    auto d = mf::parse_ratings("userId,movieId,rating,timestamp\r\n1,2,3.5,9\r\n2,2,4,9\r\n",
                               named("crlf.csv"), &report);
    REQUIRE(d.ratings.size() == 2);
    CHECK(rating_of(d, 1, 2) == 3.5f);
    CHECK(rating_of(d, 2, 2) == 4.0f);
    CHECK(report.format == mf::Format::Csv);
    auto tsv = mf::parse_ratings("1\t2\t3\t4\r\n", named("crlf.data"));
    CHECK(rating_of(tsv, 1, 2) == 3.0f);
    // Without a timestamp the rating is the last field, right before the CR.
    auto last = mf::parse_ratings("1,2,3.5\r\n", named("crlf.csv"));
    CHECK(rating_of(last, 1, 2) == 3.5f);
  }
  SECTION("UTF-8 byte order mark before the header or before a data line") {
    auto d = mf::parse_ratings("\xEF\xBB\xBFuserId,movieId,rating,timestamp\n1,2,3,4\n", named("bom.csv"));
    REQUIRE(d.ratings.size() == 1);
    CHECK(rating_of(d, 1, 2) == 3.0f);
    auto d2 = mf::parse_ratings("\xEF\xBB\xBF" "5,6,2.5\n", named("bom.csv"));
    REQUIRE(d2.ratings.size() == 1);
    CHECK(rating_of(d2, 5, 6) == 2.5f);
  }
  SECTION("blank lines are ignored but counted as lines") {
    mf::LoadReport report;
    auto d = mf::parse_ratings("\n1,2,3\n\n\n2,2,4\n\n", named("blank.csv"), &report);
    CHECK(d.ratings.size() == 2);
    CHECK(report.accepted == 2);
    CHECK(report.lines == 6);
    // ...so the line numbers in messages stay those of the file.
    expect_parse_error("1,2,3\n\n1,x,3\n", 3);
  }
  SECTION("a last line without a newline is read") {
    auto d = mf::parse_ratings("1,2,3\n2,2,4", named("nonl.csv"));
    CHECK(d.ratings.size() == 2);
    CHECK(rating_of(d, 2, 2) == 4.0f);
  }
}

TEST_CASE("parse_ratings rejects malformed lines naming the source and the line", "[dataset]") {
  SECTION("too few fields") {
    expect_parse_error(kHeader + "1,2,3\n1,2\n", 3);
    expect_parse_error("1,2,3\n1,3,4\n7\n", 3);
    expect_parse_error("1\t2\t3\t4\n1\t3\t4\t5\n1\t9\n", 3);
    expect_parse_error("1::2::3::4\n1::3::4::5\n1::9\n", 3);
  }
  SECTION("too many fields") {
    expect_parse_error(kHeader + "1,2,3,4\n1,3,4,5,6\n", 3);
    expect_parse_error("1\t2\t3\t4\n1\t3\t4\t5\n1\t4\t3\t4\t9\n", 3);
    expect_parse_error("1::2::3::4\n1::3::4::5\n1::4::3::4::9\n", 3);
  }
  SECTION("empty fields") {
    expect_parse_error("1,2,3\n1,3,4\n,4,3\n", 3);
    expect_parse_error("1,2,3\n1,3,4\n2,,3\n", 3);
    expect_parse_error("1,2,3\n1,3,4\n2,4,\n", 3);
  }
  SECTION("non-numeric user, item or rating") {
    expect_parse_error(kHeader + "1,2,3\nabc,2,3\n", 3);
    expect_parse_error(kHeader + "1,2,3\n1,b,3\n", 3);
    expect_parse_error(kHeader + "1,2,3\n1,3,x\n", 3);
    expect_parse_error(kHeader + "1,2,3\n12abc,3,3\n", 3);   // trailing garbage in an id
    expect_parse_error(kHeader + "1,2,3\n1,3,3.5abc\n", 3);  // trailing garbage in a rating
    expect_parse_error(kHeader + "1,2,3\n1.5,3,3\n", 3);     // ids are integers
    expect_parse_error(kHeader + "1,2,3\n1,0x10,3\n", 3);
  }
  SECTION("non-finite ratings: nan, inf and a value that overflows double") {
    expect_parse_error(kHeader + "1,2,3\n1,3,nan\n", 3);
    expect_parse_error(kHeader + "1,2,3\n1,3,NaN\n", 3);
    expect_parse_error(kHeader + "1,2,3\n1,3,inf\n", 3);
    expect_parse_error(kHeader + "1,2,3\n1,3,-inf\n", 3);
    expect_parse_error(kHeader + "1,2,3\n1,3,1e309\n", 3);
  }
  SECTION("ids beyond 64-bit signed range") {
    expect_parse_error(kHeader + "1,2,3\n9223372036854775808,3,3\n", 3);
    expect_parse_error(kHeader + "1,2,3\n18446744073709551616,3,3\n", 3);
    expect_parse_error(kHeader + "1,2,3\n1,99999999999999999999999,3\n", 3);
    expect_parse_error(kHeader + "1,2,3\n-9223372036854775809,3,3\n", 3);
  }
  SECTION("the source name given by the caller is the one named") {
    expect_parse_error("1,2,3\n1,x,3\n", 2, named("my-own-file.csv"));
  }
}

TEST_CASE("parse_ratings accepts the full 64-bit signed id range", "[dataset]") {
  auto d = mf::parse_ratings("9223372036854775807,-9223372036854775808,3\n-1,0,4\n", named("ids.csv"));
  REQUIRE(d.ratings.size() == 2);
  CHECK(rating_of(d, INT64_MAX, INT64_MIN) == 3.0f);
  CHECK(rating_of(d, -1, 0) == 4.0f);
}

TEST_CASE("parse_ratings checks ratings against the rating scale", "[dataset]") {
  SECTION("default scale [0.5, 5]: bounds accepted, outside rejected") {
    auto d = mf::parse_ratings("1,1,0.5\n1,2,5\n1,3,5.0\n", named("scale.csv"));
    CHECK(d.ratings.size() == 3);
    expect_parse_error("1,1,3\n1,2,5\n1,3,5.5\n", 3);
    expect_parse_error("1,1,3\n1,2,5\n1,3,0\n", 3);
    expect_parse_error("1,1,3\n1,2,5\n1,3,-1\n", 3);
    expect_parse_error("1,1,3\n1,2,5\n1,3,0.49\n", 3);
  }
  SECTION("custom scale [1, 10]") {
    mf::LoadOptions o = named("ten.csv");
    o.scale = {1.0f, 10.0f};
    auto d = mf::parse_ratings("1,1,7\n1,2,10\n1,3,1\n", o);
    CHECK(d.ratings.size() == 3);
    CHECK(rating_of(d, 1, 1) == 7.0f);
    CHECK(d.scale.min == 1.0f);
    CHECK(d.scale.max == 10.0f);
    expect_parse_error("1,1,7\n1,2,10\n1,3,0.5\n", 3, o);
    expect_parse_error("1,1,7\n1,2,10\n1,3,10.5\n", 3, o);
  }
}

TEST_CASE("parse_ratings rejects empty and header-only text", "[dataset]") {
  for (std::string text : {std::string(""), kHeader, std::string("\n\n"), std::string("\r\n")}) {
    INFO("text: '" << text << "'");
    auto e = catch_error([&] { mf::parse_ratings(text, named("nothing.csv")); });
    CHECK(e.kind() == mf::ErrorKind::Parse);
    CHECK(contains(e.what(), "nothing.csv"));
  }
}

TEST_CASE("parse_ratings duplicate policy", "[dataset]") {
  const std::string text = kHeader + "1,10,2.0\n1,10,4.5\n2,10,3.0\n";
  SECTION("Error: a second rating of a pair fails at its line") {
    expect_parse_error(text, 3);
  }
  SECTION("KeepLast: the later rating replaces the earlier and is counted") {
    mf::LoadOptions o = named("dup.csv");
    o.duplicates = mf::DuplicatePolicy::KeepLast;
    mf::LoadReport report;
    auto d = mf::parse_ratings(text + "1,10,1.0\n2,11,5\n", o, &report);
    CHECK(d.ratings.size() == 3);
    CHECK(rating_of(d, 1, 10) == 1.0f);  // the last of 2.0, 4.5, 1.0
    CHECK(rating_of(d, 2, 10) == 3.0f);
    CHECK(rating_of(d, 2, 11) == 5.0f);
    CHECK(report.replaced == 2);
    CHECK(report.accepted == 3);
    CHECK(d.n_users() == 2);
    CHECK(d.n_items() == 2);
  }
}

TEST_CASE("parse_ratings with skip_bad_lines skips and reports bad lines", "[dataset]") {
  mf::LoadOptions o = named("skippy.csv");
  o.skip_bad_lines = true;
  mf::LoadReport report;
  auto d = mf::parse_ratings(kHeader + "1,1,4\n1,x,4\n2,1,3\n2,2,99\n3,3,1\n", o, &report);
  CHECK(d.ratings.size() == 3);
  CHECK(report.accepted == 3);
  CHECK(report.skipped == 2);
  REQUIRE(report.bad_lines.size() == 2);
  CHECK(report.bad_lines[0].line == 3);
  CHECK(report.bad_lines[1].line == 5);
  for (const auto& b : report.bad_lines) {
    CHECK(contains(b.message, "skippy.csv"));
    CHECK(contains(b.message, "line " + std::to_string(b.line)));
  }
  CHECK(rating_of(d, 1, 1) == 4.0f);
  CHECK(rating_of(d, 2, 1) == 3.0f);
  CHECK(rating_of(d, 3, 3) == 1.0f);
  CHECK_FALSE(d.items.contains(2));  // the item of the rejected line is not registered

  SECTION("only the first 100 bad lines are kept, all are counted") {
    std::string text = "1,1,4\n";
    for (int k = 0; k < 150; ++k) text += "bad line\n";
    text += "2,2,3\n";
    mf::LoadReport r;
    auto d2 = mf::parse_ratings(text, o, &r);
    CHECK(d2.ratings.size() == 2);
    CHECK(r.skipped == 150);
    REQUIRE(r.bad_lines.size() == 100);
    CHECK(r.bad_lines.front().line == 2);
    CHECK(r.bad_lines.back().line == 101);
  }
}

TEST_CASE("dataset_from_arrays builds a dataset and checks entries like lines", "[dataset]") {
  std::vector<mf::RawId> users{5, 6, 5};
  std::vector<mf::RawId> items{100, 100, 200};
  std::vector<float> ratings{1.5f, 4.0f, 5.0f};
  auto d = mf::dataset_from_arrays(users.data(), items.data(), ratings.data(), 3);
  CHECK(d.ratings.size() == 3);
  CHECK(d.users.raw_ids() == std::vector<mf::RawId>{5, 6});
  CHECK(d.items.raw_ids() == std::vector<mf::RawId>{100, 200});
  CHECK(rating_of(d, 6, 100) == 4.0f);

  // Entries are named by their array index (0-based, as the caller indexes
  // the arrays): the bad value at index 2 is "entry 2".
  auto check_bad = [](std::vector<float> r, std::vector<mf::RawId> it, mf::LoadOptions o = {}) {
    std::vector<mf::RawId> u{1, 1, 1, 1};
    INFO("ratings " << r[0] << " " << r[1] << " " << r[2] << " " << r[3]);
    auto e = catch_error([&] { mf::dataset_from_arrays(u.data(), it.data(), r.data(), 4, o); });
    CHECK(e.kind() == mf::ErrorKind::Parse);
    INFO(e.what());
    CHECK(contains(e.what(), "entry 2"));
  };
  const std::vector<mf::RawId> distinct{1, 2, 3, 4};
  check_bad({3, 3, std::nanf(""), 3}, distinct);
  check_bad({3, 3, INFINITY, 3}, distinct);
  check_bad({3, 3, -INFINITY, 3}, distinct);
  check_bad({3, 3, 5.5f, 3}, distinct);
  check_bad({3, 3, 0.0f, 3}, distinct);
  check_bad({3, 3, 3, 3}, {1, 2, 1, 4});  // duplicate pair (1, 1) under DuplicatePolicy::Error
  mf::LoadOptions ten;
  ten.scale = {1.0f, 10.0f};
  check_bad({9, 10, 0.5f, 3}, distinct, ten);

  SECTION("KeepLast and skip_bad_lines work for arrays too") {
    std::vector<mf::RawId> u{1, 1, 2, 1};
    std::vector<mf::RawId> it{1, 2, 1, 1};
    std::vector<float> r{2.0f, std::nanf(""), 3.0f, 4.0f};
    mf::LoadOptions o;
    o.skip_bad_lines = true;
    o.duplicates = mf::DuplicatePolicy::KeepLast;
    mf::LoadReport report;
    auto dd = mf::dataset_from_arrays(u.data(), it.data(), r.data(), 4, o, &report);
    CHECK(dd.ratings.size() == 2);
    CHECK(report.skipped == 1);
    CHECK(report.replaced == 1);
    REQUIRE(report.bad_lines.size() == 1);
    CHECK(report.bad_lines[0].line == 1);  // the array index of the NaN
    CHECK(contains(report.bad_lines[0].message, "entry 1"));
    CHECK(rating_of(dd, 1, 1) == 4.0f);
    CHECK(rating_of(dd, 2, 1) == 3.0f);
  }
  SECTION("zero entries is an error") {
    auto e = catch_error([&] { mf::dataset_from_arrays(users.data(), items.data(), ratings.data(), 0); });
    CHECK(e.kind() == mf::ErrorKind::Parse);
  }
}

TEST_CASE("rows_by_user and rows_by_item hold exactly the coordinate list", "[dataset]") {
  auto d = mft::random_dataset(13, 9, 0.4, 17);
  const auto& r = d.ratings;
  auto check = [&](const mf::SparseRows& rows, std::size_t n_rows, bool by_user) {
    REQUIRE(rows.rows() == n_rows);
    REQUIRE(rows.offsets.size() == n_rows + 1);
    CHECK(rows.offsets.front() == 0);
    CHECK(rows.offsets.back() == r.size());
    CHECK(rows.cols.size() == r.size());
    CHECK(rows.values.size() == r.size());
    std::vector<mft::Triple> from_rows;
    for (std::size_t row = 0; row < n_rows; ++row) {
      REQUIRE(rows.offsets[row] <= rows.offsets[row + 1]);
      CHECK(rows.count(row) == rows.offsets[row + 1] - rows.offsets[row]);
      for (std::size_t k = rows.offsets[row]; k < rows.offsets[row + 1]; ++k) {
        mf::Index u = by_user ? mf::Index(row) : rows.cols[k];
        mf::Index i = by_user ? rows.cols[k] : mf::Index(row);
        from_rows.emplace_back(u, i, rows.values[k]);
      }
    }
    std::sort(from_rows.begin(), from_rows.end());
    CHECK(from_rows == mft::sorted_triples(r));
  };
  check(mf::rows_by_user(r, d.n_users()), d.n_users(), true);
  check(mf::rows_by_item(r, d.n_items()), d.n_items(), false);

  SECTION("rows without ratings are empty rows") {
    auto rows = mf::rows_by_user(r, d.n_users() + 3);
    REQUIRE(rows.rows() == d.n_users() + 3);
    CHECK(rows.count(d.n_users()) == 0);
    CHECK(rows.count(d.n_users() + 2) == 0);
  }
}

TEST_CASE("rated_items lists the raw ids a user rated", "[dataset]") {
  auto d = mf::parse_ratings("1,10,3\n2,10,4\n1,30,5\n1,20,1\n", named("r.csv"));
  auto items = mf::rated_items(d, 1);
  std::sort(items.begin(), items.end());
  CHECK(items == std::vector<mf::RawId>{10, 20, 30});
  CHECK(mf::rated_items(d, 2) == std::vector<mf::RawId>{10});
  CHECK(mf::rated_items(d, 999).empty());
}

TEST_CASE("format and duplicate-policy names", "[dataset]") {
  CHECK(mf::parse_format("auto") == mf::Format::Auto);
  CHECK(mf::parse_format("csv") == mf::Format::Csv);
  CHECK(mf::parse_format("tsv") == mf::Format::Tsv);
  CHECK(mf::parse_format("dat") == mf::Format::DoubleColon);
  CHECK(mf::parse_duplicate_policy("error") == mf::DuplicatePolicy::Error);
  CHECK(mf::parse_duplicate_policy("last") == mf::DuplicatePolicy::KeepLast);
  for (auto f : {mf::Format::Auto, mf::Format::Csv, mf::Format::Tsv, mf::Format::DoubleColon}) {
    CHECK(std::string(mf::to_string(f)).size() > 0);
  }
  auto e = catch_error([] { mf::parse_format("xml"); });
  CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
  CHECK(contains(e.what(), "xml"));
  auto e2 = catch_error([] { mf::parse_duplicate_policy("first"); });
  CHECK(e2.kind() == mf::ErrorKind::InvalidArgument);
  CHECK(contains(e2.what(), "first"));
}

TEST_CASE("load_ratings reads fixture files and names the path in errors", "[dataset][files]") {
  mf::LoadReport report;
  auto csv = mf::load_ratings(mft::fixture("ratings_small.csv"), {}, &report);
  CHECK(report.format == mf::Format::Csv);
  CHECK(csv.ratings.size() == 5);
  CHECK(csv.n_users() == 3);
  CHECK(csv.n_items() == 3);
  CHECK(rating_of(csv, 3, 1029) == 0.5f);

  auto tsv = mf::load_ratings(mft::fixture("u_small.data"), {}, &report);
  CHECK(report.format == mf::Format::Tsv);
  CHECK(tsv.ratings.size() == 4);
  CHECK(rating_of(tsv, 196, 377) == 5.0f);

  auto dat = mf::load_ratings(mft::fixture("ratings_small.dat"), {}, &report);
  CHECK(report.format == mf::Format::DoubleColon);
  CHECK(dat.ratings.size() == 3);

  auto e = catch_error([] { mf::load_ratings(mft::fixture("ratings_bad_line4.csv")); });
  CHECK(e.kind() == mf::ErrorKind::Parse);
  CHECK(contains(e.what(), "ratings_bad_line4.csv"));
  CHECK(contains(e.what(), "line 4"));

  auto missing = catch_error([] { mf::load_ratings(mft::fixture("no_such_file.csv")); });
  CHECK(missing.kind() == mf::ErrorKind::Io);
  CHECK(contains(missing.what(), "no_such_file.csv"));
  auto missing2 = catch_error([] { mf::read_file("/nonexistent/dir/file.txt"); });
  CHECK(missing2.kind() == mf::ErrorKind::Io);
  CHECK(contains(missing2.what(), "/nonexistent/dir/file.txt"));
}

TEST_CASE("load_ratings reads the committed MovieLens ml-latest-small ratings", "[dataset][files]") {
  mf::LoadReport report;
  auto d = mf::load_ratings(mft::movielens_small("ratings.csv"), {}, &report);
  CHECK(report.format == mf::Format::Csv);
  CHECK(d.ratings.size() == 100836);
  CHECK(d.n_users() == 610);
  CHECK(d.n_items() == 9724);
  CHECK(report.lines == 100837);
  CHECK(report.accepted == 100836);
  // First and last lines of the file.
  CHECK(d.users.raw(d.ratings.user[0]) == 1);
  CHECK(d.items.raw(d.ratings.item[0]) == 1);
  CHECK(d.ratings.value[0] == 4.0f);
  std::size_t last = d.ratings.size() - 1;
  CHECK(d.users.raw(d.ratings.user[last]) == 610);
  CHECK(d.items.raw(d.ratings.item[last]) == 170875);
  CHECK(d.ratings.value[last] == 3.0f);
}
