// embind registrations of ranking evaluation (core/include/mf/ranking.hpp)
// and of the splits made from outside data (split.hpp): the second half of
// bindings.cpp, which registers the types used here (Dataset, Split, Model).
#include <emscripten/bind.h>

#include <string>
#include <vector>

#include "glue.hpp"
#include "mf/ranking.hpp"
#include "mf/split.hpp"

using emscripten::val;
using glue::guard;
using glue::Loaded;

namespace {

mf::RankingMetrics rank(const Loaded& d, const mf::Split& split, const mf::Scorer& scorer, const mf::RankingOptions& o) {
  return mf::evaluate_ranking(split, d.data.n_users(), d.data.n_items(), scorer, o);
}

}  // namespace

EMSCRIPTEN_BINDINGS(mfcf_ranking) {
  using namespace emscripten;

  using RO = mf::RankingOptions;
  value_object<RO>("RankingOptions")
      .field("k", &RO::k).field("threshold", &RO::threshold).field("any_rating_relevant", &RO::any_rating_relevant);

  using RM = mf::RankingMetrics;
  value_object<RM>("RankingMetrics")
      .field("k", &RM::k).field("precision", &RM::precision).field("recall", &RM::recall).field("ndcg", &RM::ndcg)
      .field("map", &RM::map).field("hit_rate", &RM::hit_rate).field("auc", &RM::auc).field("coverage", &RM::coverage)
      .field("users_evaluated", &RM::users_evaluated).field("users_skipped", &RM::users_skipped);

  using TR = mf::TestSetReport;
  value_object<TR>("TestSetReport")
      .field("kept", &TR::kept).field("unseen", &TR::unseen).field("unseen_users", &TR::unseen_users)
      .field("unseen_items", &TR::unseen_items).field("in_train", &TR::in_train);

  function("_defaultRankingOptions", optional_override([] { return RO{}; }));
  function("_defaultDamping", optional_override([] { return mf::kDefaultDamping; }));

  function("_rankModel", optional_override([](const mf::Model& m, const Loaded& d, const mf::Split& split,
                                              const RO& o, double shrinkage) {
             return guard([&] { return rank(d, split, mf::model_scorer(m, d.data, shrinkage), o); });
           }));
  function("_rankPopularity", optional_override([](const Loaded& d, const mf::Split& split, const RO& o) {
             return guard([&] { return rank(d, split, mf::popularity_scorer(split.train, d.data.n_items()), o); });
           }));
  function("_rankDampedMean", optional_override([](const Loaded& d, const mf::Split& split, const RO& o, double damping) {
             return guard([&] { return rank(d, split, mf::damped_mean_scorer(split.train, d.data.n_items(), damping), o); });
           }));

  // The split and its report come from two calls (the mapping is cheap next to loading).
  function("_splitWithTest", optional_override([](const Loaded& train, const Loaded& test) {
             return guard([&] { return new mf::Split(mf::split_with_test(train.data, test.data)); });
           }), allow_raw_pointers());
  function("_testSetReport", optional_override([](const Loaded& train, const Loaded& test) {
             return guard([&] {
               TR r;
               mf::split_with_test(train.data, test.data, &r);
               return r;
             });
           }));
  function("_splitAt", optional_override([](const Loaded& d, const val& indices) {
             return guard([&] {
               const std::vector<double> at = convertJSArrayToNumberVector<double>(indices);
               return new mf::Split(mf::split_at(d.data, std::vector<std::size_t>(at.begin(), at.end())));
             });
           }), allow_raw_pointers());
}
