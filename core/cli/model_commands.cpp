// mf recommend, similar, foldin and info: use a saved model.
#include <cstdio>
#include <map>

#include "commands.hpp"
#include "mf/io.hpp"

namespace cli {

namespace {

std::map<mf::RawId, std::string> titles(const Settings& s) {
  std::map<mf::RawId, std::string> out;
  if (!s.movies.empty())
    for (const auto& m : mf::load_movies(s.movies)) out[m.id] = m.title;
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

// What a recommendation's score is: a predicted rating, shrunk or not, or a preference.
const char* score_name(const mf::Model& m, const mf::RecommendOptions& o) {
  if (!mf::predicts_ratings(m.options.algorithm)) return "preference";
  return o.shrinkage > 0 ? "score" : "predicted";
}

}  // namespace

int run_recommend(const Invocation& in) {
  const Settings& s = in.settings;
  if (!s.include_rated && s.ratings.empty())
    usage_error(in.command, "mf recommend needs --ratings FILE (the training ratings) to skip the items the user "
                            "rated, or --include-rated");
  const mf::Model m = mf::load_model_file(s.model);
  mf::RecommendOptions options = s.recommend;
  if (!s.include_rated) {
    mf::LoadOptions load = s.load;
    load.source = s.ratings;
    options.exclude = mf::rated_items(mf::load_ratings(s.ratings, load), s.user);
  }
  print_scored(mf::recommend(m, s.user, options), titles(s), score_name(m, options));
  return 0;
}

int run_similar(const Invocation& in) {
  const Settings& s = in.settings;
  const mf::Model m = mf::load_model_file(s.model);
  const auto names = titles(s);
  auto it = names.find(s.item);
  std::printf("items most similar to %lld%s%s\n", (long long)s.item, it == names.end() ? "" : " ",
              it == names.end() ? "" : it->second.c_str());
  print_scored(mf::similar_items(m, s.item, s.recommend.n, s.recommend.min_ratings, s.similarity), names,
              mf::similarity_name(s.similarity));
  return 0;
}

int run_foldin(const Invocation& in) {
  const Settings& s = in.settings;
  const mf::Model m = mf::load_model_file(s.model);
  print_scored(mf::recommend_for(m, s.rates, s.recommend), titles(s), score_name(m, s.recommend));
  return 0;
}

int run_info(const Invocation& in) {
  const mf::Model m = mf::load_model_file(in.settings.model);
  const mf::TrainOptions& o = m.options;
  std::printf("algorithm      %s%s\nfactors        %d\nusers          %zu\nitems          %zu\n"
              "biases         %s\nglobal mean    %.4f\n"
              "regularization user %g, item %g, user bias %g, item bias %g (%s)\n",
              mf::to_string(o.algorithm), o.missing_as_zero ? " (missing = 0)" : "", m.factors, m.n_users(),
              m.n_items(), o.biases ? "yes" : "no", m.global_mean, o.reg_user, o.reg_item, o.reg_user_bias,
              o.reg_item_bias, mf::to_string(o.reg_scaling));
  if (o.algorithm == mf::Algorithm::SGD) std::printf("learning rate  %g\n", o.learning_rate);
  if (o.algorithm == mf::Algorithm::ImplicitALS)
    std::printf("implicit       alpha %g, confidence %s (epsilon %g), reg exponent %g, positives >= %g, %s%s\n",
                o.alpha, mf::to_string(o.confidence), o.epsilon, o.reg_exponent, o.positive_threshold,
                mf::to_string(o.solver),
                o.solver == mf::ImplicitSolver::ConjugateGradient ? (" " + std::to_string(o.cg_steps) + " steps").c_str()
                                                                  : "");
  return 0;
}

}  // namespace cli
