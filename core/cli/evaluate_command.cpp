// mf evaluate: a saved model or a baseline measured on a test set, by the
// rating error and by the ranking protocol of core/include/mf/ranking.hpp.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>

#include "commands.hpp"
#include "mf/error.hpp"
#include "mf/io.hpp"

namespace cli {

namespace {

using Ranked = mf::RankingMetrics;

// The metrics of a top-k list, written name@K, and those of the rating error.
constexpr std::pair<const char*, double Ranked::*> kAtK[] = {
    {"precision", &Ranked::precision}, {"recall", &Ranked::recall}, {"ndcg", &Ranked::ndcg},
    {"map", &Ranked::map},             {"hit", &Ranked::hit_rate},  {"coverage", &Ranked::coverage}};
constexpr std::pair<const char*, double mf::Metrics::*> kRating[] = {
    {"rmse", &mf::Metrics::rmse}, {"mae", &mf::Metrics::mae}, {"mse", &mf::Metrics::mse}};

template <typename Table>
auto find_metric(const Table& table, const std::string& name) -> decltype(&table[0]) {
  for (const auto& row : table)
    if (name == row.first) return &row;
  return nullptr;
}

[[noreturn]] void bad_metric(const std::string& text, const std::string& why) {
  mf::fail(mf::ErrorKind::InvalidArgument, mf::param("metrics") << " has " << why << " '" << text
                                                                 << "' (known: rmse, mae, mse, auc, and precision, "
                                                                    "recall, ndcg, map, hit, coverage at a list "
                                                                    "length K, written ndcg@10)");
}

std::string formatted(double v, bool table) { return metric_text(v, table); }

std::string row(const std::string& name, const std::string& value) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%-14s %10s\n", name.c_str(), value.c_str());
  return buf;
}

}  // namespace

std::vector<Metric> parse_metrics(const std::string& list) {
  std::vector<Metric> out;
  for (const Value& part : Value{"--metrics", list, ""}.split(',')) {
    const std::string& text = part.text;
    const std::size_t at = text.find('@');
    Metric m{text, text.substr(0, at), 0};
    const bool plain = m.base == "auc" || find_metric(kRating, m.base);
    if (at == std::string::npos ? !plain : !find_metric(kAtK, m.base)) bad_metric(text, "an unknown metric");
    if (at != std::string::npos) {
      const std::string k = text.substr(at + 1);
      if (k.empty() || k.size() > 6 || k.find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(k) < 1 || std::stoi(k) > mf::kMaxListLength)
        bad_metric(text, "a list length that is not an integer from 1 to " + std::to_string(mf::kMaxListLength) + " in");
      m.k = std::stoi(k);
    }
    out.push_back(m);
  }
  return out;
}

int run_evaluate(const Invocation& in) {
  const Settings& s = in.settings;
  if (s.model.empty() == s.baseline.empty())
    usage_error(in.command, "mf evaluate needs --model FILE or --baseline popularity|damped-mean, one of them");
  const mf::Dataset data = load_data(in, s.ratings);
  const mf::Split split = split_for(in, data);
  std::optional<mf::Model> model;
  if (!s.model.empty()) model = mf::load_model_file(s.model);
  const bool rates = model && mf::predicts_ratings(model->options.algorithm);
  const std::vector<Metric> metrics =
      parse_metrics(!s.metrics.empty() ? s.metrics : rates ? std::string("rmse,mae,") + kRankingMetrics : kRankingMetrics);

  // The rating error, for a model that predicts ratings only.
  std::map<std::string, double> values;
  for (const Metric& m : metrics) {
    const auto* rating = find_metric(kRating, m.base);
    if (!rating) continue;
    if (!rates)
      mf::fail(mf::ErrorKind::InvalidArgument,
               mf::param("metrics") << ": " << m.name << " is not defined for "
                                    << (model ? "implicit ALS, which predicts a preference, not a rating"
                                              : "a baseline, which ranks items without predicting ratings"));
    values[m.name] = mf::evaluate_ratings(*model, data, split.test).*(rating->second);
  }

  // One ranking pass per list length (AUC, which has none, comes with the first).
  std::map<int, Ranked> passes;
  for (const Metric& m : metrics)
    if (m.k) passes[m.k];
  for (const Metric& m : metrics)
    if (m.base == "auc" && passes.empty()) passes[mf::RankingOptions{}.k];
  const mf::Scorer scorer = model                        ? mf::model_scorer(*model, data, s.recommend.shrinkage)
                            : s.baseline == "popularity" ? mf::popularity_scorer(split.train, data.n_items())
                                                         : mf::damped_mean_scorer(split.train, data.n_items(), s.damping);
  mf::RankingOptions options = s.ranking;
  options.any_rating_relevant = options.any_rating_relevant || s.load.implicit;
  for (auto& [k, result] : passes) {
    options.k = k;
    const auto start = std::chrono::steady_clock::now();
    result = mf::evaluate_ranking(split, data.n_users(), data.n_items(), scorer, options);
    std::fprintf(stderr, "top-%d lists of %zu users ranked in %.1f ms\n", k, result.users_evaluated,
                 std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  for (const Metric& m : metrics)
    if (!find_metric(kRating, m.base))
      values[m.name] = m.k ? passes[m.k].*(find_metric(kAtK, m.base)->second) : passes.begin()->second.auc;

  const bool table = s.output == "table", json = s.output == "json";
  std::string out = table ? row("metric", "value") : json ? "{\"metrics\": {" : "metric,value\n";
  for (std::size_t k = 0; k < metrics.size(); ++k) {
    const std::string& name = metrics[k].name;
    const std::string v = formatted(values[name], table);
    if (table) out += row(name, v);
    else if (json) out += std::string(k ? ", " : "") + "\"" + name + "\": " + v;
    else out += name + "," + v + "\n";
  }
  if (json) out += "}";
  if (!passes.empty()) {
    const Ranked& r = passes.begin()->second;
    const std::string evaluated = std::to_string(r.users_evaluated), skipped = std::to_string(r.users_skipped);
    if (table) out += "users evaluated " + evaluated + ", skipped " + skipped + " (no relevant test rating)\n";
    else if (json) out += ", \"usersEvaluated\": " + evaluated + ", \"usersSkipped\": " + skipped;
    else out += "usersEvaluated," + evaluated + "\nusersSkipped," + skipped + "\n";
  }
  std::fputs((out + (json ? "}\n" : "")).c_str(), stdout);
  return 0;
}

}  // namespace cli
