// The mf tool's parts: the settings its options fill, the table of commands,
// the table of options (one row per option and value syntax, naming the
// commands that take it and the core keys it sets), and what is built from
// them: the argument reader, the usage text and the spelling of the core's
// parameter keys in error messages.
//
// Adding a command is one row of command_table() (tables.cpp), one function
// (commands.hpp), and its name in the rows of the options it takes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mf/dataset.hpp"
#include "mf/grid.hpp"
#include "mf/ranking.hpp"
#include "mf/recommend.hpp"
#include "mf/split.hpp"
#include "mf/train.hpp"

namespace cli {

// mf evaluate's ranking metrics when --metrics is not given (after rmse,mae
// for a model that predicts ratings).
constexpr const char* kRankingMetrics = "precision@10,recall@10,ndcg@10,map@10,hit@10,auc,coverage@10";

// What the options of every command set. The core's structs bring their own
// defaults; the defaults that belong to this tool alone are written here, once.
struct Settings {
  mf::LoadOptions load;
  mf::SplitOptions split;
  mf::TrainOptions train = mf::default_options(mf::TrainOptions{}.algorithm);
  mf::GridSpec grid = tool_grid();
  mf::RecommendOptions recommend;
  mf::RankingOptions ranking;    // evaluate (k comes with each metric)
  std::string output = "table";  // learning-curve (or evaluation) format
  std::string save, model, ratings, movies;
  std::string test;              // a test file instead of a split
  std::string baseline;          // evaluate: a baseline instead of a model
  double damping = mf::kDefaultDamping;       // of the damped-mean baseline
  std::string metrics;           // evaluate: the metrics list ("" = the model's defaults)
  mf::RawId user = 0, item = 0;
  std::vector<std::pair<mf::RawId, float>> rates;  // foldin's ratings
  bool include_rated = false;
  mf::Similarity similarity = mf::Similarity::Cosine;  // similar: how item vectors are compared
  // import-spark: the Spark run's settings as given (unset: the metadata's, else Spark's defaults).
  std::optional<double> reg_param, alpha;
  std::optional<int> max_iter;
  bool implicit_prefs = false;

  // The grid's factor counts and lambdas when --factors and --reg are not given.
  static mf::GridSpec tool_grid() {
    mf::GridSpec g;
    g.factors = {5, 10, 20, 40};
    g.regularization = {0.01, 0.05, 0.1};
    return g;
  }
};

// One value given to an option, read as the option's syntax says. A value
// that does not read is an InvalidArgument naming the option as typed.
struct Value {
  std::string name;    // the option as the user typed it ("--lr"), or a part of it ("--rate item")
  std::string text;    // the value
  std::string syntax;  // the option's value syntax ("X", "als|sgd", "MIN,MAX")

  double number() const;          // a finite number
  int count() const;              // an integer within +-1e9
  std::int64_t integer() const;   // a 64-bit integer
  std::uint64_t natural() const;  // a non-negative integer
  // The text, which must be one of the choices of the syntax ("table|csv|json").
  const std::string& choice() const;
  // The text cut at `separator`, each part a Value named `name` + " " + the
  // matching word of `parts` ("min max"); with `parts` empty, any number of
  // parts (at least one), each named like the option.
  std::vector<Value> split(char separator, std::string_view parts = {}) const;
  [[noreturn]] void bad(const std::string& must_be) const;  // "<name> must be <must_be> (got '<text>')"
};

// A row of the option table. Rows are applied in table order (not in the
// order typed), so --algorithm, which picks the defaults, comes before the
// settings it picks them for, and --reg before the terms it sets at once.
struct Option {
  const char* flag;         // "--lr"
  const char* syntax;       // the value syntax ("X", "K,K,..."); "" for a switch
  const char* group;        // the usage's heading for it
  const char* commands;     // the commands that take it, space-separated
  const char* required_by;  // those of them that cannot run without it
  const char* keys;         // the core's keys (mf::Error parameters) of what it sets, space-separated
  const char* help;
  void (*apply)(Settings& settings, const Value& value);
  // The default shown in the usage, read from the structs above (nullptr: none).
  std::string (*shown_default)(const Option& self);
};

struct Invocation;

struct Command {
  const char* name;
  const char* operands;  // what follows the name, space-separated ("RATINGS"), "" for nothing
  const char* summary;
  int (*run)(const Invocation& invocation);  // the exit status
};

// The command line, read.
struct Invocation {
  const Command* command = nullptr;
  bool help = false;  // --help or 'mf help [command]'
  std::vector<std::string> operands;
  std::vector<std::pair<const Option*, std::string>> given;  // options and values, as typed
  Settings settings;  // the defaults with every given option applied
};

const std::vector<Command>& command_table();
const std::vector<Option>& option_table();
// Keys of settings no option sets, in plain words ("min_train").
std::string_view plain_words(std::string_view key);

bool listed(const char* words, std::string_view word);  // `word` is one of the space-separated `words`
std::string with_value(const Option& option);
// A number printed with a printf format ("%g", "%.6f"): the one place the tool formats numbers.
std::string number_text(const char* format, double v);
// A metric as the tool prints it: six decimals in a table, every digit
// (round-tripping) in CSV and JSON.
inline std::string metric_text(double v, bool table) { return number_text(table ? "%.6f" : "%.17g", v); }           // "--lr X", "--no-biases"
bool typed(const Invocation& invocation, const Option& option);  // the user gave this row
const Command* find_command(std::string_view name);
// The row of `flag` that `command` takes (nullptr: any row of the flag; none: nullptr).
const Option* find_option(std::string_view flag, const Command* command);

// Reads argv into `out` (filled as far as it got when it throws): the command,
// its operands and options, each option checked against the command, then
// applied to out.settings. Throws mf::Error(InvalidArgument).
void read_args(int argc, const char* const* argv, Invocation& out);

// The usage of one command, or of the tool (command nullptr): generated from the tables.
std::string usage(const Command* command);

// A core key as this tool spells it: the flag of the command's row that sets
// it, preferring one the user typed and, of those, the narrowest (--reg-user
// over --reg when both were given, --reg when only it was); plain words for
// a key no option sets.
std::string spell(const Invocation& invocation, std::string_view key);

// mf::Error(InvalidArgument) with `message` and where to find the usage.
[[noreturn]] void usage_error(const Command* command, const std::string& message);

}  // namespace cli
