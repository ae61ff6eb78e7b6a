// The ratings reader (mf::RatingsReader, dataset.hpp): a text read in pieces
// cut anywhere gives what parse_ratings gives for it whole (the same data set
// and report, or the same error), and the memory check refuses a text before
// reading a line of it.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "mf/dataset.hpp"
#include "mf/error.hpp"
#include "test_util.hpp"

using mft::catch_error;
using mft::contains;

namespace {

// What loading gave: the data set and report as text, or the error.
std::string outcome(const std::function<mf::Dataset(mf::LoadReport*)>& load) {
  std::ostringstream os;
  try {
    mf::LoadReport r;
    const mf::Dataset d = load(&r);
    os << "format " << mf::to_string(r.format) << " lines " << r.lines << " accepted " << r.accepted << " replaced "
       << r.replaced << " skipped " << r.skipped << "\n";
    for (const auto& b : r.bad_lines) os << "bad " << b.line << " " << b.message << "\n";
    for (std::size_t k = 0; k < d.ratings.size(); ++k)
      os << d.users.raw(d.ratings.user[k]) << "," << d.items.raw(d.ratings.item[k]) << "," << d.ratings.value[k] << "\n";
    os << "users " << d.n_users() << " items " << d.n_items() << "\n";
  } catch (const mf::Error& e) {
    os << "error " << mf::to_string(e.kind()) << ": " << e.what();
  }
  return os.str();
}

std::string whole(const std::string& text, const mf::LoadOptions& o) {
  return outcome([&](mf::LoadReport* r) { return mf::parse_ratings(text, o, r); });
}

// The text fed in pieces that end at `cuts` (ascending offsets), the reader
// told the size and line count as a file reader would be (or not).
std::string pieces(const std::string& text, const std::vector<std::size_t>& cuts, const mf::LoadOptions& o,
                   bool sized) {
  return outcome([&](mf::LoadReport* r) {
    const std::size_t lines = std::size_t(std::count(text.begin(), text.end(), '\n')) + 1;
    mf::RatingsReader reader(o, sized ? text.size() : 0, sized ? lines : 0);
    std::size_t at = 0;
    for (std::size_t cut : cuts) {
      reader.feed(std::string_view(text).substr(at, cut - at));
      at = cut;
    }
    reader.feed(std::string_view(text).substr(at));
    return reader.finish(r);
  });
}

void same_in_pieces(const std::string& text, const mf::LoadOptions& o) {
  INFO("text (" << text.size() << " bytes): " << text.substr(0, 200));
  const std::string expected = whole(text, o);
  // Every piece size up to 7, and 64 bytes.
  for (std::size_t size : {1, 2, 3, 4, 5, 7, 64}) {
    std::vector<std::size_t> cuts;
    for (std::size_t c = size; c < text.size(); c += size) cuts.push_back(c);
    INFO("pieces of " << size << " bytes");
    CHECK(pieces(text, cuts, o, size % 2 == 1) == expected);
  }
  // Every cut in two, for short texts.
  if (text.size() <= 300)
    for (std::size_t c = 0; c <= text.size(); ++c) {
      INFO("cut at " << c);
      CHECK(pieces(text, {c}, o, true) == expected);
    }
}

mf::LoadOptions named(const std::string& source) {
  mf::LoadOptions o;
  o.source = source;
  return o;
}

}  // namespace

TEST_CASE("RatingsReader: a text in pieces gives what parse_ratings gives for it whole", "[reader]") {
  const std::vector<std::string> texts = {
      "", "\n", "1", "\xEF", "\xEF\xBB", "\xEF\xBB\xBF", "\xEF\xBB\xBF\n", "\xEF\xBB\xBF" "1,2,3\n", "\xEF\xBB" "1,2,3\n",
      "1,2,3", "1,2,3\n", "1,2,3\r\n1,3,4\r\n", "1,2,3\r\n1,3,4\r", "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n",
      "\xEF\xBB\xBFuserId,movieId,rating\r\n\r\n1,2,3\n  \n2,2,4", "1\t2\t3\t4\n5\t6\t2\t1\n", "1::2::3::4\n1::3::5::4\n",
      "1,2,3\n1,2,4\n", "1,2,3\n1,x,4\n", "1,2,3\n1,2\0,4\n", std::string("1,2,3\n1,\0" "2,4\n", 13), "1,2,3\r1,3,4\n",
      "1,2,3\n2,3,abc\n", "1,2,99\n", "a,b\n", "header,only\n", "1,2,3,notatime\n", "1;2;3\n",
  };
  for (const std::string& text : texts) same_in_pieces(text, named("r.csv"));

  mf::LoadOptions skip = named("skip.csv");
  skip.skip_bad_lines = true;
  same_in_pieces("userId,movieId,rating\n1,1,4\n1,x,4\n2,1,3\n2,2,99\n3,3,1\n", skip);
  mf::LoadOptions last = named("last.csv");
  last.duplicates = mf::DuplicatePolicy::KeepLast;
  same_in_pieces("1,10,3\n2,11,4\n1,10,1.0\n", last);
  mf::LoadOptions implicit = named("plays.csv");
  implicit.implicit = true;
  same_in_pieces("1,2\n1,3,400\n2,2,0\n", implicit);
}

TEST_CASE("RatingsReader: every ratings file of the hostile-input corpus, in pieces", "[reader]") {
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(mft::source_path("tests/corpus"))) {
    const std::string name = entry.path().filename().string();
    const std::string ext = entry.path().extension().string();
    if (name.rfind("movies_", 0) == 0 || !(ext == ".csv" || ext == ".dat" || ext == ".data" || ext == ".bin")) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream os;
    os << in.rdbuf();
    same_in_pieces(os.str(), named(name));
    ++files;
  }
  CHECK(files > 40);
}

TEST_CASE("RatingsReader takes no more text after an error or finish", "[reader]") {
  mf::RatingsReader bad(named("bad.csv"));
  CHECK(catch_error([&] { bad.feed("1,2,3\nx,2,3\n"); }).kind() == mf::ErrorKind::Parse);
  auto e = catch_error([&] { bad.feed("1,3,3\n"); });
  CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
  CHECK(contains(e.what(), "bad.csv"));
  mf::RatingsReader done(named("done.csv"));
  done.feed("1,2,3\n");
  CHECK(done.finish().ratings.size() == 1);
  CHECK(catch_error([&] { done.feed("1,3,3\n"); }).kind() == mf::ErrorKind::InvalidArgument);
}

TEST_CASE("load_memory_bytes: the reserved tables of loading, per expected rating", "[reader]") {
  // 10 lines of 100 bytes: 10 ratings, a duplicate table of 32 slots.
  const double per_rating = 3 * 4 + sizeof(std::size_t), per_slot = 8 + sizeof(std::size_t);
  CHECK(mf::expected_ratings(1000, 10) == 10);
  CHECK(mf::load_memory_bytes(1000, 10) == 10 * per_rating + 32 * per_slot);
  // A file of blank lines holds no more ratings than one per 8 bytes.
  CHECK(mf::expected_ratings(800, 800) == 101);
  // 10 M ratings: 2^25 slots.
  CHECK(mf::load_memory_bytes(140'000'000, 10'000'001) == 10'000'001 * per_rating + double(1 << 25) * per_slot);
}

TEST_CASE("The memory limit refuses a text before reading a line of it", "[reader]") {
  std::string text = "1,x,4\n";  // a bad first line: not reached
  for (int k = 0; k < 1000; ++k) text += std::to_string(k) + ",1,4\n";
  mf::LoadOptions o = named("big.csv");
  const std::size_t lines = 1002;
  const double need = mf::load_memory_bytes(text.size(), lines);
  o.memory_limit = std::size_t(need) - 1;
  for (auto load : {std::function<void()>([&] { mf::parse_ratings(text, o); }),
                    std::function<void()>([&] { mf::RatingsReader r(o, text.size(), lines); })}) {
    auto e = catch_error(load);
    CHECK(e.kind() == mf::ErrorKind::Resource);
    const std::string m = e.what();
    INFO(m);
    CHECK(contains(m, "big.csv: 1002 lines"));
    CHECK(contains(m, "need about " + std::to_string(std::llround(need / (1 << 20))) + " MiB"));
    CHECK(contains(m, "over the memory limit of "));
  }
  // At the limit it loads (and the bad line is then found).
  o.memory_limit = std::size_t(need);
  CHECK(catch_error([&] { mf::parse_ratings(text, o); }).kind() == mf::ErrorKind::Parse);
  // 512 MiB needed against a 300 MiB limit, named in MiB.
  auto e = catch_error([] { mf::check_load_memory("ml10m.csv", 140'000'000, 10'000'001, 300u << 20); });
  CHECK(contains(e.what(), "ml10m.csv: 10000001 lines (134 MiB) need about "));
  CHECK(contains(e.what(), " MiB of memory to load, over the memory limit of 300 MiB"));
}
