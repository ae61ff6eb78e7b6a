#include "mf/dataset.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

#include "mf/error.hpp"
#include "ratings_builder.hpp"

namespace mf {

std::size_t IdMap::slot_of(RawId raw) const {
  std::uint64_t h = static_cast<std::uint64_t>(raw);
  h ^= h >> 31;
  h *= 0x9E3779B97F4A7C15ull;  // Fibonacci hashing: the top bits are well mixed
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t s = std::size_t(h >> 32) & mask;; s = (s + 1) & mask)
    if (slots_[s] == 0 || raw_[slots_[s] - 1] == raw) return s;
}

void IdMap::grow() {
  std::vector<Index> slots(std::max<std::size_t>(16, 2 * slots_.size()), 0);
  slots.swap(slots_);
  for (std::size_t d = 0; d < raw_.size(); ++d) slots_[slot_of(raw_[d])] = Index(d + 1);
}

Index IdMap::insert(RawId raw) {
  if (2 * (raw_.size() + 1) > slots_.size()) grow();
  const std::size_t s = slot_of(raw);
  if (slots_[s] != 0) return slots_[s] - 1;
  const Index dense = static_cast<Index>(raw_.size());
  raw_.push_back(raw);
  slots_[s] = dense + 1;
  return dense;
}

std::int64_t IdMap::find(RawId raw) const {
  if (slots_.empty()) return -1;
  const Index d = slots_[slot_of(raw)];
  return d == 0 ? -1 : std::int64_t(d) - 1;
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

namespace {

// Each option's name, as every front end spells it.
constexpr std::pair<const char*, Format> kFormatNames[] = {
    {"auto", Format::Auto}, {"csv", Format::Csv}, {"tsv", Format::Tsv}, {"dat", Format::DoubleColon}};
constexpr std::pair<const char*, DuplicatePolicy> kDuplicateNames[] = {
    {"error", DuplicatePolicy::Error}, {"last", DuplicatePolicy::KeepLast}};

void check_scale(const RatingScale& s) {
  // Bounded so that ratings, their mean and the factors fitted to them stay
  // far inside float range: a model trained on them can always be saved and
  // loaded (load_model refuses values beyond 1e17).
  if (!std::isfinite(s.min) || !std::isfinite(s.max) || !(s.min < s.max) || std::fabs(s.min) > kMaxScale ||
      std::fabs(s.max) > kMaxScale)
    fail(ErrorKind::InvalidArgument, param("scale") << " must have finite min < max, both within -1e9 .. 1e9 (got "
                                                    << number_text(s.min) << " .. " << number_text(s.max) << ")");
}

}  // namespace

const char* to_string(Format f) {
  for (const auto& [name, format] : kFormatNames)
    if (format == f) return name;
  return "?";
}

Format parse_format(std::string_view name) {
  for (const auto& [known, format] : kFormatNames)
    if (name == known) return format;
  fail(ErrorKind::InvalidArgument, param("format") << " must be one of auto, csv, tsv, dat (got '" << name << "')");
}

DuplicatePolicy parse_duplicate_policy(std::string_view name) {
  for (const auto& [known, policy] : kDuplicateNames)
    if (name == known) return policy;
  fail(ErrorKind::InvalidArgument, param("duplicates") << " must be 'error' or 'last' (got '" << name << "')");
}

RatingsBuilder::RatingsBuilder(const LoadOptions& options, LoadReport& report) : options_(options), report_(report) {
  check_scale(options.scale);
  data_.scale = options.implicit ? RatingScale{0.0f, kMaxScale} : options.scale;
}

void RatingsBuilder::reserve(std::size_t n) {
  data_.ratings.reserve(n);
  position_of_.reserve(n);
  seen_.reserve(n);
}

void RatingsBuilder::add(RawId user, RawId item, double rating) {
  if (options_.implicit && !(rating > 0 && rating <= kMaxScale))
    throw Problem{"count " + number_text(rating) + " must be greater than 0 and at most 1e9"};
  if (options_.implicit && !(static_cast<float>(rating) > 0))
    throw Problem{"count " + number_text(rating) + " is too small: it rounds to 0 as a float"};
  if (!options_.implicit && !(rating >= options_.scale.min && rating <= options_.scale.max))
    throw Problem{"rating " + number_text(rating) + " is outside the scale " + number_text(options_.scale.min) +
                  " .. " + number_text(options_.scale.max)};
  // Check for a duplicate before creating ids so a rejected line leaves no trace.
  const std::int64_t u0 = data_.users.find(user), i0 = data_.items.find(item);
  if (u0 >= 0 && i0 >= 0) {
    const std::int64_t earlier = seen_.find(Index(u0), Index(i0));
    if (earlier >= 0) {
      if (options_.duplicates == DuplicatePolicy::Error)
        throw Problem{"duplicate rating for user " + std::to_string(user) + " and item " + std::to_string(item) +
                      " (first at " + where_ + " " + std::to_string(position_of_[std::size_t(earlier)]) +
                      "; use duplicates=last to keep the later one)"};
      data_.ratings.value[std::size_t(earlier)] = static_cast<float>(rating);
      ++report_.replaced;
      return;
    }
  }
  const Index u = u0 >= 0 ? Index(u0) : data_.users.insert(user);
  const Index i = i0 >= 0 ? Index(i0) : data_.items.insert(item);
  seen_.insert(u, i, data_.ratings.size());
  position_of_.push_back(position_);
  data_.ratings.push_back(u, i, static_cast<float>(rating));
  ++report_.accepted;
}

void RatingsBuilder::skip(std::string message, std::size_t position) {
  ++report_.skipped;
  if (report_.bad_lines.size() < 100) report_.bad_lines.push_back({position, std::move(message)});
}

Dataset dataset_from_arrays(const RawId* users, const RawId* items, const float* ratings, std::size_t n,
                            const LoadOptions& options, LoadReport* report_out) {
  LoadReport local;
  LoadReport& report = report_out ? *report_out : local;
  report = LoadReport{};
  RatingsBuilder builder(options, report);
  builder.reserve(n);
  for (std::size_t k = 0; k < n; ++k) {
    builder.at("entry", k);
    report.lines = k + 1;
    try {
      if (!std::isfinite(ratings[k]))
        throw Problem{(options.implicit ? "count " : "rating ") + number_text(ratings[k]) + " is not a finite number"};
      builder.add(users[k], items[k], ratings[k]);
    } catch (const Problem& p) {
      std::string message = options.source + " entry " + std::to_string(k) + ": " + p.what;
      if (!options.skip_bad_lines) fail(ErrorKind::Parse, message);
      builder.skip(std::move(message), k);
    }
  }
  if (report.accepted == 0)
    fail(ErrorKind::Parse, options.source + ": no ratings found: " +
                               (n == 0 ? std::string("the arrays are empty") : "every entry was bad"));
  return builder.finish();
}

std::vector<RawId> rated_items(const Dataset& data, RawId raw_user) {
  std::vector<RawId> out;
  const std::int64_t u = data.users.find(raw_user);
  if (u < 0) return out;
  for (std::size_t k = 0; k < data.ratings.size(); ++k)
    if (data.ratings.user[k] == Index(u)) out.push_back(data.items.raw(data.ratings.item[k]));
  return out;
}

}  // namespace mf
