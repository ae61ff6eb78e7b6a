// movies.csv (parse_movies, dataset.hpp): the one parser of movie titles,
// its quoting rules, the line handling it shares with the ratings parser, and
// a bad line as an error naming source and line.
#include <map>
#include <string>
#include <vector>

#include "mf/dataset.hpp"
#include "mf/error.hpp"
#include "mf/io.hpp"
#include "test_util.hpp"

using mft::catch_error;
using mft::contains;

namespace {

const std::string kHeader = "movieId,title,genres\n";

// The single movie of a header and one line.
mf::Movie only_movie(const std::string& line) {
  const auto movies = mf::parse_movies(kHeader + line + "\n", "m.csv");
  REQUIRE(movies.size() == 1);
  return movies[0];
}

// Parsing `text` fails with a Parse error naming the source, `line` and `what`.
void expect_error(const std::string& text, std::size_t line, const std::string& what) {
  INFO("input: " << text);
  auto e = catch_error([&] { mf::parse_movies(text, "bad.csv"); });
  INFO("message: " << e.what());
  CHECK(e.kind() == mf::ErrorKind::Parse);
  CHECK(contains(e.what(), "bad.csv line " + std::to_string(line) + ": "));
  CHECK(contains(e.what(), what));
}

}  // namespace

TEST_CASE("parse_movies reads the fixture: quoted titles with commas and doubled quotes", "[movies]") {
  auto movies = mf::parse_movies(mf::read_file(mft::fixture("movies_small.csv")), "movies_small.csv");
  REQUIRE(movies.size() == 3);
  CHECK(movies[0].id == 1);
  CHECK(movies[0].title == "Toy Story (1995)");
  CHECK(movies[0].genres == "Adventure|Animation|Children|Comedy|Fantasy");
  CHECK(movies[1].id == 11);
  CHECK(movies[1].title == "American President, The (1995)");
  CHECK(movies[1].genres == "Comedy|Drama|Romance");
  CHECK(movies[2].id == 7789);
  CHECK(movies[2].title == "11'09\"01 - September 11 (2002)");
  CHECK(movies[2].genres == "Drama");
}

TEST_CASE("parse_movies reads the committed ml-latest-small movies.csv", "[movies][files]") {
  auto all = mf::load_movies(mft::movielens_small("movies.csv"));
  CHECK(all.size() == 9742);
  std::map<mf::RawId, std::string> title;
  for (const auto& m : all) title[m.id] = m.title;
  CHECK(title.size() == all.size());  // every id once
  CHECK(title[1] == "Toy Story (1995)");
  CHECK(title[11] == "American President, The (1995)");
  CHECK(title[7789] == "11'09\"01 - September 11 (2002)");
}

TEST_CASE("parse_movies opens a quote only at the start of a field", "[movies]") {
  SECTION("a quoted field holds commas, and \"\" is one quote") {
    auto m = only_movie("5,\"A, B \"\"C\"\", D\",Drama|Comedy");
    CHECK(m.id == 5);
    CHECK(m.title == "A, B \"C\", D");
    CHECK(m.genres == "Drama|Comedy");
  }
  SECTION("a quote inside an unquoted field is an ordinary character") {
    auto m = only_movie("6,The \"Best\" Movie,Drama");
    CHECK(m.title == "The \"Best\" Movie");
    auto m2 = only_movie("7,12\" Vinyl,Music\"");
    CHECK(m2.title == "12\" Vinyl");
    CHECK(m2.genres == "Music\"");
    // A space before the quote: the quote is not at the start, so the comma splits.
    expect_error(kHeader + "8, \"A, B\",Drama\n", 2, "expected 3 fields (movieId, title, genres) but found 4");
  }
  SECTION("any field may be quoted, and quoted fields may be empty") {
    auto m = only_movie("\"9\",\"\",\"Drama\"");
    CHECK(m.id == 9);
    CHECK(m.title.empty());
    CHECK(m.genres == "Drama");
    auto m2 = only_movie("10,\"\"\"\",x");  // a title that is one quote
    CHECK(m2.title == "\"");
  }
  SECTION("unquoted empty fields and spaces are kept as they are") {
    auto m = only_movie("11, Title with spaces ,");
    CHECK(m.title == " Title with spaces ");
    CHECK(m.genres.empty());
    CHECK(only_movie(" 12 ,x,y").id == 12);  // the id, like ratings ids, ignores spaces
  }
  SECTION("bytes are kept: UTF-8, markup, tabs") {
    auto m = only_movie("13,\"Am\xc3\xa9lie <b>\t</b>\",Romance");
    CHECK(m.title == "Am\xc3\xa9lie <b>\t</b>");
  }
}

TEST_CASE("parse_movies rejects a bad line, naming source and line", "[movies]") {
  struct Bad {
    std::string lines;  // after the header, which is line 1
    std::size_t line;
    std::string what;
  };
  const std::vector<Bad> cases = {
      // A quote that does not close on its line.
      {"1,A,Drama\n2,\"Jumanji (1995),Adventure\n", 3, "unterminated quoted field"},
      {"2,\"Ends with a doubled quote\"\",Drama\n", 2, "unterminated quoted field"},
      // Text after a closing quote.
      {"3,\"A\"B,Drama\n", 2, "field 2 has 'B,Drama' after its closing quote"},
      {"3,\"A\" ,Drama\n", 2, "after its closing quote"},
      // Not three fields.
      {"1,Toy Story (1995)\n", 2, "expected 3 fields (movieId, title, genres) but found 2"},
      {"1,Toy Story, The (1995),Comedy\n", 2, "but found 4"},
      // A movie id that is not an integer.
      {"1,A,Drama\nx2,B,Drama\n", 3, "movie id 'x2' is not an integer"},
      {",A,Drama\n", 2, "movie id is empty"},
      {"99999999999999999999,A,Drama\n", 2, "does not fit in a 64-bit integer"},
      // The first error stops the parse: nothing is skipped.
      {"1,A,Drama\n2,\"B\n3,C,Drama\n", 3, "unterminated"},
  };
  for (const Bad& c : cases) expect_error(kHeader + c.lines, c.line, c.what);
  // A first line that is data with a bad id is no header: "x2" does not
  // start like a number, but "1995" does.
  expect_error("x2,1995,Drama\n", 1, "movie id 'x2' is not an integer");
}

TEST_CASE("parse_movies reads lines like the ratings parser: BOM, CRLF, blank lines, NUL, CR", "[movies]") {
  SECTION("a UTF-8 byte order mark before the header") {
    auto movies = mf::parse_movies("\xEF\xBB\xBFmovieId,title,genres\n1,A,Drama\n", "bom.csv");
    REQUIRE(movies.size() == 1);
    CHECK(movies[0].id == 1);
  }
  SECTION("CRLF line ends, with a quoted last field") {
    auto movies = mf::parse_movies("movieId,title,genres\r\n5,\"A, B\",Drama\r\n6,C,\"Comedy\"\r\n", "crlf.csv");
    REQUIRE(movies.size() == 2);
    CHECK(movies[0].title == "A, B");
    CHECK(movies[0].genres == "Drama");
    CHECK(movies[1].genres == "Comedy");
  }
  SECTION("blank lines are skipped but counted, so messages name the file's line") {
    auto movies = mf::parse_movies("\n" + kHeader + "\n \t\n1,A,Drama\n\n", "blank.csv");
    CHECK(movies.size() == 1);
    expect_error("\n" + kHeader + "\n\n1,A,Drama\n2,\"B,Drama\n", 6, "unterminated");
  }
  SECTION("no header, and a last line without a newline") {
    auto movies = mf::parse_movies("1,A,Drama\n2,B,Comedy", "nohead.csv");
    REQUIRE(movies.size() == 2);
    CHECK(movies[1].genres == "Comedy");
  }
  SECTION("empty text, or a header alone, has no movies") {
    CHECK(mf::parse_movies("", "empty.csv").empty());
    CHECK(mf::parse_movies(kHeader, "header.csv").empty());
  }
  SECTION("a CR inside a line (CR-only line ends) and a NUL byte are errors") {
    expect_error("movieId,title,genres\r1,A,Drama\r", 1, "carriage return inside the line");
    expect_error(kHeader + "1,A" + std::string(1, '\0') + ",Drama\n", 2, "NUL byte");
  }
}

TEST_CASE("load_movies names the path of a missing file and of a bad line", "[movies][files]") {
  auto missing = catch_error([] { mf::load_movies(mft::fixture("no_such_movies.csv")); });
  CHECK(missing.kind() == mf::ErrorKind::Io);
  CHECK(contains(missing.what(), "no_such_movies.csv"));
  auto bad = catch_error([] { mf::load_movies(mft::source_path("tests/corpus/movies_bad_id.csv")); });
  CHECK(bad.kind() == mf::ErrorKind::Parse);
  CHECK(contains(bad.what(), "movies_bad_id.csv line 3: movie id 'x2' is not an integer"));
}
