// The mf tool's tables and what is built from them: every option is in the
// usage of the commands that take it, an option a command does not take is an
// error naming both, keys are spelled as the flag the user typed, defaults
// come from the core's structs, and the learning curve has one set of column
// names in all three formats.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include <cstdio>
#include <set>
#include <sstream>

#include "cli.hpp"
#include "commands.hpp"
#include "curve.hpp"
#include "mf/error.hpp"
#include "mf/options.hpp"

namespace {

using cli::Invocation;

Invocation read(std::vector<const char*> words) {
  words.insert(words.begin(), "mf");
  Invocation in;
  cli::read_args(int(words.size()), words.data(), in);
  return in;
}

// The message of the mf::Error that reading `words` throws, spelled as the tool spells it.
std::string error_of(std::vector<const char*> words) {
  words.insert(words.begin(), "mf");
  Invocation in;
  try {
    cli::read_args(int(words.size()), words.data(), in);
  } catch (const mf::Error& e) {
    CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
    return e.message().render([&](std::string_view key) { return cli::spell(in, key); });
  }
  FAIL("no error");
  return "";
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

TEST_CASE("the tables are consistent") {
  std::set<std::string> names;
  for (const cli::Command& c : cli::command_table()) CHECK(names.insert(c.name).second);
  for (const cli::Option& o : cli::option_table()) {
    INFO(o.flag);
    CHECK(std::string(o.flag).rfind("--", 0) == 0);
    CHECK(*o.help);
    CHECK(o.apply);
    std::istringstream commands(o.commands), required(o.required_by);
    for (std::string c; commands >> c;) CHECK(names.count(c));
    for (std::string c; required >> c;) CHECK(cli::listed(o.commands, c));
    // Rows of one flag: for different commands, all valued or all switches.
    for (const cli::Option& other : cli::option_table()) {
      if (&other == &o || std::string(other.flag) != o.flag) continue;
      CHECK(bool(*other.syntax) == bool(*o.syntax));
      for (const cli::Command& c : cli::command_table())
        CHECK_FALSE((cli::listed(o.commands, c.name) && cli::listed(other.commands, c.name)));
    }
  }
}

TEST_CASE("every option is in the usage of the commands that take it, and only there") {
  for (const cli::Command& c : cli::command_table()) {
    const std::string usage = cli::usage(&c);
    const std::string all = cli::usage(nullptr);
    CHECK(all.find(usage) != std::string::npos);
    CHECK(usage.find("\n  --help ") != std::string::npos);
    for (const cli::Option& o : cli::option_table()) {
      INFO(c.name << " " << o.flag);
      // A flag may have one row per command that reads it differently (import-spark's
      // --alpha is Spark's): the usage shows it when any row with its text is the command's.
      bool takes = false;
      for (const cli::Option& same : cli::option_table())
        takes = takes || (cli::with_value(same) == cli::with_value(o) && cli::listed(same.commands, c.name));
      CHECK((usage.find("\n  " + cli::with_value(o) + " ") != std::string::npos) == takes);
      if (!cli::find_option(o.flag, &c)) CHECK(usage.find(std::string("\n  ") + o.flag + " ") == std::string::npos);
      const std::string synopsis = usage.substr(0, usage.find('\n'));
      if (cli::listed(o.required_by, c.name)) CHECK(synopsis.find(" " + cli::with_value(o) + " ") != std::string::npos);
    }
  }
}

TEST_CASE("an option a command does not take is an error naming the command and the option") {
  CHECK(error_of({"info", "--model", "m", "--lr", "5"}).rfind("mf info does not take --lr", 0) == 0);
  CHECK(error_of({"grid", "r.csv", "--reg-user", "1"}).rfind("mf grid does not take --reg-user", 0) == 0);
  for (const cli::Command& c : cli::command_table())
    for (const cli::Option& o : cli::option_table()) {
      if (cli::find_option(o.flag, &c)) continue;
      INFO(c.name << " " << o.flag);
      const std::string message = error_of({c.name, o.flag, "1"});
      CHECK(message.find(std::string("mf ") + c.name + " does not take " + o.flag) != std::string::npos);
    }
  CHECK(error_of({"train", "r.csv", "--bogus"}).rfind("unknown option '--bogus'", 0) == 0);
  CHECK(error_of({"recommend", "--model", "m"}).rfind("mf recommend needs --user ID", 0) == 0);
  CHECK(error_of({"train"}).rfind("mf train takes 1 operand, RATINGS (got 0)", 0) == 0);
  CHECK(error_of({"info", "--model", "m", "extra"}).rfind("mf info takes no operands", 0) == 0);
}

TEST_CASE("a key is spelled as the flag the user typed") {
  auto reg_user = [](std::vector<const char*> words) { return cli::spell(read(words), "reg_user"); };
  CHECK(reg_user({"train", "r.csv"}) == "--reg-user");
  CHECK(reg_user({"train", "r.csv", "--reg", "-1"}) == "--reg");
  CHECK(reg_user({"train", "r.csv", "--reg", "1", "--reg-user", "-1"}) == "--reg-user");
  CHECK(reg_user({"train", "r.csv", "--reg-user", "-1", "--reg", "1"}) == "--reg-user");
  CHECK(reg_user({"grid", "r.csv", "--reg", "-1"}) == "--reg");
  CHECK(cli::spell(read({"grid", "r.csv"}), "regularization") == "--reg");
  CHECK(cli::spell(read({"train", "r.csv"}), "learning_rate") == "--lr");
  CHECK(cli::spell(read({"train", "r.csv"}), "missing_as_zero") == "--missing-zero");
  CHECK(cli::spell(read({"train", "r.csv"}), "min_train") == "the minimum training ratings per user");
  // Every key the core names settings by has a spelling of this tool's.
  for (const char* key : {"factors", "iterations", "algorithm", "biases", "reg_user", "reg_item", "reg_user_bias",
                          "reg_item_bias", "regularization", "reg_scaling", "missing_as_zero", "learning_rate",
                          "init_std", "seed", "test_fraction", "holdout", "min_train", "format", "duplicates",
                          "scale", "validation_fraction"}) {
    INFO(key);
    CHECK(cli::spell(Invocation{}, key).find('_') == std::string::npos);
  }
  CHECK(error_of({"train", "r.csv", "--algorithm", "svd"}) == "--algorithm must be 'als', 'sgd' or 'ials' (got 'svd')");
  CHECK(error_of({"train", "r.csv", "--lr", "inf"}) == "--lr must be a finite number (got 'inf')");
  CHECK(error_of({"grid", "r.csv", "--factors", "2,,3"}) == "--factors must be an integer (got '')");
  CHECK(error_of({"foldin", "--model", "m", "--rate", "1:x"}) == "--rate rating must be a finite number (got 'x')");
  CHECK(error_of({"train", "r.csv", "--output", "xml"}) == "--output must be one of table, csv, json (got 'xml')");
}

TEST_CASE("defaults are the core's, and options apply in table order") {
  const cli::Settings s = read({"train", "r.csv"}).settings;
  CHECK(s.split.test_fraction == mf::SplitOptions{}.test_fraction);
  CHECK(s.split.seed == mf::SplitOptions{}.seed);
  CHECK(s.split.method == mf::SplitOptions{}.method);
  CHECK(s.train.factors == mf::default_options(mf::TrainOptions{}.algorithm).factors);
  CHECK(s.load.scale.max == mf::LoadOptions{}.scale.max);
  CHECK(s.recommend.n == mf::RecommendOptions{}.n);
  const std::string usage = cli::usage(cli::find_command("train"));
  CHECK(usage.find("(default " + number(mf::SplitOptions{}.test_fraction) + ")") != std::string::npos);
  CHECK(usage.find("(default " + number(mf::default_options(mf::Algorithm::SGD).learning_rate) + ")") !=
        std::string::npos);

  // --algorithm picks the defaults before the settings given with it, wherever it stands.
  const mf::TrainOptions sgd = read({"train", "r.csv", "--reg", "0.5", "--algorithm", "sgd"}).settings.train;
  mf::TrainOptions want = mf::default_options(mf::Algorithm::SGD);
  CHECK(sgd.iterations == want.iterations);
  CHECK(sgd.reg_item_bias == 0.5);
  CHECK(read({"train", "r.csv", "--reg-user", "0.2", "--reg", "0.5"}).settings.train.reg_user == 0.2);
  const mf::TrainOptions zero = read({"train", "r.csv", "--missing-zero", "--reg-scaling", "count"}).settings.train;
  want = mf::with_missing_as_zero(mf::default_options(mf::TrainOptions{}.algorithm));
  CHECK(zero.missing_as_zero == want.missing_as_zero);
  CHECK(zero.biases == want.biases);
  CHECK(zero.reg_scaling == want.reg_scaling);

  CHECK(read({"grid", "r.csv"}).settings.grid.iterations == 0);  // each algorithm's own count
  CHECK(read({"grid", "r.csv", "--iterations", "7"}).settings.grid.iterations == 7);
  CHECK(read({"grid", "r.csv", "--validation-fraction", "0.2"}).settings.grid.validation_fraction == 0.2);
  const cli::Settings split = read({"train", "r.csv", "--holdout", "3", "--split-seed", "9"}).settings;
  CHECK(split.split.method == mf::SplitMethod::PerUser);
  CHECK(split.split.holdout == 3);
  CHECK(split.split.seed == 9);
}

TEST_CASE("the learning curve has the same column names in table, CSV and JSON") {
  mf::StepResult s;
  s.epoch = 1;
  s.train = {0.25, 0.5, 0.4, 10, 0};
  s.test = {1, 1, 0.75, 2, 0};
  // A header's names, without its newline.
  auto names = [](std::string header, char separator) {
    header.pop_back();
    std::vector<std::string> out;
    std::istringstream in(header);
    for (std::string w; std::getline(in, w, separator);)
      if (!w.empty()) out.push_back(w);
    return out;
  };
  const std::vector<std::string> csv_names = names(cli::CurveWriter("csv").header(), ',');
  REQUIRE(csv_names.size() > 2);
  CHECK(csv_names.front() == "iteration");

  cli::CurveWriter json("json");
  const std::string row = json.step(s);
  std::vector<std::string> json_names;
  for (std::size_t at = row.find("\""); at != std::string::npos; at = row.find(", \"", at + 1)) {
    const std::size_t start = row.find('"', at) + 1;
    json_names.push_back(row.substr(start, row.find('"', start) - start));
  }
  CHECK(json_names == csv_names);

  const std::vector<std::string> table = names(cli::CurveWriter("table").header(), ' ');
  CHECK(table.size() > 2);
  std::size_t next = 0;  // the table's columns are some of the CSV's, in the same order
  for (const std::string& name : table) {
    while (next < csv_names.size() && csv_names[next] != name) ++next;
    CHECK(next < csv_names.size());
  }
  // Without a test set, its columns are absent rather than zero.
  s.test = {};
  CHECK(cli::CurveWriter("csv").step(s).find(",,") != std::string::npos);
  CHECK(cli::CurveWriter("json").step(s).find("\"testRmse\": null") != std::string::npos);
}

TEST_CASE("implicit ALS: every setting has its flag, its defaults are shown per algorithm") {
  const mf::TrainOptions o =
      read({"train", "r.csv", "--alpha", "2", "--confidence", "log", "--epsilon", "0.5", "--reg-exponent", "1",
            "--positive-threshold", "3.5", "--solver", "cholesky", "--cg-steps", "7", "--algorithm", "ials"})
          .settings.train;
  CHECK(o.algorithm == mf::Algorithm::ImplicitALS);
  CHECK(o.factors == mf::default_options(mf::Algorithm::ImplicitALS).factors);  // --algorithm first
  CHECK(o.alpha == 2);
  CHECK(o.confidence == mf::Confidence::Log);
  CHECK(o.epsilon == 0.5);
  CHECK(o.reg_exponent == 1);
  CHECK(o.positive_threshold == 3.5);
  CHECK(o.solver == mf::ImplicitSolver::Cholesky);
  CHECK(o.cg_steps == 7);
  const std::string usage = cli::usage(cli::find_command("train"));
  CHECK(usage.find("(default 40 for als and sgd, 64 for ials)") != std::string::npos);
  CHECK(usage.find("--confidence constant|rating|log") != std::string::npos);
  CHECK(error_of({"train", "r.csv", "--confidence", "x"}) == "--confidence must be 'constant', 'rating' or 'log' (got 'x')");
  CHECK(error_of({"grid", "r.csv", "--alpha", "1"}) == "mf grid does not take --alpha (run 'mf grid --help' for usage)");
  const cli::Settings s = read({"evaluate", "--ratings", "r.csv", "--implicit", "--shrinkage", "0", "--all-relevant",
                                "--threshold", "3", "--damping", "4"}).settings;
  CHECK(s.load.implicit);
  CHECK(s.recommend.shrinkage == 0);
  CHECK(s.ranking.any_rating_relevant);
  CHECK(s.ranking.threshold == 3.0f);
  CHECK(s.damping == 4);
  CHECK(read({"recommend", "--model", "m", "--user", "1"}).settings.recommend.shrinkage == mf::kDefaultShrinkage);
}

TEST_CASE("mf evaluate reads its metrics list once, and names what it cannot read") {
  const std::vector<cli::Metric> m = cli::parse_metrics("rmse,mae,ndcg@10,precision@5,hit@1,coverage@100000,auc");
  REQUIRE(m.size() == 7);
  CHECK(m[0].name == "rmse");
  CHECK(m[0].k == 0);
  CHECK(m[2].base == "ndcg");
  CHECK(m[2].k == 10);
  CHECK(m[3].k == 5);
  CHECK(m[5].k == 100000);
  CHECK(m[6].base == "auc");
  for (const char* bad : {"ndcg", "rmse@10", "auc@5", "ndcg@", "ndcg@x", "ndcg@0", "ndcg@100001", "ndcg@-1", "NDCG@10", ""}) {
    INFO(bad);
    try {
      cli::parse_metrics(bad);
      FAIL("no error");
    } catch (const mf::Error& e) {
      CHECK(e.parameter() == "metrics");
      CHECK(std::string(e.what()).find("'" + std::string(bad) + "'") != std::string::npos);
    }
  }
}

TEST_CASE("the curve of implicit ALS shows its objective, and no rating error") {
  mf::StepResult s;
  s.epoch = 1;
  s.objective = 12.5;
  const std::string table = cli::CurveWriter("table", false).header() + cli::CurveWriter("table", false).step(s);
  CHECK(table.find("objective") != std::string::npos);
  CHECK(table.find("12.5") != std::string::npos);
  CHECK(table.find(" - ") != std::string::npos);
  CHECK(cli::CurveWriter("table").header().find("objective") == std::string::npos);  // explicit: as before
  CHECK(cli::CurveWriter("csv", false).step(s).rfind("1,,,,,,,12.5,", 0) == 0);
  const std::string json = cli::CurveWriter("json", false).step(s);
  CHECK(json.find("\"trainRmse\": null") != std::string::npos);
  CHECK(json.find("\"objective\": 12.5") != std::string::npos);
}
