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
  // format: "table", "csv" or "json".
  explicit CurveWriter(std::string format) : format_(std::move(format)) {}
  std::string header() const;                    // before the first step
  std::string step(const mf::StepResult& s);     // one completed step
  std::string footer() const;                    // after the last

 private:
  std::string format_;
  int rows_ = 0;
};

}  // namespace cli
