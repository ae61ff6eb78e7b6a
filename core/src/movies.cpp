// movies.csv: movie ids, titles and genres (dataset.hpp says what is accepted).
#include <utility>

#include "fields.hpp"
#include "lines.hpp"
#include "mf/dataset.hpp"
#include "mf/error.hpp"
#include "mf/io.hpp"

namespace mf {

namespace {

// Splits one line into `out` (reused from line to line) by the quoting rules
// of parse_movies. Throws Problem for a quote that does not close and for
// text after a closing quote.
void split_quoted_fields(std::string_view line, std::vector<std::string>& out) {
  out.clear();
  std::size_t k = 0;  // the first character of the field being read
  for (;;) {
    std::string field;
    if (k < line.size() && line[k] == '"') {
      for (++k;;) {
        if (k >= line.size()) throw Problem{"unterminated quoted field"};
        const char c = line[k++];
        if (c != '"') {
          field += c;
        } else if (k < line.size() && line[k] == '"') {
          field += '"';
          ++k;
        } else {
          break;
        }
      }
      if (k < line.size() && line[k] != ',')
        throw Problem{"field " + std::to_string(out.size() + 1) + " has " + quoted(line.substr(k)) +
                      " after its closing quote (a quote inside a quoted field is written \"\")"};
    } else {
      const std::size_t comma = line.find(',', k);
      const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
      field.assign(line.substr(k, end - k));
      k = end;
    }
    out.push_back(std::move(field));
    if (k >= line.size()) return;
    ++k;  // the comma
  }
}

}  // namespace

std::vector<Movie> parse_movies(std::string_view text, const std::string& source) {
  std::vector<Movie> movies;
  std::vector<std::string> fields;
  std::vector<std::string_view> views;
  bool first = true;
  for_each_line(text, [&](std::string_view line, std::size_t line_no, const LineCheck& check) {
    try {
      check(line);
      split_quoted_fields(line, fields);
      if (first) {
        first = false;
        views.assign(fields.begin(), fields.end());
        if (looks_like_header(views)) return;
      }
      if (fields.size() != 3)
        throw Problem{"expected 3 fields (movieId, title, genres) but found " + std::to_string(fields.size())};
      movies.push_back({parse_id(fields[0], "movie"), std::move(fields[1]), std::move(fields[2])});
    } catch (const Problem& p) {
      fail(ErrorKind::Parse, source + " line " + std::to_string(line_no) + ": " + p.what);
    }
  });
  return movies;
}

std::vector<Movie> load_movies(const std::string& path) { return parse_movies(read_file(path), path); }

}  // namespace mf
