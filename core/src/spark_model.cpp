// Spark's factor rows and the mfcf Model made of them (spark.hpp).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "json.hpp"
#include "lines.hpp"
#include "mf/error.hpp"
#include "mf/spark.hpp"
#include "text.hpp"

namespace mf {

void FactorTable::add_part(const std::string& part, const RawId* row_ids, std::size_t rows, const float* row_values,
                           const std::int32_t* row_lengths) {
  std::size_t n = 0;
  for (std::size_t r = 0; r < rows; ++r) n += row_lengths[r] > 0 ? std::size_t(row_lengths[r]) : 0;
  ids.insert(ids.end(), row_ids, row_ids + rows);
  lengths.insert(lengths.end(), row_lengths, row_lengths + rows);
  values.insert(values.end(), row_values, row_values + n);
  parts.push_back({part, rows});
}

std::string FactorTable::where(std::size_t r) const {
  std::size_t first = 0;
  std::string part = name;
  for (const Part& p : parts) {
    if (r < first + p.rows) {
      part = p.name;
      break;
    }
    first += p.rows;
  }
  return part + " row " + std::to_string(r - first + 1) + " (id " + std::to_string(ids[r]) + ")";
}

namespace {

RawId read_id(std::string_view text) {
  RawId id = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), id);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size())
    throw Problem{"id " + quoted(text) + " is not an integer"};
  return id;
}

// One feature: a number read straight to float, or NaN/Infinity (bare or quoted).
float read_feature(json::Cursor& c) {
  std::string_view text;
  std::string quoted_text;
  if (c.peek() == '"') {
    quoted_text = c.string();
    if (quoted_text != "NaN" && quoted_text != "Infinity" && quoted_text != "-Infinity")
      throw Problem{"a feature is the string " + quoted(quoted_text) + ", not a number"};
    text = quoted_text;
  } else {
    text = c.number();
  }
  char buf[64];
  if (text.size() >= sizeof buf) c.fail("a feature's number is too long");
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  char* end = nullptr;
  const float v = std::strtof(buf, &end);
  if (end != buf + text.size()) throw Problem{"a feature " + quoted(text) + " is not a number"};
  return v;
}

}  // namespace

void parse_factor_lines(std::string_view text, const std::string& part, FactorTable& table) {
  const std::size_t first = table.ids.size(), first_value = table.values.size();
  for_each_line(text, [&](std::string_view line, std::size_t number, const LineCheck& check) {
    try {
      check(line);
      json::Cursor c(line);
      c.expect('{', "'{' (one JSON object per line, as write.json writes a row)");
      bool has_id = false, has_features = false;
      RawId id = 0;
      std::int32_t length = FactorTable::kNull;
      if (!c.eat('}')) {
        do {
          const std::string key = c.string();
          c.expect(':', "':'");
          if (key == "id") {
            id = read_id(c.number());
            has_id = true;
          } else if (key == "features" && has_features) {
            c.fail("a second \"features\"");
          } else if (key == "features" && (has_features = true) && !c.word("null")) {
            c.expect('[', "'[' (features is an array of numbers)");
            length = 0;
            if (!c.eat(']')) {
              do {
                table.values.push_back(read_feature(c));
                ++length;
              } while (c.eat(','));
              c.expect(']', "',' or ']'");
            }
          } else if (key != "features") {
            c.value();  // another column: not the factors'
          }
        } while (c.eat(','));
        c.expect('}', "',' or '}'");
      }
      if (!c.at_end()) c.fail("more text after the row's object");
      if (!has_id) throw Problem{"the row has no \"id\""};
      table.ids.push_back(id);
      table.lengths.push_back(length);
    } catch (const Problem& p) {
      table.ids.resize(first);
      table.lengths.resize(first);
      table.values.resize(first_value);
      fail(ErrorKind::Parse, part + " line " + std::to_string(number) + ": " + p.what);
    }
  });
  table.parts.push_back({part, table.ids.size() - first});
}

TrainOptions spark_train_options(const SparkSettings& s) {
  TrainOptions o = default_options(s.implicit_prefs ? Algorithm::ImplicitALS : Algorithm::ALS);
  o.factors = s.rank;
  o.iterations = s.max_iter;
  o.biases = false;
  o.reg_user = o.reg_item = o.reg_user_bias = o.reg_item_bias = s.reg_param;
  o.reg_scaling = RegScaling::Count;
  if (s.implicit_prefs) {
    o.alpha = s.alpha;
    o.confidence = Confidence::Rating;  // c = 1 + alpha r
    o.reg_exponent = 0.0;               // lambda times the positives' count, not a power of the confidence
    o.positive_threshold = double(std::numeric_limits<float>::denorm_min());  // r > 0, for float ratings
    o.solver = ImplicitSolver::Cholesky;
  }
  return o;
}

namespace {

// Per row: factors, bias, count, raw id, and its entry in the id map. In
// double: in WebAssembly size_t has 32 bits.
double model_bytes(double n_users, double n_items, int rank) {
  return (n_users + n_items) * (double(rank) * 4 + 4 + 4 + 8 + 48);
}

}  // namespace

std::size_t factor_model_bytes(std::size_t n_users, std::size_t n_items, int rank) {
  const double bytes = model_bytes(double(n_users), double(n_items), rank);
  const double most = double(std::numeric_limits<std::size_t>::max());
  return bytes >= most ? std::numeric_limits<std::size_t>::max() : std::size_t(bytes);
}

void check_factor_memory(std::size_t n_users, std::size_t n_items, int rank, std::size_t memory_limit) {
  const double need = model_bytes(double(n_users), double(n_items), rank);
  if (memory_limit > 0 && need > double(memory_limit))
    fail(ErrorKind::Resource, "a model of " + std::to_string(n_users) + " users and " + std::to_string(n_items) +
                                  " items at rank " + std::to_string(rank) + " needs about " +
                                  std::to_string(std::uint64_t(need) >> 20) + " MiB, over the memory limit of " +
                                  std::to_string(memory_limit >> 20) + " MiB");
}

namespace {

void check_settings(const SparkSettings& s) {
  auto finite_at_least_0 = [](double v, const char* key) {
    if (!std::isfinite(v) || v < 0)
      fail(ErrorKind::InvalidArgument, param(key) << " must be a finite number >= 0 (got " << shortest_text(v) << ")");
  };
  if (s.rank < 0 || s.rank > kMaxFactors)
    fail(ErrorKind::InvalidArgument, param("rank") << " must be between 1 and " << std::to_string(kMaxFactors)
                                                   << " (got " << std::to_string(s.rank) << ")");
  finite_at_least_0(s.reg_param, "reg_param");
  finite_at_least_0(s.alpha, "alpha");
  if (s.max_iter < 1 || s.max_iter > 100000)
    fail(ErrorKind::InvalidArgument,
         param("max_iter") << " must be between 1 and 100000 (got " << std::to_string(s.max_iter) << ")");
  const RatingScale& r = s.scale;
  if (!std::isfinite(r.min) || !std::isfinite(r.max) || !(r.min < r.max) || std::fabs(r.min) > kMaxScale ||
      std::fabs(r.max) > kMaxScale)
    fail(ErrorKind::InvalidArgument, param("scale") << " must be finite numbers min < max within +-1e9 (got "
                                                    << shortest_text(r.min) << " .. " << shortest_text(r.max) << ")");
}

// Checks every row of `t` and appends its ids and features; `rank` (0: not
// known yet) is set by the first row.
void take_rows(const FactorTable& t, int& rank, std::string& rank_source, IdMap& ids, std::vector<float>& out) {
  std::size_t listed = 0, stored = 0;
  for (const FactorTable::Part& p : t.parts) listed += p.rows;
  for (std::int32_t n : t.lengths) stored += n > 0 ? std::size_t(n) : 0;
  if (t.lengths.size() != t.ids.size() || listed != t.ids.size() || stored != t.values.size())
    fail(ErrorKind::InvalidArgument, t.name + ": ids, lengths, parts and values do not match");
  out.reserve(out.size() + t.values.size());
  std::size_t at = 0;
  for (std::size_t r = 0; r < t.ids.size(); ++r) {
    const std::int32_t n = t.lengths[r];
    if (n == FactorTable::kNull) fail(ErrorKind::CorruptModel, t.where(r) + ": its features are null");
    if (n < 1) fail(ErrorKind::CorruptModel, t.where(r) + ": its features are empty");
    if (rank == 0) {
      rank = n;
      rank_source = "the first row, " + t.where(r);
    }
    if (n != rank)
      fail(ErrorKind::CorruptModel, t.where(r) + " has " + std::to_string(n) + " features, but the rank is " +
                                        std::to_string(rank) + " (" + rank_source + "): the ranks do not match");
    for (std::int32_t f = 0; f < n; ++f) {
      const float v = t.values[at + std::size_t(f)];
      if (!std::isfinite(v))
        fail(ErrorKind::CorruptModel, t.where(r) + ": feature " + std::to_string(f + 1) + " is " +
                                          (std::isnan(v) ? "NaN" : "infinite") + ", not a finite number");
      if (std::fabs(v) > kMaxStoredValue)
        fail(ErrorKind::CorruptModel, t.where(r) + ": feature " + std::to_string(f + 1) + " (" + shortest_text(v) +
                                          ") is too large to predict with (beyond 1e17)");
    }
    const std::size_t before = ids.size();
    const Index dense = ids.insert(t.ids[r]);
    if (ids.size() == before)
      fail(ErrorKind::CorruptModel, t.name + ": id " + std::to_string(t.ids[r]) + " appears twice, in " +
                                        t.where(dense) + " and " + t.where(r));
    out.insert(out.end(), t.values.begin() + std::ptrdiff_t(at), t.values.begin() + std::ptrdiff_t(at + std::size_t(n)));
    at += std::size_t(n);
  }
}

}  // namespace

Model model_from_factors(const FactorTable& items, const FactorTable* users, const SparkSettings& settings) {
  check_settings(settings);
  if (items.ids.empty()) fail(ErrorKind::CorruptModel, items.name + " has no rows: the model has no items");
  int rank = settings.rank;
  std::string source = settings.rank_source.empty() ? "given" : settings.rank_source;
  check_factor_memory(users ? users->ids.size() : 0, items.ids.size(), rank > 0 ? rank : std::max(items.lengths[0], 1),
                      settings.memory_limit);
  Model m;
  take_rows(items, rank, source, m.items, m.item_factors);
  if (users) take_rows(*users, rank, source, m.users, m.user_factors);
  SparkSettings s = settings;
  s.rank = rank;
  m.options = spark_train_options(s);
  validate(m.options);
  m.factors = rank;
  m.scale = settings.scale;
  m.global_mean = (settings.scale.min + settings.scale.max) / 2;
  m.user_bias.assign(m.n_users(), 0.0f);
  m.item_bias.assign(m.n_items(), 0.0f);
  m.user_count.assign(m.n_users(), kUnknownCount);
  m.item_count.assign(m.n_items(), kUnknownCount);
  return m;
}

}  // namespace mf
