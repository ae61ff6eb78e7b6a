// Text files as lines, read the same way for ratings and movies:
// - a UTF-8 byte order mark at the start of the text is skipped;
// - a line ends at LF, and the CR of a CRLF is dropped;
// - blank lines (nothing but spaces and tabs) are passed over, but counted,
//   so line numbers in messages are those of the file;
// - a NUL byte or a CR anywhere else makes a line bad (LineCheck): binary
//   files and CR-only (old Mac) line ends are named as such instead of
//   showing up as one odd line.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

#include "fields.hpp"

namespace mf {

// Throws Problem for a line (as for_each_line passes it) that holds a NUL
// byte or a CR. Most files have neither: then no line is searched for them.
class LineCheck {
 public:
  explicit LineCheck(std::string_view text)
      : has_nul_(text.find('\0') != std::string_view::npos), has_cr_(text.find('\r') != std::string_view::npos) {}
  void operator()(std::string_view line) const {
    if (has_nul_ && line.find('\0') != std::string_view::npos)
      throw Problem{"contains a NUL byte (is this a binary file?)"};
    if (has_cr_ && line.find('\r') != std::string_view::npos)
      throw Problem{"contains a carriage return inside the line (lines must end with LF or CRLF; "
                    "CR alone, as in old Mac files, is not a line end)"};
  }

 private:
  bool has_nul_, has_cr_;
};

// Calls f(line, number, check) for every line of `text` that is not blank,
// without its line end; `number` is 1-based and `check` the text's LineCheck,
// for f to call where its messages can name the line. Returns the number of
// lines, blank ones included.
template <typename F>
std::size_t for_each_line(std::string_view text, F&& f) {
  if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) text.remove_prefix(3);
  const LineCheck check(text);
  std::size_t number = 0, pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!trim(line).empty()) f(line, number, check);
  }
  return number;
}

}  // namespace mf
