#include "mf/dataset.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "mf/error.hpp"
#include "text.hpp"

namespace mf {

Index IdMap::insert(RawId raw) {
  auto it = dense_.find(raw);
  if (it != dense_.end()) return it->second;
  const Index dense = static_cast<Index>(raw_.size());
  raw_.push_back(raw);
  dense_.emplace(raw, dense);
  return dense;
}

std::int64_t IdMap::find(RawId raw) const {
  auto it = dense_.find(raw);
  return it == dense_.end() ? -1 : static_cast<std::int64_t>(it->second);
}

void Ratings::reserve(std::size_t n) {
  user.reserve(n);
  item.reserve(n);
  value.reserve(n);
}

void Ratings::push_back(Index u, Index i, float r) {
  user.push_back(u);
  item.push_back(i);
  value.push_back(r);
}

const char* to_string(Format f) {
  switch (f) {
    case Format::Auto: return "auto";
    case Format::Csv: return "csv";
    case Format::Tsv: return "tsv";
    case Format::DoubleColon: return "dat";
  }
  return "?";
}

Format parse_format(std::string_view name) {
  if (name == "auto") return Format::Auto;
  if (name == "csv") return Format::Csv;
  if (name == "tsv") return Format::Tsv;
  if (name == "dat") return Format::DoubleColon;
  fail(ErrorKind::InvalidArgument, param("format") << " must be one of auto, csv, tsv, dat (got '" << name << "')");
}

DuplicatePolicy parse_duplicate_policy(std::string_view name) {
  if (name == "error") return DuplicatePolicy::Error;
  if (name == "last") return DuplicatePolicy::KeepLast;
  fail(ErrorKind::InvalidArgument, param("duplicates") << " must be 'error' or 'last' (got '" << name << "')");
}

namespace {

// Quote a user-supplied value for a message, shortened so a 1 MB line does not
// become a 1 MB message.
// Length of the valid UTF-8 sequence at the start of s (0 if it is not one).
std::size_t utf8_length(std::string_view s) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const auto cont = [&](std::size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
  const unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if ((c == 0xE0 && b(1) < 0xA0) || (c == 0xED && b(1) > 0x9F)) return 0;  // overlong, surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if ((c == 0xF0 && b(1) < 0x90) || (c == 0xF4 && b(1) > 0x8F)) return 0;  // overlong, > U+10FFFF
    return 4;
  }
  return 0;
}

// Quote a user-supplied value for a message, shortened so a 1 MB line does not
// become a 1 MB message. Control characters and bytes that are not UTF-8 are
// written as \xNN, and the cut never splits a character, so the message is
// valid UTF-8 whatever the input (JS shows it as is).
std::string quoted(std::string_view s) {
  constexpr std::size_t kMax = 40;  // input bytes shown
  std::string out = "'";
  std::size_t k = 0;
  while (k < s.size()) {
    const std::size_t n = utf8_length(s.substr(k));
    if (k + std::max<std::size_t>(n, 1) > kMax) break;
    const unsigned char uc = static_cast<unsigned char>(s[k]);
    if (n == 0 || uc < 0x20 || uc == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", uc);
      out += buf;
      ++k;
    } else {
      out.append(s.data() + k, n);
      k += n;
    }
  }
  if (k < s.size()) out += "...";
  return out + "'";
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits `line` at the format's separator into `out` (reused from line to
// line: a fresh vector per line was a tenth of the parse).
void split_fields(std::string_view line, Format f, std::vector<std::string_view>& out) {
  out.clear();
  const std::string_view sep = f == Format::Csv ? "," : f == Format::Tsv ? "\t" : "::";
  std::size_t start = 0;
  for (;;) {
    std::size_t pos = sep.size() == 1 ? line.find(sep[0], start) : line.find(sep, start);
    if (pos == std::string_view::npos) {
      out.push_back(line.substr(start));
      return;
    }
    out.push_back(line.substr(start, pos - start));
    start = pos + sep.size();
  }
}

// Problems are reported as strings first so that skip_bad_lines can collect them.
struct Problem {
  std::string what;
};

// Whether `s` is a whole 64-bit integer (the timestamps, which are only checked).
bool is_integer(std::string_view s) {
  std::int64_t v = 0;
  if (short_integer(s.data(), s.data() + s.size(), v)) return true;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && res.ec == std::errc() && res.ptr == s.data() + s.size();
}

RawId parse_id(std::string_view field, const char* name) {
  std::string_view f = trim(field);
  if (f.empty()) throw Problem{std::string(name) + " id is empty"};
  RawId v = 0;
  const char* begin = f.data();
  const char* end = f.data() + f.size();
  // One '+' before the digits is allowed ("+5"); "+-5" is not an integer.
  if (*begin == '+' && f.size() > 1 && f[1] >= '0' && f[1] <= '9') ++begin;
  if (short_integer(begin, end, v)) return v;
  auto res = std::from_chars(begin, end, v);
  if (res.ec == std::errc::result_out_of_range)
    throw Problem{std::string(name) + " id " + quoted(f) + " does not fit in a 64-bit integer"};
  if (res.ec != std::errc() || res.ptr != end)
    throw Problem{std::string(name) + " id " + quoted(f) + " is not an integer"};
  return v;
}

double parse_number(std::string_view field, const char* name) {
  std::string_view f = trim(field);
  if (f.empty()) throw Problem{std::string(name) + " is empty"};
  if (f.size() > 64)
    throw Problem{std::string(name) + " " + quoted(f) + " is too long to be a number (" +
                  std::to_string(f.size()) + " characters)"};
  // strtod would also read hexadecimal ("0x4") and skip leading newlines or
  // form feeds: neither is a rating in a text file.
  const unsigned char first = static_cast<unsigned char>(f[0]);
  if (f.find_first_of("xX") != std::string_view::npos || (first < 0x20 || first == 0x7f))
    throw Problem{std::string(name) + " " + quoted(f) + " is not a number"};
  double fast;
  if (short_decimal(f, fast)) return fast;
  char buf[80];
  std::memcpy(buf, f.data(), f.size());
  buf[f.size()] = '\0';
  char* end = nullptr;
  const double v = std::strtod(buf, &end);
  if (end != buf + f.size() || end == buf)
    throw Problem{std::string(name) + " " + quoted(f) + " is not a number"};
  if (!std::isfinite(v)) throw Problem{std::string(name) + " " + quoted(f) + " is not a finite number"};
  return v;
}

// A rating that is exactly a float (every rating of dataset_from_arrays, and
// 7 or 5.5 from a file) is shown as the float: 5.0000005f, not 5.0000004768371582.
std::string number_text(double v) {
  if (std::fabs(v) <= 3.4e38 && double(static_cast<float>(v)) == v) return shortest_text(static_cast<float>(v));
  return shortest_text(v);
}
std::string number_text(float v) { return shortest_text(v); }

void check_scale(const RatingScale& s) {
  // Bounded so that ratings, their mean and the factors fitted to them stay
  // far inside float range: a model trained on them can always be saved and
  // loaded (load_model refuses values beyond 1e17).
  if (!std::isfinite(s.min) || !std::isfinite(s.max) || !(s.min < s.max) || std::fabs(s.min) > kMaxScale ||
      std::fabs(s.max) > kMaxScale)
    fail(ErrorKind::InvalidArgument, param("scale") << " must have finite min < max, both within -1e9 .. 1e9 (got "
                                                    << number_text(s.min) << " .. " << number_text(s.max) << ")");
}

// Adds ratings to a dataset while enforcing the duplicate policy and the scale.
class Builder {
 public:
  Builder(const LoadOptions& options, LoadReport& report) : options_(options), report_(report) {
    check_scale(options.scale);
    data_.scale = options.scale;
  }

  // Room for about n ratings, so that loading a file reallocates nothing.
  void reserve(std::size_t n) {
    data_.ratings.reserve(n);
    position_of_.reserve(n);
    seen_.reserve(n);
  }

  void add(RawId user, RawId item, double rating) {
    if (!(rating >= options_.scale.min && rating <= options_.scale.max))
      throw Problem{"rating " + number_text(rating) + " is outside the scale " +
                    number_text(options_.scale.min) + " .. " + number_text(options_.scale.max)};
    // Check for a duplicate before creating ids so a rejected line leaves no trace.
    const std::int64_t u0 = data_.users.find(user), i0 = data_.items.find(item);
    if (u0 >= 0 && i0 >= 0) {
      const std::int64_t earlier = seen_.find(key(Index(u0), Index(i0)));
      if (earlier >= 0) {
        if (options_.duplicates == DuplicatePolicy::Error)
          throw Problem{"duplicate rating for user " + std::to_string(user) + " and item " +
                        std::to_string(item) + " (first at " + where_ + " " +
                        std::to_string(position_of_[std::size_t(earlier)]) +
                        "; use duplicates=last to keep the later one)"};
        data_.ratings.value[std::size_t(earlier)] = static_cast<float>(rating);
        ++report_.replaced;
        return;
      }
    }
    const Index u = data_.users.insert(user);
    const Index i = data_.items.insert(item);
    seen_.insert(key(u, i), data_.ratings.size());
    position_of_.push_back(position_);
    data_.ratings.push_back(u, i, static_cast<float>(rating));
    ++report_.accepted;
  }

  void at(const char* where, std::size_t position) {
    where_ = where;
    position_ = position;
  }

  Dataset finish() { return std::move(data_); }

 private:
  static std::uint64_t key(Index u, Index i) { return (std::uint64_t(u) << 32) | i; }

  // (user, item) -> index of its rating: open addressing with linear probing
  // in a power-of-two table at most half full. A node-based map allocated and
  // freed one node per rating, a third of the parse.
  class PairTable {
   public:
    void reserve(std::size_t n) {
      std::size_t cap = 16;
      while (cap < 2 * n) cap *= 2;
      if (cap > keys_.size()) rehash(cap);
    }
    std::int64_t find(std::uint64_t k) const {
      if (keys_.empty()) return -1;
      for (std::size_t s = slot(k);; s = (s + 1) & (keys_.size() - 1)) {
        if (keys_[s] == kEmpty) return -1;
        if (keys_[s] == k) return std::int64_t(values_[s]);
      }
    }
    void insert(std::uint64_t k, std::size_t value) {  // k is not in the table
      if (2 * (size_ + 1) > keys_.size()) rehash(std::max<std::size_t>(16, 2 * keys_.size()));
      std::size_t s = slot(k);
      while (keys_[s] != kEmpty) s = (s + 1) & (keys_.size() - 1);
      keys_[s] = k;
      values_[s] = value;
      ++size_;
    }

   private:
    // Dense indices are below 2^31, so no key has all bits set.
    static constexpr std::uint64_t kEmpty = ~std::uint64_t(0);
    std::size_t slot(std::uint64_t k) const {
      k ^= k >> 31;
      k *= 0x9E3779B97F4A7C15ull;  // Fibonacci hashing: the top bits are well mixed
      return std::size_t(k >> 32) & (keys_.size() - 1);
    }
    void rehash(std::size_t cap) {
      std::vector<std::uint64_t> keys(cap, kEmpty);
      std::vector<std::size_t> values(cap);
      keys.swap(keys_);
      values.swap(values_);
      size_ = 0;
      for (std::size_t s = 0; s < keys.size(); ++s)
        if (keys[s] != kEmpty) insert(keys[s], values[s]);
    }
    std::vector<std::uint64_t> keys_;
    std::vector<std::size_t> values_;
    std::size_t size_ = 0;
  };

  const LoadOptions& options_;
  LoadReport& report_;
  Dataset data_;
  PairTable seen_;
  std::vector<std::size_t> position_of_;  // the line (or entry) of each rating, for messages
  const char* where_ = "line";
  std::size_t position_ = 0;
};

void record_bad(LoadReport& report, std::string message, std::size_t position) {
  ++report.skipped;
  if (report.bad_lines.size() < 100) report.bad_lines.push_back({position, std::move(message)});
}

Format detect_format(std::string_view line) {
  if (line.find("::") != std::string_view::npos) return Format::DoubleColon;
  if (line.find('\t') != std::string_view::npos) return Format::Tsv;
  if (line.find(',') != std::string_view::npos) return Format::Csv;
  return Format::Auto;
}

bool starts_like_number(std::string_view f) {
  f = trim(f);
  if (f.empty()) return false;
  char c = f[0];
  return c == '-' || c == '+' || c == '.' || (c >= '0' && c <= '9');
}

// A header names its columns: the first field is not a number, and neither is
// any other. "abc,1,4.0" is a data line with a bad user id (an error naming
// line 1), not a header to skip silently.
bool looks_like_header(const std::vector<std::string_view>& fields) {
  std::string_view f = trim(fields[0]);
  if (f.empty()) return false;
  for (std::string_view field : fields)
    if (starts_like_number(field)) return false;
  return true;
}

}  // namespace

Dataset parse_ratings(std::string_view text, const LoadOptions& options, LoadReport* report_out) {
  LoadReport local;
  LoadReport& report = report_out ? *report_out : local;
  report = LoadReport{};
  Builder builder(options, report);
  const std::string& src = options.source;

  if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) text.remove_prefix(3);

  // One rating per line, roughly: reserve for all of them up front, but never
  // more than a line of 8 bytes per rating could hold (a file of blank lines
  // must not reserve gigabytes) nor past 4 M (beyond that the tables grow).
  const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  builder.reserve(std::min({lines, text.size() / 8 + 1, std::size_t(1) << 22}));
  std::vector<std::string_view> fields;
  // Most files have neither: then no line needs to be searched for them.
  const bool has_nul = text.find('\0') != std::string_view::npos;
  const bool has_cr = text.find('\r') != std::string_view::npos;
  Format format = options.format;
  bool first_data_line = true;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    ++report.lines;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    builder.at("line", line_no);
    try {
      if (has_nul && line.find('\0') != std::string_view::npos)
        throw Problem{"contains a NUL byte (is this a binary file?)"};
      if (has_cr && line.find('\r') != std::string_view::npos)
        throw Problem{"contains a carriage return inside the line (lines must end with LF or CRLF; "
                      "CR alone, as in old Mac files, is not a line end)"};
      if (format == Format::Auto) {
        format = detect_format(line);
        if (format == Format::Auto)
          fail(ErrorKind::Parse, src + " line " + std::to_string(line_no) +
                                     ": cannot tell the format: no ',', tab or '::' separator in " +
                                     quoted(line));
      }
      split_fields(line, format, fields);
      if (first_data_line) {
        first_data_line = false;
        if (looks_like_header(fields)) continue;
      }
      if (fields.size() < 3 || fields.size() > 4)
        throw Problem{"expected 3 or 4 " + std::string(to_string(format)) +
                      " fields (user, item, rating[, timestamp]) but found " +
                      std::to_string(fields.size())};
      const RawId user = parse_id(fields[0], "user");
      const RawId item = parse_id(fields[1], "item");
      const double rating = parse_number(fields[2], "rating");
      if (fields.size() == 4) {
        std::string_view ts = trim(fields[3]);
        if (!is_integer(ts)) throw Problem{"timestamp " + quoted(ts) + " is not an integer"};
      }
      builder.add(user, item, rating);
    } catch (const Problem& p) {
      std::string message = src + " line " + std::to_string(line_no) + ": " + p.what;
      if (!options.skip_bad_lines) fail(ErrorKind::Parse, message);
      record_bad(report, std::move(message), line_no);
    }
  }
  report.format = format;
  if (report.accepted == 0) {
    std::string why = report.skipped > 0 ? "every line was bad (" + std::to_string(report.skipped) + " skipped)"
                      : line_no == 0    ? "it is empty"
                                        : "it has no rating lines";
    fail(ErrorKind::Parse, src + ": no ratings found: " + why);
  }
  return builder.finish();
}

Dataset load_ratings(const std::string& path, LoadOptions options, LoadReport* report) {
  if (options.source == LoadOptions{}.source) options.source = path;
  const std::string text = read_file(path);
  return parse_ratings(text, options, report);
}

Dataset dataset_from_arrays(const RawId* users, const RawId* items, const float* ratings,
                            std::size_t n, const LoadOptions& options, LoadReport* report_out) {
  LoadReport local;
  LoadReport& report = report_out ? *report_out : local;
  report = LoadReport{};
  Builder builder(options, report);
  builder.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    builder.at("entry", k);
    report.lines = k + 1;
    try {
      if (!std::isfinite(ratings[k]))
        throw Problem{"rating " + number_text(ratings[k]) + " is not a finite number"};
      builder.add(users[k], items[k], ratings[k]);
    } catch (const Problem& p) {
      std::string message = options.source + " entry " + std::to_string(k) + ": " + p.what;
      if (!options.skip_bad_lines) fail(ErrorKind::Parse, message);
      record_bad(report, std::move(message), k);
    }
  }
  if (report.accepted == 0)
    fail(ErrorKind::Parse, options.source + ": no ratings found: " +
                               (n == 0 ? std::string("the arrays are empty") : "every entry was bad"));
  return builder.finish();
}

namespace {

SparseRows group_rows(const std::vector<Index>& row, const std::vector<Index>& col,
                      const std::vector<float>& value, std::size_t n_rows) {
  SparseRows s;
  s.offsets.assign(n_rows + 1, 0);
  for (Index r : row) ++s.offsets[r + 1];
  for (std::size_t r = 0; r < n_rows; ++r) s.offsets[r + 1] += s.offsets[r];
  s.cols.resize(row.size());
  s.values.resize(row.size());
  std::vector<std::size_t> next(s.offsets.begin(), s.offsets.end() - 1);
  for (std::size_t k = 0; k < row.size(); ++k) {
    const std::size_t at = next[row[k]]++;
    s.cols[at] = col[k];
    s.values[at] = value[k];
  }
  return s;
}

}  // namespace

SparseRows rows_by_user(const Ratings& r, std::size_t n_users) {
  return group_rows(r.user, r.item, r.value, n_users);
}

SparseRows rows_by_item(const Ratings& r, std::size_t n_items) {
  return group_rows(r.item, r.user, r.value, n_items);
}

std::vector<RawId> rated_items(const Dataset& data, RawId raw_user) {
  std::vector<RawId> out;
  const std::int64_t u = data.users.find(raw_user);
  if (u < 0) return out;
  for (std::size_t k = 0; k < data.ratings.size(); ++k)
    if (data.ratings.user[k] == Index(u)) out.push_back(data.items.raw(data.ratings.item[k]));
  return out;
}

namespace {

// Splits one CSV record with RFC 4180 quoting ("a, b" and "" for a quote).
bool split_csv_quoted(std::string_view line, std::vector<std::string>& out) {
  out.clear();
  std::string field;
  bool in_quotes = false;
  for (std::size_t k = 0; k < line.size(); ++k) {
    char c = line[k];
    if (in_quotes) {
      if (c == '"') {
        if (k + 1 < line.size() && line[k + 1] == '"') {
          field += '"';
          ++k;
        } else {
          in_quotes = false;
        }
      } else {
        field += c;
      }
    } else if (c == '"') {
      in_quotes = true;
    } else if (c == ',') {
      out.push_back(std::move(field));
      field.clear();
    } else {
      field += c;
    }
  }
  out.push_back(std::move(field));
  return !in_quotes;
}

}  // namespace

std::vector<Movie> parse_movies(std::string_view text, const std::string& source) {
  std::vector<Movie> movies;
  if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) text.remove_prefix(3);
  std::vector<std::string> fields;
  std::size_t line_no = 0, pos = 0;
  bool first = true;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    const std::string where = source + " line " + std::to_string(line_no) + ": ";
    if (!split_csv_quoted(line, fields)) fail(ErrorKind::Parse, where + "unterminated quoted field");
    if (first) {
      first = false;
      if (!fields.empty() && looks_like_header({fields[0]})) continue;
    }
    if (fields.size() != 3)
      fail(ErrorKind::Parse, where + "expected 3 fields (movieId, title, genres) but found " +
                                 std::to_string(fields.size()));
    try {
      movies.push_back({parse_id(fields[0], "movie"), fields[1], fields[2]});
    } catch (const Problem& p) {
      fail(ErrorKind::Parse, where + p.what);
    }
  }
  return movies;
}

std::vector<Movie> load_movies(const std::string& path) { return parse_movies(read_file(path), path); }

std::string read_file(const std::string& path) {
  // A directory opens as a stream that reads as empty (or throws): say what it is.
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    fail(ErrorKind::Io, "cannot read '" + path + "': it is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(ErrorKind::Io, "cannot open '" + path + "': " + std::strerror(errno));
  std::ostringstream os;
  try {
    os << in.rdbuf();
  } catch (const std::exception& e) {
    fail(ErrorKind::Io, "cannot read '" + path + "': " + e.what());
  }
  if (in.bad()) fail(ErrorKind::Io, "cannot read '" + path + "'");
  return os.str();
}

}  // namespace mf
