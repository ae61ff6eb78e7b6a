// Ratings grouped by row (compressed sparse rows), from the coordinate list.
#include "mf/dataset.hpp"

namespace mf {

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

}  // namespace mf
