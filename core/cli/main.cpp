// mf: train, evaluate and use matrix-factorization recommenders from the shell.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "mf/error.hpp"
#include "mf/grid.hpp"
#include "mf/io.hpp"
#include "mf/recommend.hpp"
#include "mf/split.hpp"
#include "mf/train.hpp"

namespace {

const char* kUsage = R"(usage: mf <command> [options]

commands:
  train <ratings>      train and print the learning curve (one line per iteration)
  grid <ratings>       grid search over factors, regularization (and learning rate)
  recommend            top-N items for a user of a saved model
  similar              items most similar to an item of a saved model
  foldin               recommendations for a new user from a few ratings
  info                 describe a saved model

data options (train, grid):
  --format auto|csv|tsv|dat    ratings format (default: detect)
  --duplicates error|last      a repeated (user, item) pair is an error (default) or replaces the earlier
  --skip-bad-lines             skip malformed lines and report them instead of stopping
  --scale MIN,MAX              rating scale (default 0.5,5; both within -1e9..1e9)
  --test-fraction F            random split, share of ratings in test (default 0.1)
  --holdout N                  per-user split: N ratings of every user in test instead
  --split-seed N               seed of the split (default 42)

training options (train, grid):
  --algorithm als|sgd          (default als)
  --factors K                  latent factors (default 40)
  --iterations N               ALS sweeps or SGD epochs (default: 10 for ALS, 30 for SGD)
  --reg X                      all four regularization terms
  --reg-user X, --reg-item X, --reg-user-bias X, --reg-item-bias X
  --reg-scaling none|count     ALS: plain lambda or lambda x row count (default count)
  --lr X                       SGD learning rate (default 0.01)
  --no-biases                  predict p.q alone (the seeds' ALS)
  --missing-zero               ALS teaching mode: fit every unrated cell as 0 (implies --no-biases --reg-scaling none)
  --init-std X                 standard deviation of the initial factors (default 0.1)
  --seed N                     seed of the initialisation and SGD order (default 42)
  --output table|csv|json      learning-curve format (default table)
  --save FILE                  save the trained model

grid options:  --factors 5,10,20  --reg 0.01,0.1,1  --lr 0.005,0.01  --iterations N

model options (recommend, similar, foldin, info):
  --model FILE                 a model saved by 'mf train --save'
  --user ID / --item ID        raw MovieLens ids
  --n N                        how many results (default 10)
  --ratings FILE               the ratings the model was trained on, to skip items the user rated
  --include-rated              recommend: do not skip rated items (no --ratings needed)
  --min-ratings N              similar/recommend: skip items with fewer training ratings (default 1)
  --movies FILE                movies.csv, to print titles
  --rate ITEM:RATING           foldin: one of the new user's ratings (repeat)
)";

struct Args {
  std::string command;
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> values;
  std::map<std::string, bool> flags;

  bool has(const std::string& k) const { return values.count(k) > 0; }
  std::string get(const std::string& k, const std::string& def = "") const {
    auto it = values.find(k);
    return it == values.end() ? def : it->second.back();
  }
  bool flag(const std::string& k) const { return flags.count(k) > 0; }
};

const std::vector<std::string> kFlags = {"--skip-bad-lines", "--no-biases", "--missing-zero",
                                         "--include-rated", "--help"};
const std::vector<std::string> kValued = {
    "--format", "--duplicates", "--scale", "--test-fraction", "--holdout", "--split-seed",
    "--algorithm", "--factors", "--iterations", "--reg", "--reg-user", "--reg-item",
    "--reg-user-bias", "--reg-item-bias", "--reg-scaling", "--lr", "--init-std", "--seed",
    "--output", "--save", "--model", "--user", "--item", "--n", "--ratings", "--min-ratings",
    "--movies", "--rate"};

// A setting's key (mf::Error) as this tool spells it: its flag.
std::string flag_spelling(std::string_view key) {
  static const std::map<std::string, std::string, std::less<>> special = {
      {"learning_rate", "--lr"}, {"regularization", "--reg"}, {"missing_as_zero", "--missing-zero"},
      {"biases", "biases (--no-biases)"}, {"min_train", "the minimum training ratings per user"},
      {"seed", "--seed"}};
  if (auto it = special.find(key); it != special.end()) return it->second;
  std::string flag = "--" + std::string(key);
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

[[noreturn]] void usage_error(const std::string& message) {
  throw mf::Error(mf::ErrorKind::InvalidArgument, message + " (run 'mf --help' for usage)");
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int k = 1; k < argc; ++k) {
    std::string s = argv[k];
    auto in = [&](const std::vector<std::string>& v) { return std::find(v.begin(), v.end(), s) != v.end(); };
    if (s.rfind("--", 0) == 0) {
      if (in(kFlags)) {
        a.flags[s] = true;
      } else if (in(kValued)) {
        if (k + 1 >= argc) usage_error("option " + s + " needs a value");
        a.values[s].push_back(argv[++k]);
      } else {
        usage_error("unknown option '" + s + "'");
      }
    } else if (a.command.empty()) {
      a.command = s;
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

double to_double(const std::string& text, const std::string& name) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v))
    usage_error(name + " must be a finite number (got '" + text + "')");
  return v;
}

long long to_int(const std::string& text, const std::string& name) {
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE) usage_error(name + " must be an integer (got '" + text + "')");
  return v;
}

int to_count(const std::string& text, const std::string& name) {
  const long long v = to_int(text, name);
  if (v < -1000000000LL || v > 1000000000LL) usage_error(name + " is out of range (got '" + text + "')");
  return int(v);
}

std::uint64_t to_seed(const std::string& text, const std::string& name) {
  char* end = nullptr;
  errno = 0;
  if (!text.empty() && text[0] == '-') usage_error(name + " must be a non-negative integer (got '" + text + "')");
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE)
    usage_error(name + " must be a non-negative integer (got '" + text + "')");
  return v;
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string part;
  while (std::getline(ss, part, ',')) out.push_back(part);
  return out;
}

mf::LoadOptions load_options(const Args& a, const std::string& path) {
  mf::LoadOptions o;
  o.source = path;
  o.format = mf::parse_format(a.get("--format", "auto"));
  o.duplicates = mf::parse_duplicate_policy(a.get("--duplicates", "error"));
  o.skip_bad_lines = a.flag("--skip-bad-lines");
  if (a.has("--scale")) {
    auto parts = split_list(a.get("--scale"));
    if (parts.size() != 2) usage_error("--scale takes MIN,MAX (got '" + a.get("--scale") + "')");
    o.scale.min = float(to_double(parts[0], "--scale min"));
    o.scale.max = float(to_double(parts[1], "--scale max"));
  }
  return o;
}

mf::Dataset load_data(const Args& a) {
  if (a.positional.size() != 1) usage_error("'mf " + a.command + "' takes one ratings file");
  const std::string path = a.positional[0];
  mf::LoadReport report;
  mf::Dataset data = mf::load_ratings(path, load_options(a, path), &report);
  std::fprintf(stderr, "%s: %zu ratings, %zu users, %zu items (%s format)\n", path.c_str(),
               data.ratings.size(), data.n_users(), data.n_items(), mf::to_string(report.format));
  if (report.replaced) std::fprintf(stderr, "  %zu duplicate ratings replaced by later lines\n", report.replaced);
  if (report.skipped) {
    std::fprintf(stderr, "  %zu bad lines skipped:\n", report.skipped);
    for (const auto& b : report.bad_lines) std::fprintf(stderr, "    %s\n", b.message.c_str());
    if (report.skipped > report.bad_lines.size())
      std::fprintf(stderr, "    ... and %zu more\n", report.skipped - report.bad_lines.size());
  }
  return data;
}

mf::Split make_split(const Args& a, const mf::Dataset& data) {
  mf::SplitOptions o;
  if (a.has("--split-seed")) o.seed = to_seed(a.get("--split-seed"), "--split-seed");
  if (a.has("--test-fraction")) o.test_fraction = to_double(a.get("--test-fraction"), "--test-fraction");
  if (a.has("--holdout")) {
    o.method = mf::SplitMethod::PerUser;
    o.holdout = to_seed(a.get("--holdout"), "--holdout");
  }
  return mf::split(data, o);
}

mf::TrainOptions train_options(const Args& a, bool grid) {
  const mf::Algorithm algo = mf::parse_algorithm(a.get("--algorithm", "als"));
  mf::TrainOptions o = mf::default_options(algo);
  if (!grid && a.has("--factors")) o.factors = to_count(a.get("--factors"), "--factors");
  if (a.has("--iterations")) o.iterations = to_count(a.get("--iterations"), "--iterations");
  if (!grid && a.has("--reg"))
    o.reg_user = o.reg_item = o.reg_user_bias = o.reg_item_bias = to_double(a.get("--reg"), "--reg");
  if (a.has("--reg-user")) o.reg_user = to_double(a.get("--reg-user"), "--reg-user");
  if (a.has("--reg-item")) o.reg_item = to_double(a.get("--reg-item"), "--reg-item");
  if (a.has("--reg-user-bias")) o.reg_user_bias = to_double(a.get("--reg-user-bias"), "--reg-user-bias");
  if (a.has("--reg-item-bias")) o.reg_item_bias = to_double(a.get("--reg-item-bias"), "--reg-item-bias");
  if (a.has("--reg-scaling")) o.reg_scaling = mf::parse_reg_scaling(a.get("--reg-scaling"));
  if (!grid && a.has("--lr")) o.learning_rate = to_double(a.get("--lr"), "--lr");
  if (a.has("--init-std")) o.init_std = to_double(a.get("--init-std"), "--init-std");
  if (a.has("--seed")) o.seed = to_seed(a.get("--seed"), "--seed");
  if (a.flag("--no-biases")) o.biases = false;
  if (a.flag("--missing-zero")) o = mf::with_missing_as_zero(o);
  return o;
}

std::string fmt(double v, int digits = 6) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// Exact decimal form of a double for machine-readable output (round-trips).
std::string exact(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

int cmd_train(const Args& a) {
  const std::string output = a.get("--output", "table");
  if (output != "table" && output != "csv" && output != "json")
    usage_error("--output must be table, csv or json (got '" + output + "')");
  mf::Dataset data = load_data(a);
  mf::Split split = make_split(a, data);
  const mf::TrainOptions o = train_options(a, false);
  std::fprintf(stderr, "split: %zu train, %zu test ratings\n", split.train.size(), split.test.size());
  mf::Trainer trainer(data, std::move(split), o);
  if (output == "table")
    std::printf("%5s %11s %11s %10s %10s %9s\n", "iter", "train_rmse", "test_rmse", "train_mae", "test_mae", "ms");
  else if (output == "csv")
    std::printf("iteration,train_mse,train_rmse,train_mae,test_mse,test_rmse,test_mae,objective,ms,status\n");
  else
    std::printf("[");
  int exit_code = 0;
  for (int it = 0; it < o.iterations; ++it) {
    const mf::StepResult s = trainer.step();
    if (s.status == mf::Status::Diverged) {
      std::fprintf(stderr, "%s\n", s.message.c_str());
      exit_code = 3;
      break;
    }
    if (output == "table") {
      std::printf("%5d %11s %11s %10s %10s %9.1f\n", s.epoch, fmt(s.train.rmse).c_str(),
                  s.test.count ? fmt(s.test.rmse).c_str() : "-", fmt(s.train.mae).c_str(),
                  s.test.count ? fmt(s.test.mae).c_str() : "-", s.ms);
    } else if (output == "csv") {
      std::printf("%d,%s,%s,%s,%s,%s,%s,%s,%.3f,%s\n", s.epoch, exact(s.train.mse).c_str(),
                  exact(s.train.rmse).c_str(), exact(s.train.mae).c_str(), exact(s.test.mse).c_str(),
                  exact(s.test.rmse).c_str(), exact(s.test.mae).c_str(), exact(s.objective).c_str(), s.ms,
                  mf::to_string(s.status));
    } else {
      std::printf("%s\n {\"iteration\": %d, \"trainMse\": %s, \"trainRmse\": %s, \"trainMae\": %s, "
                  "\"testMse\": %s, \"testRmse\": %s, \"testMae\": %s, \"objective\": %s, \"ms\": %.3f}",
                  it ? "," : "", s.epoch, exact(s.train.mse).c_str(), exact(s.train.rmse).c_str(),
                  exact(s.train.mae).c_str(), exact(s.test.mse).c_str(), exact(s.test.rmse).c_str(),
                  exact(s.test.mae).c_str(), exact(s.objective).c_str(), s.ms);
    }
    std::fflush(stdout);
  }
  if (output == "json") std::printf("\n]\n");
  if (trainer.history().size() && trainer.history().back().test.fallback)
    std::fprintf(stderr, "note: %zu test ratings had a user or item unseen in training (fallback prediction)\n",
                 trainer.history().back().test.fallback);
  if (a.has("--save")) {
    mf::save_model_file(trainer.model(), a.get("--save"));
    std::fprintf(stderr, "model saved to %s\n", a.get("--save").c_str());
  }
  return exit_code;
}

template <typename T, typename F>
std::vector<T> parse_list(const std::string& s, const std::string& name, F convert) {
  std::vector<T> out;
  for (const auto& part : split_list(s)) out.push_back(T(convert(part, name)));
  if (out.empty()) usage_error(name + " needs at least one value");
  return out;
}

int cmd_grid(const Args& a) {
  mf::Dataset data = load_data(a);
  mf::Split split = make_split(a, data);
  mf::TrainOptions base = train_options(a, true);
  mf::GridSpec spec;
  spec.factors = parse_list<int>(a.get("--factors", "5,10,20,40"), "--factors", to_count);
  spec.regularization = parse_list<double>(a.get("--reg", "0.01,0.05,0.1"), "--reg", to_double);
  if (a.has("--lr")) spec.learning_rates = parse_list<double>(a.get("--lr"), "--lr", to_double);
  if (a.has("--iterations")) spec.iterations = base.iterations;  // else each algorithm's own count
  const bool tty = isatty(2);
  int last_percent = -1;
  mf::GridResult r = mf::grid_search(data, split, base, spec, [&](std::size_t done, std::size_t total) {
    const int percent = int(100 * done / total);
    if (percent != last_percent) {
      last_percent = percent;
      if (tty)
        std::fprintf(stderr, "\rgrid search: %3d%% (%zu/%zu steps)", percent, done, total);
      else if (percent % 10 == 0)
        std::fprintf(stderr, "grid search: %d%% (%zu/%zu steps)\n", percent, done, total);
    }
    return true;
  });
  if (tty) std::fprintf(stderr, "\n");
  std::printf("%7s %10s %10s %10s %10s %10s\n", "factors", "reg", "lr", "best_iter", "valid_rmse", "train_rmse");
  for (std::size_t c = 0; c < r.cells.size(); ++c) {
    const mf::GridCell& cell = r.cells[c];
    std::printf("%7d %10g %10g %10d %10s %10s%s\n", cell.options.factors, cell.options.reg_user,
                base.algorithm == mf::Algorithm::SGD ? cell.options.learning_rate : 0.0, cell.best_iteration,
                cell.best_iteration ? fmt(cell.best_validation_rmse).c_str() : "diverged",
                cell.best_iteration ? fmt(std::sqrt(cell.train_mse_at_best)).c_str() : "-",
                c == r.best ? "  <- best" : (cell.diverged ? "  (diverged)" : ""));
  }
  std::printf("chosen on a validation share (%g) of the training ratings; ", spec.validation_fraction);
  if (r.test.count > 0)
    std::printf("its test RMSE (measured once): %s\n", fmt(r.test.rmse).c_str());
  else
    std::printf("there is no test set to measure it on\n");
  return 0;
}

std::map<mf::RawId, std::string> titles(const Args& a) {
  std::map<mf::RawId, std::string> out;
  if (a.has("--movies"))
    for (const auto& m : mf::load_movies(a.get("--movies"))) out[m.id] = m.title;
  return out;
}

void print_scored(const std::vector<mf::Scored>& list, const std::map<mf::RawId, std::string>& names,
                  const char* score_name) {
  std::printf("%4s %8s %9s  %s\n", "rank", "item", score_name, names.empty() ? "" : "title");
  int rank = 0;
  for (const auto& s : list) {
    auto it = names.find(s.id);
    std::printf("%4d %8lld %9.4f  %s\n", ++rank, (long long)s.id, s.score,
                it == names.end() ? "" : it->second.c_str());
  }
}

mf::Model need_model(const Args& a) {
  if (!a.has("--model")) usage_error("'mf " + a.command + "' needs --model FILE");
  return mf::load_model_file(a.get("--model"));
}

std::size_t count_option(const Args& a) {
  const int n = to_count(a.get("--n", "10"), "--n");
  if (n < 1) usage_error("--n must be at least 1");
  return std::size_t(n);
}

std::uint32_t min_ratings_option(const Args& a) {
  const int n = to_count(a.get("--min-ratings", "1"), "--min-ratings");
  if (n < 0) usage_error("--min-ratings must be >= 0");
  return std::uint32_t(n);
}

int cmd_recommend(const Args& a) {
  const mf::Model m = need_model(a);
  if (!a.has("--user")) usage_error("'mf recommend' needs --user ID");
  const mf::RawId user = to_int(a.get("--user"), "--user");
  mf::RecommendOptions ro;
  ro.n = count_option(a);
  ro.min_ratings = min_ratings_option(a);
  if (!a.flag("--include-rated")) {
    if (!a.has("--ratings"))
      usage_error("'mf recommend' needs --ratings FILE (the training ratings) to skip items the user "
                  "rated, or --include-rated");
    mf::LoadOptions lo = load_options(a, a.get("--ratings"));
    lo.source = a.get("--ratings");
    ro.exclude = mf::rated_items(mf::load_ratings(a.get("--ratings"), lo), user);
  }
  print_scored(mf::recommend(m, user, ro), titles(a), "predicted");
  return 0;
}

int cmd_similar(const Args& a) {
  const mf::Model m = need_model(a);
  if (!a.has("--item")) usage_error("'mf similar' needs --item ID");
  const mf::RawId item = to_int(a.get("--item"), "--item");
  const auto names = titles(a);
  auto it = names.find(item);
  std::printf("items most similar to %lld%s%s\n", (long long)item, it == names.end() ? "" : " ",
              it == names.end() ? "" : it->second.c_str());
  print_scored(mf::similar_items(m, item, count_option(a), min_ratings_option(a)), names, "cosine");
  return 0;
}

int cmd_foldin(const Args& a) {
  const mf::Model m = need_model(a);
  auto it = a.values.find("--rate");
  if (it == a.values.end()) usage_error("'mf foldin' needs at least one --rate ITEM:RATING");
  std::vector<std::pair<mf::RawId, float>> ratings;
  for (const auto& r : it->second) {
    const auto colon = r.find(':');
    if (colon == std::string::npos) usage_error("--rate takes ITEM:RATING (got '" + r + "')");
    ratings.push_back({to_int(r.substr(0, colon), "--rate item"), float(to_double(r.substr(colon + 1), "--rate rating"))});
  }
  mf::RecommendOptions ro;
  ro.n = count_option(a);
  ro.min_ratings = min_ratings_option(a);
  print_scored(mf::recommend_for(m, ratings, ro), titles(a), "predicted");
  return 0;
}

int cmd_info(const Args& a) {
  const mf::Model m = need_model(a);
  const mf::TrainOptions& o = m.options;
  std::printf("algorithm      %s%s\nfactors        %d\nusers          %zu\nitems          %zu\n"
              "biases         %s\nglobal mean    %.4f\nregularization user %g, item %g, user bias %g, item bias %g (%s)\n",
              mf::to_string(o.algorithm), o.missing_as_zero ? " (missing = 0)" : "", m.factors, m.n_users(),
              m.n_items(), o.biases ? "yes" : "no", m.global_mean, o.reg_user, o.reg_item, o.reg_user_bias,
              o.reg_item_bias, mf::to_string(o.reg_scaling));
  if (o.algorithm == mf::Algorithm::SGD) std::printf("learning rate  %g\n", o.learning_rate);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Args a = parse_args(argc, argv);
    if (a.flag("--help") || a.command == "help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (a.command.empty()) {
      std::fputs(kUsage, stderr);
      return 2;
    }
    if (a.command == "train") return cmd_train(a);
    if (a.command == "grid") return cmd_grid(a);
    if (a.command == "recommend") return cmd_recommend(a);
    if (a.command == "similar") return cmd_similar(a);
    if (a.command == "foldin") return cmd_foldin(a);
    if (a.command == "info") return cmd_info(a);
    usage_error("unknown command '" + a.command + "'");
  } catch (const mf::Error& e) {
    std::fprintf(stderr, "mf: %s\n", e.message().render(flag_spelling).c_str());
    return e.kind() == mf::ErrorKind::InvalidArgument ? 2 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mf: unexpected error: %s\n", e.what());
    return 1;
  }
}
