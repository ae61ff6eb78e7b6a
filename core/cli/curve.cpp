#include "curve.hpp"

#include "cli.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace cli {

namespace {

// A column of the curve. Metrics are exact in CSV and JSON (%.17g reads back
// as the same double) and rounded in the table, which shows a subset.
enum class Kind { Integer, Metric, Milliseconds, Text };
// Rating metrics are absent ("-" in the table, empty in CSV, null in JSON)
// when their set has none: the test set's without a test set, both for
// implicit ALS, which predicts no ratings.
enum class Of { Step, Train, Test };
struct Column {
  const char* name;
  Kind kind;
  bool in_table;
  Of of;
  double (*number)(const mf::StepResult&);
};

const Column kColumns[] = {
    {"iteration", Kind::Integer, true, Of::Step, [](const mf::StepResult& s) { return double(s.epoch); }},
    {"trainMse", Kind::Metric, false, Of::Train, [](const mf::StepResult& s) { return s.train.mse; }},
    {"trainRmse", Kind::Metric, true, Of::Train, [](const mf::StepResult& s) { return s.train.rmse; }},
    {"trainMae", Kind::Metric, true, Of::Train, [](const mf::StepResult& s) { return s.train.mae; }},
    {"testMse", Kind::Metric, false, Of::Test, [](const mf::StepResult& s) { return s.test.mse; }},
    {"testRmse", Kind::Metric, true, Of::Test, [](const mf::StepResult& s) { return s.test.rmse; }},
    {"testMae", Kind::Metric, true, Of::Test, [](const mf::StepResult& s) { return s.test.mae; }},
    {"objective", Kind::Metric, false, Of::Step, [](const mf::StepResult& s) { return s.objective; }},
    {"ms", Kind::Milliseconds, true, Of::Step, [](const mf::StepResult& s) { return s.ms; }},
    {"status", Kind::Text, false, Of::Step, nullptr},
};

// Table columns are as wide as their name, and at least this.
constexpr int kTableWidth = 9;

int table_width(const Column& c) { return std::max(kTableWidth, int(std::strlen(c.name))); }

std::string cell(const Column& c, const mf::StepResult& s, bool table) {
  if (c.kind == Kind::Text) return mf::to_string(s.status);
  if ((c.of == Of::Train && s.train.count == 0) || (c.of == Of::Test && s.test.count == 0)) return table ? "-" : "";
  const double v = c.number(s);
  if (c.kind == Kind::Integer) return std::to_string(int(v));
  if (c.kind == Kind::Metric) return metric_text(v, table);
  return number_text(table ? "%.1f" : "%.3f", v);  // milliseconds
}

// Whether the table shows column c.
bool shown(const Column& c, bool objective_in_table) {
  return c.in_table || (objective_in_table && std::strcmp(c.name, "objective") == 0);
}

std::string padded(const std::string& text, const Column& c) {
  const int pad = table_width(c) - int(text.size());
  return std::string(pad > 0 ? std::size_t(pad) : 0, ' ') + text;
}

}  // namespace

std::string CurveWriter::header() const {
  std::string out;
  if (format_ == "json") return "[";
  for (const Column& c : kColumns) {
    if (format_ == "table" && shown(c, objective_in_table_)) out += (out.empty() ? "" : " ") + padded(c.name, c);
    if (format_ == "csv") out += (out.empty() ? "" : ",") + std::string(c.name);
  }
  return out + "\n";
}

std::string CurveWriter::step(const mf::StepResult& s) {
  std::string out;
  for (const Column& c : kColumns) {
    if (format_ == "table" && shown(c, objective_in_table_)) out += (out.empty() ? "" : " ") + padded(cell(c, s, true), c);
    if (format_ == "csv") out += (out.empty() ? "" : ",") + cell(c, s, false);
    if (format_ == "json") {
      std::string v = cell(c, s, false);
      if (c.kind == Kind::Text) v = "\"" + v + "\"";
      if (v.empty()) v = "null";
      out += std::string(out.empty() ? (rows_ ? ",\n {" : "\n {") : ", ") + "\"" + c.name + "\": " + v;
    }
  }
  ++rows_;
  return out + (format_ == "json" ? "}" : "\n");
}

std::string CurveWriter::footer() const { return format_ == "json" ? "\n]\n" : ""; }

}  // namespace cli
