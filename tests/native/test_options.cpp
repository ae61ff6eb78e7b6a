// Training options (options.hpp): defaults, names, and validate() rejecting
// every out-of-range parameter with a message naming it.
#include <cmath>
#include <limits>
#include <string>

#include "mf/options.hpp"
#include "test_util.hpp"

using mft::catch_error;
using mft::contains;

namespace {

const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// The four lambdas may also be named in words, e.g. "regularization (user
// biases)" for reg_user_bias: the message must then say which side and which kind.
bool names_regularization(const std::string& msg, const std::string& field) {
  if (field.rfind("reg_", 0) != 0) return false;
  bool user = contains(field, "user"), bias = contains(field, "bias");
  return mft::icontains(msg, "regulari") && contains(msg, user ? "user" : "item") &&
         !contains(msg, user ? "item" : "user") && contains(msg, bias ? "bias" : "factor");
}

void expect_rejected(const mf::TrainOptions& o, const std::string& parameter,
                     const std::string& value = "") {
  auto e = catch_error([&] { mf::validate(o); });
  CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
  INFO("message: " << e.what());
  CHECK((mft::names_parameter(e.what(), parameter) || names_regularization(e.what(), parameter)));
  if (!value.empty()) CHECK(contains(e.what(), value));
}

mf::TrainOptions sgd() { return mf::default_options(mf::Algorithm::SGD); }
mf::TrainOptions als() { return mf::default_options(mf::Algorithm::ALS); }

}  // namespace

TEST_CASE("default options are valid for both algorithms", "[options]") {
  auto a = als();
  auto s = sgd();
  CHECK(a.algorithm == mf::Algorithm::ALS);
  CHECK(s.algorithm == mf::Algorithm::SGD);
  CHECK(a.reg_scaling == mf::RegScaling::Count);  // ALS defaults to ALS-WR
  CHECK_NOTHROW(mf::validate(a));
  CHECK_NOTHROW(mf::validate(s));
  CHECK_NOTHROW(mf::validate(mf::TrainOptions{}));
  CHECK_NOTHROW(mf::validate(a, 610, 9724));
  CHECK_NOTHROW(mf::validate(s, 610, 9724));
}

TEST_CASE("algorithm and regularization-scaling names", "[options]") {
  CHECK(mf::parse_algorithm("als") == mf::Algorithm::ALS);
  CHECK(mf::parse_algorithm("sgd") == mf::Algorithm::SGD);
  CHECK(mf::parse_reg_scaling("none") == mf::RegScaling::None);
  CHECK(mf::parse_reg_scaling("count") == mf::RegScaling::Count);
  CHECK(mf::parse_algorithm(mf::to_string(mf::Algorithm::ALS)) == mf::Algorithm::ALS);
  CHECK(mf::parse_algorithm(mf::to_string(mf::Algorithm::SGD)) == mf::Algorithm::SGD);
  CHECK(mf::parse_reg_scaling(mf::to_string(mf::RegScaling::None)) == mf::RegScaling::None);
  CHECK(mf::parse_reg_scaling(mf::to_string(mf::RegScaling::Count)) == mf::RegScaling::Count);
  auto e = catch_error([] { mf::parse_algorithm("svd"); });
  CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
  CHECK(contains(e.what(), "svd"));
  auto e2 = catch_error([] { mf::parse_reg_scaling("sqrt"); });
  CHECK(e2.kind() == mf::ErrorKind::InvalidArgument);
  CHECK(contains(e2.what(), "sqrt"));
}

TEST_CASE("validate rejects factor counts outside 1..kMaxFactors", "[options]") {
  for (auto base : {als(), sgd()}) {
    auto o = base;
    o.factors = 0;
    expect_rejected(o, "factors", "0");
    o.factors = -3;
    expect_rejected(o, "factors", "-3");
    o.factors = mf::kMaxFactors + 1;
    expect_rejected(o, "factors", std::to_string(mf::kMaxFactors + 1));
    o.factors = mf::kMaxFactors;
    CHECK_NOTHROW(mf::validate(o));
    o.factors = 1;
    CHECK_NOTHROW(mf::validate(o));
  }
}

TEST_CASE("validate rejects negative or non-finite regularization, naming which", "[options]") {
  using Field = double mf::TrainOptions::*;
  struct Named {
    Field field;
    const char* name;
  };
  const Named fields[] = {{&mf::TrainOptions::reg_user, "reg_user"},
                          {&mf::TrainOptions::reg_item, "reg_item"},
                          {&mf::TrainOptions::reg_user_bias, "reg_user_bias"},
                          {&mf::TrainOptions::reg_item_bias, "reg_item_bias"}};
  for (auto base : {als(), sgd()}) {
    for (const auto& f : fields) {
      for (double bad : {-0.01, -1.0, kNaN, kInf}) {
        INFO(f.name << " = " << bad);
        auto o = base;
        o.*(f.field) = bad;
        expect_rejected(o, f.name);
      }
      auto o = base;
      o.*(f.field) = 0.0;  // no regularization is allowed
      CHECK_NOTHROW(mf::validate(o));
    }
  }
}

TEST_CASE("validate rejects a non-positive or non-finite SGD learning rate", "[options]") {
  for (double bad : {0.0, -0.01, kNaN, kInf}) {
    INFO("learning_rate = " << bad);
    auto o = sgd();
    o.learning_rate = bad;
    expect_rejected(o, "learning_rate");
  }
  auto o = sgd();
  o.learning_rate = 100.0;  // large but legal: it may diverge, which training reports
  CHECK_NOTHROW(mf::validate(o));
}

TEST_CASE("validate rejects a non-positive iteration count", "[options]") {
  for (auto base : {als(), sgd()}) {
    auto o = base;
    o.iterations = 0;
    expect_rejected(o, "iterations", "0");
    o.iterations = -5;
    expect_rejected(o, "iterations", "-5");
    o.iterations = 1;
    CHECK_NOTHROW(mf::validate(o));
  }
}

TEST_CASE("validate rejects a negative or non-finite init_std", "[options]") {
  for (auto base : {als(), sgd()}) {
    for (double bad : {-0.1, kNaN, kInf}) {
      INFO("init_std = " << bad);
      auto o = base;
      o.init_std = bad;
      expect_rejected(o, "init_std");
    }
  }
}

TEST_CASE("validate rejects missing_as_zero together with biases", "[options]") {
  auto o = als();
  o.missing_as_zero = true;
  o.biases = true;
  o.reg_scaling = mf::RegScaling::None;  // plain lambda, as the mode wants: only biases conflict
  auto e = catch_error([&] { mf::validate(o); });
  CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
  INFO(e.what());
  CHECK(mft::names_parameter(e.what(), "missing_as_zero"));
  o.biases = false;
  o.reg_scaling = mf::RegScaling::None;
  CHECK_NOTHROW(mf::validate(o));
}

TEST_CASE("validate rejects more factors than the larger of the user and item counts", "[options]") {
  for (auto base : {als(), sgd()}) {
    auto o = base;
    o.factors = 40;
    auto e = catch_error([&] { mf::validate(o, 12, 30); });
    CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
    INFO(e.what());
    CHECK(contains(e.what(), "factors (40)"));
    CHECK(contains(e.what(), "12 users, 30 items"));
    o.factors = 30;
    CHECK_NOTHROW(mf::validate(o, 12, 30));
  }
}

TEST_CASE("validate rejects an absurd iteration count and a non-finite learning rate naming the value", "[options]") {
  auto o = als();
  o.iterations = 100001;
  expect_rejected(o, "iterations", "100001");
  auto s = sgd();
  s.learning_rate = kNaN;
  expect_rejected(s, "learning_rate", "nan");
  s.learning_rate = -kInf;
  expect_rejected(s, "learning_rate", "-inf");
}
