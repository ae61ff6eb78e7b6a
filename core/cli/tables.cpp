// The mf tool's commands and options. The usage text, the check that a
// command takes an option, the required options and the spelling of the
// core's keys in messages are all read from these two tables.
#include <algorithm>
#include <cstdio>
#include <cstdint>

#include "cli.hpp"
#include "commands.hpp"
#include "mf/spark.hpp"

namespace cli {

namespace {

std::string text(double v) { return number_text("%g", v); }
std::string text(int v) { return std::to_string(v); }
std::string text(std::uint64_t v) { return std::to_string(v); }
std::string text(mf::RegScaling v) { return mf::to_string(v); }
std::string text(mf::Confidence v) { return mf::to_string(v); }
std::string text(mf::ImplicitSolver v) { return mf::to_string(v); }

template <typename T>
std::string text(const std::vector<T>& list) {
  std::string out;
  for (const T& v : list) out += (out.empty() ? "" : ",") + text(v);
  return out;
}

// The defaults of every algorithm: "X", or "X for als and sgd, Y for ials".
template <typename Field>
std::string by_algorithm(Field field) {
  std::vector<std::pair<std::string, std::string>> groups;  // value, the algorithms that have it
  for (mf::Algorithm a : {mf::Algorithm::ALS, mf::Algorithm::SGD, mf::Algorithm::ImplicitALS}) {
    const std::string v = field(mf::default_options(a));
    auto same = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == v; });
    if (same == groups.end()) groups.push_back({v, mf::to_string(a)});
    else same->second += std::string(" and ") + mf::to_string(a);
  }
  if (groups.size() == 1) return groups[0].first;
  std::string out;
  for (const auto& [value, algorithms] : groups) out += (out.empty() ? "" : ", ") + value + " for " + algorithms;
  return out;
}

void read(const Value& v, double& to) { to = v.number(); }
void read(const Value& v, int& to) { to = v.count(); }
void read(const Value& v, std::uint64_t& to) { to = v.natural(); }

// A training setting read as its type says, and its default.
template <auto Field>
void set_train(Settings& s, const Value& v) {
  read(v, s.train.*Field);
}
// A training setting of an enum type, read by the core's parser of its names.
template <auto Field, auto Parse>
void set_train_choice(Settings& s, const Value& v) {
  s.train.*Field = Parse(v.text);
}
template <auto Field>
std::string train_default(const Option&) {
  return by_algorithm([](const mf::TrainOptions& o) { return text(o.*Field); });
}

// A comma-separated list of numbers.
template <typename T>
std::vector<T> list_of(const Value& v) {
  std::vector<T> out;
  for (const Value& part : v.split(',')) {
    T x;
    read(part, x);
    out.push_back(x);
  }
  return out;
}

// The choice of the row's syntax that `parse` reads as `value` (its name,
// without restating the parser's vocabulary).
template <typename T, typename Parse>
std::string choice_of(const Option& row, T value, Parse parse) {
  for (const Value& c : Value{row.flag, row.syntax, ""}.split('|'))
    if (parse(c.text) == value) return c.text;
  return "";
}

void set_reg(Settings& s, const Value& v) {
  s.train.reg_user = s.train.reg_item = s.train.reg_user_bias = s.train.reg_item_bias = v.number();
}

const Settings kDefaults;
const mf::SparkSettings kSpark;

}  // namespace

const std::vector<Command>& command_table() {
  static const std::vector<Command> commands = {
      {"train", "RATINGS", "train on a ratings file and print the learning curve, one line per iteration", run_train},
      {"grid", "RATINGS",
       "grid search over factors, regularization (and SGD learning rate): every cell is judged on a validation "
       "share of the training ratings, and the chosen one is measured once on the test set",
       run_grid},
      {"evaluate", "",
       "measure a saved model or a baseline on a test set: rating error and the quality of its top-k lists "
       "(docs/ranking.md)",
       run_evaluate},
      {"recommend", "", "top-N items for a user of a saved model", run_recommend},
      {"similar", "", "items most similar to an item of a saved model", run_similar},
      {"foldin", "", "recommendations for a new user from a few of their ratings", run_foldin},
      {"info", "", "describe a saved model", run_info},
      {"import-spark", "DIR",
       "turn a model saved by Spark MLlib's ALS (ALSModel.save's folder with its factors as JSON lines, or the part "
       "files of itemFactors.write.json) into a model file for recommend, similar, foldin and info",
       run_import_spark},
  };
  return commands;
}

const std::vector<Option>& option_table() {
  const char* data = "reading ratings";
  const char* split = "train/test split";
  const char* training = "training";
  const char* output = "output";
  const char* model = "using a saved model";
  const char* ranking = "evaluating top-k lists";
  const char* loaders = "train grid recommend evaluate";
  const char* trainers = "train grid";
  const char* splitters = "train grid evaluate";
  const char* users = "recommend similar foldin";
  const char* spark = "a Spark model";
  static const std::vector<Option> options = {
      {"--format", "auto|csv|tsv|dat", data, loaders, "", "format", "ratings file format; auto detects it",
       [](Settings& s, const Value& v) { s.load.format = mf::parse_format(v.text); },
       [](const Option&) -> std::string { return mf::to_string(kDefaults.load.format); }},
      {"--duplicates", "error|last", data, loaders, "", "duplicates",
       "a repeated (user, item) pair is an error, or the later line replaces the earlier",
       [](Settings& s, const Value& v) { s.load.duplicates = mf::parse_duplicate_policy(v.text); },
       [](const Option& o) { return choice_of(o, kDefaults.load.duplicates, mf::parse_duplicate_policy); }},
      {"--skip-bad-lines", "", data, loaders, "", "", "skip malformed lines and report them instead of stopping",
       [](Settings& s, const Value&) { s.load.skip_bad_lines = true; }, nullptr},
      {"--scale", "MIN,MAX", data, "train grid recommend import-spark", "", "scale",
       "rating scale; ratings outside it are errors, predictions are clipped to it",
       [](Settings& s, const Value& v) {
         const std::vector<Value> ends = v.split(',', "min max");
         s.load.scale = {float(ends[0].number()), float(ends[1].number())};
       },
       [](const Option&) { return text(kDefaults.load.scale.min) + "," + text(kDefaults.load.scale.max); }},
      {"--implicit", "", data, loaders, "", "implicit",
       "implicit feedback: lines are user,item[,count], the count 1 when absent and any number > 0 up to 1e9",
       [](Settings& s, const Value&) { s.load.implicit = true; }, nullptr},

      {"--test-fraction", "F", split, splitters, "", "test_fraction", "random split: the share of ratings in test",
       [](Settings& s, const Value& v) { s.split.test_fraction = v.number(); },
       [](const Option&) { return text(kDefaults.split.test_fraction); }},
      {"--holdout", "N", split, splitters, "", "holdout", "per-user split instead: N ratings of every user in test",
       [](Settings& s, const Value& v) {
         s.split.method = mf::SplitMethod::PerUser;
         s.split.holdout = v.natural();
       },
       nullptr},
      // No key: no message of the core names the split's seed ("seed" is the training seed's key).
      {"--split-seed", "N", split, splitters, "", "", "seed of the split",
       [](Settings& s, const Value& v) { s.split.seed = v.natural(); },
       [](const Option&) { return text(kDefaults.split.seed); }},
      {"--test", "FILE", split, "train evaluate", "", "",
       "a test set of its own, sharing the ratings' ids (u1.test beside u1.base), instead of a split; its ratings "
       "of users or items the training data lacks are left out and counted",
       [](Settings& s, const Value& v) { s.test = v.text; }, nullptr},

      // --algorithm first: it replaces every training setting with its algorithm's defaults.
      {"--algorithm", "als|sgd|ials", training, trainers, "", "algorithm",
       "alternating least squares, stochastic gradient descent, or implicit-feedback ALS (ials, train only)",
       [](Settings& s, const Value& v) { s.train = mf::default_options(mf::parse_algorithm(v.text)); },
       [](const Option&) -> std::string { return mf::to_string(kDefaults.train.algorithm); }},
      {"--factors", "K", training, "train", "", "factors", "latent factors",
       set_train<&mf::TrainOptions::factors>, train_default<&mf::TrainOptions::factors>},
      {"--factors", "K,K,...", training, "grid", "", "factors", "latent factor counts to try",
       [](Settings& s, const Value& v) { s.grid.factors = list_of<int>(v); },
       [](const Option&) { return text(kDefaults.grid.factors); }},
      // Absent, the grid runs each algorithm's own count (GridSpec::iterations 0).
      {"--iterations", "N", training, trainers, "", "iterations", "ALS sweeps or SGD epochs",
       [](Settings& s, const Value& v) { s.train.iterations = s.grid.iterations = v.count(); },
       train_default<&mf::TrainOptions::iterations>},
      // --reg before the four terms: a term given alone overrides it.
      {"--reg", "X", training, "train", "", "reg_user reg_item reg_user_bias reg_item_bias",
       "all four regularization terms", set_reg, train_default<&mf::TrainOptions::reg_user>},
      {"--reg", "X,X,...", training, "grid", "",
       "regularization reg_user reg_item reg_user_bias reg_item_bias",
       "regularization values to try, each for all four terms",
       [](Settings& s, const Value& v) { s.grid.regularization = list_of<double>(v); },
       [](const Option&) { return text(kDefaults.grid.regularization); }},
      {"--reg-user", "X", training, "train", "", "reg_user", "regularization of the user factors",
       set_train<&mf::TrainOptions::reg_user>, train_default<&mf::TrainOptions::reg_user>},
      {"--reg-item", "X", training, "train", "", "reg_item", "regularization of the item factors",
       set_train<&mf::TrainOptions::reg_item>, train_default<&mf::TrainOptions::reg_item>},
      {"--reg-user-bias", "X", training, "train", "", "reg_user_bias", "regularization of the user biases",
       set_train<&mf::TrainOptions::reg_user_bias>, train_default<&mf::TrainOptions::reg_user_bias>},
      {"--reg-item-bias", "X", training, "train", "", "reg_item_bias", "regularization of the item biases",
       set_train<&mf::TrainOptions::reg_item_bias>, train_default<&mf::TrainOptions::reg_item_bias>},
      {"--reg-scaling", "none|count", training, trainers, "", "reg_scaling",
       "ALS: plain lambda, or lambda times the row's rating count",
       [](Settings& s, const Value& v) { s.train.reg_scaling = mf::parse_reg_scaling(v.text); },
       train_default<&mf::TrainOptions::reg_scaling>},
      {"--lr", "X", training, "train", "", "learning_rate", "SGD learning rate",
       set_train<&mf::TrainOptions::learning_rate>, train_default<&mf::TrainOptions::learning_rate>},
      {"--lr", "X,X,...", training, "grid", "", "learning_rate", "SGD learning rates to try",
       [](Settings& s, const Value& v) { s.grid.learning_rates = list_of<double>(v); },
       train_default<&mf::TrainOptions::learning_rate>},
      {"--validation-fraction", "F", training, "grid", "", "validation_fraction",
       "the share of the training ratings each cell is judged on",
       [](Settings& s, const Value& v) { s.grid.validation_fraction = v.number(); },
       [](const Option&) { return text(kDefaults.grid.validation_fraction); }},
      {"--no-biases", "", training, trainers, "", "biases", "predict p.q alone, without the mean and bias terms",
       [](Settings& s, const Value&) { s.train.biases = false; }, nullptr},
      // After --no-biases and --reg-scaling: the mode sets both its own way.
      {"--missing-zero", "", training, trainers, "", "missing_as_zero",
       "the textbook ALS that treats every missing rating as 0 (no biases, plain lambda)",
       [](Settings& s, const Value&) { s.train = mf::with_missing_as_zero(s.train); }, nullptr},
      {"--solver", "cholesky|cg", training, "train", "", "solver",
       "ials: solve each row exactly, or by --cg-steps steps of conjugate gradient",
       set_train_choice<&mf::TrainOptions::solver, mf::parse_implicit_solver>, train_default<&mf::TrainOptions::solver>},
      {"--cg-steps", "N", training, "train", "", "cg_steps", "ials: conjugate-gradient steps per row",
       set_train<&mf::TrainOptions::cg_steps>, train_default<&mf::TrainOptions::cg_steps>},
      {"--alpha", "X", training, "train", "", "alpha", "ials: a positive's confidence is 1 + alpha w(r)",
       set_train<&mf::TrainOptions::alpha>, train_default<&mf::TrainOptions::alpha>},
      {"--confidence", "constant|rating|log", training, "train", "", "confidence",
       "ials: w(r) = 1, r, or log(1 + r / epsilon)",
       set_train_choice<&mf::TrainOptions::confidence, mf::parse_confidence>, train_default<&mf::TrainOptions::confidence>},
      {"--epsilon", "X", training, "train", "", "epsilon", "ials: epsilon of --confidence log",
       set_train<&mf::TrainOptions::epsilon>, train_default<&mf::TrainOptions::epsilon>},
      {"--reg-exponent", "X", training, "train", "", "reg_exponent",
       "ials: each row's lambda times its total confidence to this power (0: plain lambda)",
       set_train<&mf::TrainOptions::reg_exponent>, train_default<&mf::TrainOptions::reg_exponent>},
      {"--positive-threshold", "X", training, "train", "", "positive_threshold",
       "ials: ratings (or counts) at or above it are the positives",
       set_train<&mf::TrainOptions::positive_threshold>, train_default<&mf::TrainOptions::positive_threshold>},
      {"--init-std", "X", training, trainers, "", "init_std", "standard deviation of the initial factors",
       set_train<&mf::TrainOptions::init_std>, train_default<&mf::TrainOptions::init_std>},
      {"--seed", "N", training, trainers, "", "seed", "seed of the initialisation and of the SGD order",
       set_train<&mf::TrainOptions::seed>, train_default<&mf::TrainOptions::seed>},
      {"--threads", "N", training, trainers, "", "threads",
       "threads per training step, 0 for all cores (ALS: same results for any N; SGD: N > 1 runs stratified blocks)",
       set_train<&mf::TrainOptions::threads>, train_default<&mf::TrainOptions::threads>},

      {"--output", "table|csv|json", output, "train evaluate", "", "", "learning-curve or evaluation format",
       [](Settings& s, const Value& v) { s.output = v.choice(); },
       [](const Option&) { return kDefaults.output; }},
      {"--save", "FILE", output, "train import-spark", "import-spark", "", "save the model to FILE",
       [](Settings& s, const Value& v) { s.save = v.text; }, nullptr},

      {"--model", "FILE", model, "recommend similar foldin info evaluate", "recommend similar foldin info", "",
       "a model saved by 'mf train --save'", [](Settings& s, const Value& v) { s.model = v.text; }, nullptr},
      {"--user", "ID", model, "recommend", "recommend", "", "the user's MovieLens id",
       [](Settings& s, const Value& v) { s.user = v.integer(); }, nullptr},
      {"--item", "ID", model, "similar", "similar", "", "the item's MovieLens id",
       [](Settings& s, const Value& v) { s.item = v.integer(); }, nullptr},
      {"--measure", "cosine|dot", model, "similar", "", "measure",
       "compare item vectors by their angle (cosine) or by their dot product, which favours popular items",
       [](Settings& s, const Value& v) { s.similarity = mf::parse_similarity(v.choice()); },
       [](const Option&) { return std::string(mf::similarity_name(kDefaults.similarity)); }},
      {"--rate", "ITEM:RATING", model, "foldin", "foldin", "", "one of the new user's ratings (repeat it)",
       [](Settings& s, const Value& v) {
         const std::vector<Value> parts = v.split(':', "item rating");
         s.rates.push_back({parts[0].integer(), float(parts[1].number())});
       },
       nullptr},
      {"--n", "N", model, users, "", "", "how many results",
       [](Settings& s, const Value& v) {
         s.recommend.n = v.natural();
         if (s.recommend.n < 1) v.bad("at least 1");
       },
       [](const Option&) { return text(std::uint64_t(kDefaults.recommend.n)); }},
      {"--min-ratings", "N", model, users, "", "", "skip items with fewer training ratings",
       [](Settings& s, const Value& v) {
         s.recommend.min_ratings = std::uint32_t(std::min<std::uint64_t>(v.natural(), UINT32_MAX));
       },
       [](const Option&) { return text(std::uint64_t(kDefaults.recommend.min_ratings)); }},
      {"--ratings", "FILE", model, "recommend evaluate", "evaluate", "",
       "the training ratings: the user's rated items are not recommended; evaluate splits them into train and "
       "test unless --test is given",
       [](Settings& s, const Value& v) { s.ratings = v.text; }, nullptr},
      {"--shrinkage", "X", model, "recommend foldin evaluate", "", "shrinkage",
       "explicit models rank by mu + b_u + w (b_i + p.q), w = n_i / (n_i + X); 0 ranks by the predicted rating",
       [](Settings& s, const Value& v) { s.recommend.shrinkage = v.number(); },
       [](const Option&) { return text(kDefaults.recommend.shrinkage); }},
      {"--include-rated", "", model, "recommend", "", "", "do not skip rated items (no --ratings needed)",
       [](Settings& s, const Value&) { s.include_rated = true; }, nullptr},
      {"--movies", "FILE", model, users, "", "", "movies.csv, to print titles",
       [](Settings& s, const Value& v) { s.movies = v.text; }, nullptr},

      {"--baseline", "popularity|damped-mean", ranking, "evaluate", "", "",
       "evaluate a baseline instead of --model: the most rated items, or the best damped mean rating",
       [](Settings& s, const Value& v) { s.baseline = v.choice(); }, nullptr},
      {"--damping", "X", ranking, "evaluate", "", "damping", "damped mean: (sum + X mu) / (count + X)",
       [](Settings& s, const Value& v) { s.damping = v.number(); },
       [](const Option&) { return text(kDefaults.damping); }},
      {"--metrics", "LIST", ranking, "evaluate", "", "metrics k",
       "comma-separated: rmse, mae, mse, auc, and precision, recall, ndcg, map, hit, coverage with @K "
       "(ndcg@10)",
       [](Settings& s, const Value& v) { s.metrics = v.text; },
       [](const Option&) {
         return "rmse,mae," + std::string(kRankingMetrics) + "; rmse,mae for ALS and SGD models only";
       }},
      {"--threshold", "X", ranking, "evaluate", "", "threshold", "a test rating at or above it is relevant",
       [](Settings& s, const Value& v) { s.ranking.threshold = float(v.number()); },
       [](const Option&) { return text(double(kDefaults.ranking.threshold)); }},
      {"--all-relevant", "", ranking, "evaluate", "", "any_rating_relevant",
       "every test rating is relevant (implied by --implicit)",
       [](Settings& s, const Value&) { s.ranking.any_rating_relevant = true; }, nullptr},
      // import-spark: Spark's settings by Spark's names (the model's metadata holds none of them).
      {"--reg-param", "X", spark, "import-spark", "", "reg_param", "Spark's regParam, for fold-in",
       [](Settings& s, const Value& v) { s.reg_param = v.number(); }, [](const Option&) { return text(kSpark.reg_param); }},
      {"--implicit-prefs", "", spark, "import-spark", "", "implicit_prefs", "the model was trained with implicitPrefs",
       [](Settings& s, const Value&) { s.implicit_prefs = true; }, nullptr},
      {"--alpha", "X", spark, "import-spark", "", "alpha", "Spark's alpha (implicitPrefs only)",
       [](Settings& s, const Value& v) { s.alpha = v.number(); }, [](const Option&) { return text(kSpark.alpha); }},
      {"--max-iter", "N", spark, "import-spark", "", "max_iter", "Spark's maxIter (kept as the model's iterations)",
       [](Settings& s, const Value& v) { s.max_iter = v.count(); }, [](const Option&) { return text(kSpark.max_iter); }},
  };
  return options;
}

std::string_view plain_words(std::string_view key) {
  if (key == "min_train") return "the minimum training ratings per user";
  return {};
}

}  // namespace cli
