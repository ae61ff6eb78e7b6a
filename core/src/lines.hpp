// Text files as lines, read the same way for ratings and movies:
// - a UTF-8 byte order mark at the start of the text is skipped;
// - a line ends at LF, and the CR of a CRLF is dropped;
// - blank lines (nothing but spaces and tabs) are passed over, but counted,
//   so line numbers in messages are those of the file;
// - a NUL byte or a CR anywhere else makes a line bad (LineCheck): binary
//   files and CR-only (old Mac) line ends are named as such instead of
//   showing up as one odd line.
// The text may come whole (for_each_line) or in pieces cut anywhere
// (LineStream, for files read chunk by chunk): the lines are the same.
#pragma once

#include <algorithm>
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

// The lines of a text given piece by piece: feed(piece, f) calls f(line,
// number, check) for every line that the pieces so far complete and that is
// not blank, without its line end (`number` 1-based, `check` a LineCheck for
// f to call where its messages can name the line); finish(f) the last line,
// if the text does not end with a line end, and returns the number of lines,
// blank ones included. A line cut between pieces is kept until its end comes.
class LineStream {
 public:
  template <typename F>
  void feed(std::string_view piece, F&& f) {
    if (!started_) {
      // The first three bytes decide whether there is a byte order mark to skip.
      const std::size_t take = std::min(piece.size(), 3 - head_.size());
      head_.append(piece.substr(0, take));
      piece.remove_prefix(take);
      if (head_.size() < 3) return;
      start(f);
    }
    lines_in(piece, f);
  }

  template <typename F>
  std::size_t finish(F&& f) {
    if (!started_) start(f);  // fewer than three bytes: no mark
    if (!carry_.empty()) {
      std::string last;
      last.swap(carry_);
      emit(last, f);
    }
    return number_;
  }

  std::size_t lines() const { return number_; }

 private:
  template <typename F>
  void start(F&& f) {
    started_ = true;
    std::string head;
    head.swap(head_);
    if (head != "\xEF\xBB\xBF") lines_in(head, f);
  }

  // The lines that `piece` completes, after what carry_ holds.
  template <typename F>
  void lines_in(std::string_view piece, F&& f) {
    if (!carry_.empty()) {
      const std::size_t nl = piece.find('\n');
      if (nl == std::string_view::npos) {
        carry_.append(piece);
        return;
      }
      carry_.append(piece.substr(0, nl));
      std::string line;
      line.swap(carry_);
      emit(line, f);
      piece.remove_prefix(nl + 1);
    }
    const LineCheck check(piece);
    std::size_t pos = 0;
    while (pos < piece.size()) {
      const std::size_t nl = piece.find('\n', pos);
      if (nl == std::string_view::npos) {
        carry_.assign(piece.substr(pos));
        return;
      }
      line_out(piece.substr(pos, nl - pos), f, check);
      pos = nl + 1;
    }
  }

  // A line cut between pieces (or the last one), checked on its own.
  template <typename F>
  void emit(std::string_view line, F&& f) {
    line_out(line, f, LineCheck(line));
  }

  template <typename F>
  void line_out(std::string_view line, F&& f, const LineCheck& check) {
    ++number_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!trim(line).empty()) f(line, number_, check);
  }

  std::string head_;   // the first bytes, until there are three
  std::string carry_;  // the start of a line whose end has not come yet
  bool started_ = false;
  std::size_t number_ = 0;
};

// Calls f(line, number, check) for every line of `text` that is not blank,
// as LineStream does for the text in one piece. Returns the number of
// lines, blank ones included.
template <typename F>
std::size_t for_each_line(std::string_view text, F&& f) {
  LineStream lines;
  lines.feed(text, f);
  return lines.finish(f);
}

}  // namespace mf
