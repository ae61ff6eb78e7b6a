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

Dataset parse_ratings(std::string_view text, const LoadOptions& options, LoadReport* report_out) {
  LoadReport local;
  LoadReport& report = report_out ? *report_out : local;
  report = LoadReport{};
  RatingsBuilder builder(options, report);
  const std::string& src = options.source;

  // One rating per line, roughly: reserve for all of them up front, but never
  // more than a line of 8 bytes per rating could hold (a file of blank lines
  // must not reserve gigabytes) nor past 4 M (beyond that the tables grow).
  const std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  builder.reserve(std::min({lines, text.size() / 8 + 1, std::size_t(1) << 22}));
  std::vector<std::string_view> fields;
  Format format = options.format;
  bool first_data_line = true;
  report.lines = for_each_line(text, [&](std::string_view line, std::size_t line_no, const LineCheck& check) {
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
  });
  report.format = format;
  if (report.accepted == 0) {
    std::string why = report.skipped > 0 ? "every line was bad (" + std::to_string(report.skipped) + " skipped)"
                      : report.lines == 0 ? "it is empty"
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

}  // namespace mf
