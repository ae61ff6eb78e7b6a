// Builds a Dataset rating by rating, as the ratings parser reads lines and
// dataset_from_arrays reads entries: ids become dense indices, and every
// rating is checked against the scale and the duplicate policy.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "fields.hpp"
#include "mf/dataset.hpp"
#include "pair_table.hpp"

namespace mf {

class RatingsBuilder {
 public:
  // Throws mf::Error(InvalidArgument) for a bad scale.
  RatingsBuilder(const LoadOptions& options, LoadReport& report);

  // Room for about n ratings, so that loading a file reallocates nothing.
  void reserve(std::size_t n);

  // Where the next ratings come from, for messages: ("line", 12), ("entry", 3).
  void at(const char* where, std::size_t position) {
    where_ = where;
    position_ = position;
  }

  // Adds a rating, or replaces an earlier one for the same pair under
  // DuplicatePolicy::KeepLast. Throws Problem for a rating outside the scale
  // or a forbidden duplicate, leaving the dataset as it was.
  void add(RawId user, RawId item, double rating);

  // Counts a bad line (entry) skipped under skip_bad_lines, keeping the first
  // 100 messages.
  void skip(std::string message, std::size_t position);

  Dataset finish() { return std::move(data_); }

 private:
  const LoadOptions& options_;
  LoadReport& report_;
  Dataset data_;
  PairTable seen_;                        // (user, item) -> index of its rating
  std::vector<std::size_t> position_of_;  // the line (or entry) of each rating, for messages
  const char* where_ = "line";
  std::size_t position_ = 0;
};

}  // namespace mf
