// The ratings parser: MovieLens ratings files (csv, tsv, dat) to a Dataset.
#include <algorithm>

#include "fields.hpp"
#include "lines.hpp"
#include "mf/dataset.hpp"
#include "mf/error.hpp"
#include "mf/io.hpp"
#include "ratings_builder.hpp"

namespace mf {

namespace {

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

Format detect_format(std::string_view line) {
  if (line.find("::") != std::string_view::npos) return Format::DoubleColon;
  if (line.find('\t') != std::string_view::npos) return Format::Tsv;
  if (line.find(',') != std::string_view::npos) return Format::Csv;
  return Format::Auto;
}

}  // namespace

std::size_t expected_ratings(std::size_t bytes, std::size_t lines) { return std::min(lines, bytes / 8 + 1); }

double load_memory_bytes(std::size_t bytes, std::size_t lines) {
  const double n = double(expected_ratings(bytes, lines));
  double slots = 16;
  while (slots < 2 * n) slots *= 2;  // PairTable::reserve
  const double per_rating = sizeof(Index) * 2 + sizeof(float) + sizeof(std::size_t);
  const double per_slot = sizeof(std::uint64_t) + sizeof(std::size_t);
  return n * per_rating + slots * per_slot;
}

void check_load_memory(const std::string& source, std::size_t bytes, std::size_t lines, std::size_t limit) {
  if (limit == 0) return;
  const double need = load_memory_bytes(bytes, lines);
  if (need <= double(limit)) return;
  const auto mib = [](double b) { return std::to_string(static_cast<unsigned long long>(b / (1 << 20) + 0.5)); };
  fail(ErrorKind::Resource, source + ": " + std::to_string(lines) + " lines (" + mib(double(bytes)) +
                                " MiB) need about " + mib(need) + " MiB of memory to load, over the memory limit of " +
                                mib(double(limit)) + " MiB");
}

struct RatingsReader::State {
  State(const LoadOptions& o, std::size_t bytes, std::size_t lines)
      : options(o), builder(options, report), format(o.format) {
    check_load_memory(options.source, bytes, lines, options.memory_limit);
    if (lines > 0) builder.reserve(expected_ratings(bytes, lines));
  }

  // One line of the text (LineStream's callback).
  void line(std::string_view line, std::size_t line_no, const LineCheck& check) {
    const std::string& src = options.source;
    report.lines = line_no;
    builder.at("line", line_no);
    try {
      check(line);
      if (format == Format::Auto) {
        format = detect_format(line);
        if (format == Format::Auto)
          fail(ErrorKind::Parse, src + " line " + std::to_string(line_no) +
                                     ": cannot tell the format: no ',', tab or '::' separator in " + quoted(line));
      }
      split_fields(line, format, fields);
      if (first_data_line) {
        first_data_line = false;
        if (looks_like_header(fields)) return;
      }
      // Explicit: user, item, rating[, timestamp]. Implicit: user, item[, count].
      const std::size_t least = options.implicit ? 2 : 3;
      if (fields.size() < least || fields.size() > least + 1)
        throw Problem{"expected " + std::to_string(least) + " or " + std::to_string(least + 1) + " " +
                      to_string(format) + " fields (" +
                      (options.implicit ? "user, item[, count]" : "user, item, rating[, timestamp]") +
                      ") but found " + std::to_string(fields.size())};
      const RawId user = parse_id(fields[0], "user");
      const RawId item = parse_id(fields[1], "item");
      if (options.implicit) {
        builder.add(user, item, fields.size() == 3 ? parse_number(fields[2], "count") : 1.0);
        return;
      }
      const double rating = parse_number(fields[2], "rating");
      if (fields.size() == 4) {
        std::string_view ts = trim(fields[3]);
        if (!is_integer(ts)) throw Problem{"timestamp " + quoted(ts) + " is not an integer"};
      }
      builder.add(user, item, rating);
    } catch (const Problem& p) {
      std::string message = src + " line " + std::to_string(line_no) + ": " + p.what;
      if (!options.skip_bad_lines) fail(ErrorKind::Parse, message);
      builder.skip(std::move(message), line_no);
    }
  }

  // Runs f, marking the reader as stopped when it throws.
  template <typename F>
  void guarded(F&& f) {
    if (stopped)
      fail(ErrorKind::InvalidArgument, options.source + ": this reader has stopped (after an error or finish) "
                                                        "and takes no more text");
    try {
      f();
    } catch (...) {
      stopped = true;
      throw;
    }
  }

  const LoadOptions options;  // a copy: the reader may outlive the caller's
  LoadReport report;
  RatingsBuilder builder;
  LineStream lines;
  std::vector<std::string_view> fields;  // reused from line to line
  Format format;
  bool first_data_line = true;
  bool stopped = false;
};

RatingsReader::RatingsReader(const LoadOptions& options, std::size_t bytes, std::size_t lines)
    : s_(new State(options, bytes, lines)) {}

RatingsReader::~RatingsReader() { delete s_; }

std::size_t RatingsReader::lines() const { return s_->lines.lines(); }

const LoadReport& RatingsReader::report() const { return s_->report; }

void RatingsReader::feed(std::string_view piece) {
  State& s = *s_;
  s.guarded([&] {
    s.lines.feed(piece, [&](std::string_view line, std::size_t no, const LineCheck& check) { s.line(line, no, check); });
  });
}

Dataset RatingsReader::finish(LoadReport* report_out) {
  State& s = *s_;
  LoadReport& report = s.report;
  Dataset data;
  s.guarded([&] {
    report.lines = s.lines.finish([&](std::string_view line, std::size_t no, const LineCheck& check) { s.line(line, no, check); });
    report.format = s.format;
    s.stopped = true;
    if (report.accepted == 0) {
      std::string why = report.skipped > 0 ? "every line was bad (" + std::to_string(report.skipped) + " skipped)"
                        : report.lines == 0 ? "it is empty"
                                            : "it has no rating lines";
      fail(ErrorKind::Parse, s.options.source + ": no ratings found: " + why);
    }
    data = s.builder.finish();
  });
  if (report_out) *report_out = report;
  return data;
}

Dataset parse_ratings(std::string_view text, const LoadOptions& options, LoadReport* report_out) {
  // One rating per line, roughly: room for all of them up front (but never
  // more than a line of 8 bytes per rating could hold: a file of blank lines
  // must not reserve gigabytes).
  const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  RatingsReader reader(options, text.size(), lines);
  try {
    reader.feed(text);
    return reader.finish(report_out);
  } catch (...) {
    if (report_out) *report_out = reader.report();
    throw;
  }
}

Dataset load_ratings(const std::string& path, LoadOptions options, LoadReport* report) {
  if (options.source == LoadOptions{}.source) options.source = path;
  const std::string text = read_file(path);
  return parse_ratings(text, options, report);
}

}  // namespace mf
