// The learning curve as a table, CSV or JSON: one writer, one set of column
// names for all three (the JS API's names for a training step, with
// `iteration` for the step's number).
#pragma once

#include <string>
#include <utility>

#include "mf/train.hpp"

namespace cli {

class CurveWriter {
 public:
  // format: "table", "csv" or "json". The table shows the objective when
  // the model predicts no ratings (implicit ALS): it is all its curve has.
  explicit CurveWriter(std::string format, bool predicts_ratings = true)
      : format_(std::move(format)), objective_in_table_(!predicts_ratings) {}
  std::string header() const;                    // before the first step
  std::string step(const mf::StepResult& s);     // one completed step
  std::string footer() const;                    // after the last

 private:
  std::string format_;
  bool objective_in_table_;
  int rows_ = 0;
};

}  // namespace cli
