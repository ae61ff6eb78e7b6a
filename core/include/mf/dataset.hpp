// Ratings data: raw ids, dense indices, loading from MovieLens files and
// arrays, ratings grouped by row, movie titles.
//
// Raw ids are the ids users know (MovieLens userId / movieId, any 64-bit signed
// integer). Inside the engine users and items are dense indices 0..n-1 in order
// of first appearance; IdMap converts both ways. Public functions that take or
// return ids elsewhere in the library use raw ids.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mf {

using RawId = std::int64_t;
using Index = std::uint32_t;

class IdMap {
 public:
  // Dense index of `raw`, adding it at the end if it is new.
  Index insert(RawId raw);
  // Dense index of `raw`, or -1 when unknown.
  std::int64_t find(RawId raw) const;
  bool contains(RawId raw) const { return find(raw) >= 0; }
  RawId raw(Index dense) const { return raw_[dense]; }
  std::size_t size() const { return raw_.size(); }
  const std::vector<RawId>& raw_ids() const { return raw_; }

 private:
  // The slot where `raw` is or would go.
  std::size_t slot_of(RawId raw) const;
  void grow();

  std::vector<RawId> raw_;
  // Open addressing with linear probing, a power of two at most half full:
  // each slot holds a dense index + 1 (0: empty). Loading looks an id up for
  // every rating, and a node-based map was a third of it.
  std::vector<Index> slots_;
};

// The declared rating scale. Loading rejects ratings outside it; predictions are
// clipped to it. Both ends are finite, min < max, and within +-kMaxScale.
constexpr float kMaxScale = 1e9f;
struct RatingScale {
  float min = 0.5f;
  float max = 5.0f;
};

// Ratings as parallel arrays of dense indices and values (coordinate format).
struct Ratings {
  std::vector<Index> user;
  std::vector<Index> item;
  std::vector<float> value;

  std::size_t size() const { return value.size(); }
  void reserve(std::size_t n);
  void push_back(Index u, Index i, float r);
};

struct Dataset {
  IdMap users;
  IdMap items;
  Ratings ratings;
  RatingScale scale;

  std::size_t n_users() const { return users.size(); }
  std::size_t n_items() const { return items.size(); }
};

enum class Format {
  Auto,         // detect from the first data line
  Csv,          // ratings.csv: userId,movieId,rating[,timestamp] with optional header
  Tsv,          // MovieLens 100K u.data: user<TAB>item<TAB>rating<TAB>timestamp
  DoubleColon,  // MovieLens 1M/10M ratings.dat: UserID::MovieID::Rating::Timestamp
};

enum class DuplicatePolicy {
  Error,     // a second rating for the same (user, item) is an error
  KeepLast,  // the later line replaces the earlier rating
};

struct LoadOptions {
  Format format = Format::Auto;
  DuplicatePolicy duplicates = DuplicatePolicy::Error;
  bool skip_bad_lines = false;   // skip malformed lines and report them instead of failing
  RatingScale scale;             // ratings outside [min, max] are errors
  std::string source = "ratings";  // name used in messages (usually the file name)
  // Implicit feedback: a line is user,item[,count] (2 or 3 fields, no
  // timestamp), the count 1 when absent. A count is a finite number > 0 and
  // at most kMaxScale, whatever `scale` says; the data set's scale is then
  // 0 .. kMaxScale (counts are not ratings to clip predictions to).
  bool implicit = false;
  // Refuse, before reading a line, a text whose loading would need more than
  // this many bytes by load_memory_bytes (0: no limit). The WebAssembly build
  // sets it from the room left in the module's memory.
  std::size_t memory_limit = 0;
};

struct BadLine {
  std::size_t line;     // 1-based line number (0-based entry index for dataset_from_arrays)
  std::string message;  // full message, naming source and line
};

struct LoadReport {
  Format format = Format::Auto;  // the format used (detected or given)
  std::size_t lines = 0;         // lines read, header and blank lines included
  std::size_t accepted = 0;      // ratings kept
  std::size_t replaced = 0;      // duplicates replaced under KeepLast
  std::size_t skipped = 0;       // bad lines skipped under skip_bad_lines
  std::vector<BadLine> bad_lines;  // the first 100 of the skipped lines
};

const char* to_string(Format f);
Format parse_format(std::string_view name);  // "auto", "csv", "tsv", "dat"
DuplicatePolicy parse_duplicate_policy(std::string_view name);  // "error", "last"

// Parse ratings text. Throws mf::Error(Parse) naming source and line.
// Text files (ratings and movies) are read as lines the same way: a UTF-8
// byte order mark at the start is skipped, a line ends at LF (the CR of a
// CRLF is dropped), blank lines are skipped but counted (line numbers are the
// file's), and a NUL byte or a CR inside a line makes the line bad. The first
// non-blank line is a header, and skipped, when it names its columns: its
// first field is not empty and no field starts like a number. Under
// LoadOptions::implicit a line is user,item[,count].
Dataset parse_ratings(std::string_view text, const LoadOptions& options = {},
                      LoadReport* report = nullptr);
// Ratings text read piece by piece (a large file read in chunks), with the
// rules and messages of parse_ratings, which is this reader given the whole
// text: the pieces may be cut anywhere, even inside a line or a character.
// `bytes` and `lines` are the text's size and its LF count + 1, or 0 when
// unknown: with them the reader reserves its tables once, and checks
// options.memory_limit before anything is read (check_load_memory).
class RatingsReader {
 public:
  explicit RatingsReader(const LoadOptions& options = {}, std::size_t bytes = 0, std::size_t lines = 0);
  ~RatingsReader();
  RatingsReader(const RatingsReader&) = delete;
  RatingsReader& operator=(const RatingsReader&) = delete;
  // Reads the lines this piece completes. Throws mf::Error(Parse) naming the
  // source and line, as parse_ratings does; after an error, or finish(), the
  // reader takes no more pieces (InvalidArgument).
  void feed(std::string_view piece);
  // The last line, and the data set. Throws Parse when there is no rating.
  Dataset finish(LoadReport* report = nullptr);
  std::size_t lines() const;            // lines read so far, blank ones included
  const LoadReport& report() const;     // so far
 private:
  struct State;
  State* s_;
};

// The most ratings a text of `bytes` bytes and `lines` lines can hold (the
// room loading reserves): its lines, but no more than one per 8 bytes.
std::size_t expected_ratings(std::size_t bytes, std::size_t lines);

// Bytes that loading a ratings text of `bytes` bytes and `lines` lines
// needs at its peak, besides the text itself: for each of expected_ratings
// its user, item and value and the line it came from, and the duplicate
// check's table (a power of two of at least twice as many slots, each a pair
// and a position). The id maps are not counted (unknown before reading; for
// MovieLens-shaped data about 1 % of the rest). Computed in double.
double load_memory_bytes(std::size_t bytes, std::size_t lines);

// Throws mf::Error(Resource) naming `source`, the text's lines and size, the
// memory its loading needs and `limit`, when load_memory_bytes is over
// `limit` (0: no limit).
void check_load_memory(const std::string& source, std::size_t bytes, std::size_t lines, std::size_t limit);

// Read and parse a ratings file; options.source defaults to the path.
Dataset load_ratings(const std::string& path, LoadOptions options = {},
                     LoadReport* report = nullptr);
// Build a dataset from parallel arrays of raw user ids, raw item ids and ratings.
// Entries are checked like file lines; messages name the 0-based array index
// ("entry 3: ...").
Dataset dataset_from_arrays(const RawId* users, const RawId* items, const float* ratings,
                            std::size_t n, const LoadOptions& options = {},
                            LoadReport* report = nullptr);

// Ratings grouped by row (compressed sparse rows): row r owns
// cols[offsets[r] .. offsets[r+1]) and the matching values. Built by user
// (rows = users, cols = items) or by item (rows = items, cols = users).
struct SparseRows {
  std::vector<std::size_t> offsets;
  std::vector<Index> cols;
  std::vector<float> values;

  std::size_t rows() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  std::size_t count(std::size_t row) const { return offsets[row + 1] - offsets[row]; }
};

SparseRows rows_by_user(const Ratings& r, std::size_t n_users);
SparseRows rows_by_item(const Ratings& r, std::size_t n_items);

// Raw ids of the items `raw_user` rated in `data` (empty if the user is unknown).
std::vector<RawId> rated_items(const Dataset& data, RawId raw_user);

// Movie titles and genres from movies.csv (movieId,title,genres), as
// MovieLens writes it. Lines and the header as for ratings (parse_ratings).
// Fields are separated by commas. A field that starts with a double quote is
// quoted: it runs to the next lone quote and may hold commas, "" inside it
// stands for one quote, and its closing quote must be followed by a comma or
// the end of the line. A quote anywhere else is an ordinary character, and a
// quoted field cannot span lines. Every line must have exactly three fields
// and an integer movieId; titles and genres are kept byte for byte. A bad
// line is an mf::Error(Parse) naming source and line.
struct Movie {
  RawId id;
  std::string title;
  std::string genres;
};
std::vector<Movie> parse_movies(std::string_view text, const std::string& source = "movies");
// Reads and parses a movies file; messages name the path.
std::vector<Movie> load_movies(const std::string& path);

}  // namespace mf
