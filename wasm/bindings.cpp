// embind layer of the WebAssembly module: it only registers the core's types
// and functions. Structs are value objects under their C++ field names, enums
// under the core's own spellings; option names, string enums and argument
// checks are the JS layer's (index.js). Names starting with '_' are internal
// to that layer. Every call that can fail runs inside glue::guard (glue.hpp).
#include <emscripten/bind.h>

#include <string>
#include <utility>
#include <vector>

#include "../core/src/thread_pool.hpp"
#include "glue.hpp"
#include "mf/dataset.hpp"
#include "mf/grid.hpp"
#include "mf/io.hpp"
#include "mf/project.hpp"
#include "mf/recommend.hpp"
#include "mf/split.hpp"
#include "mf/train.hpp"

using emscripten::val;
using glue::guard;
using glue::Loaded;

namespace {

using glue::loaded;

// text: a JS string (UTF-8) or a Uint8Array of the file's bytes, already in
// the heap: its loading may take the room that is left.
Loaded* data_from_text(const std::string& text, mf::LoadOptions o) {
  return guard([&] {
    o.memory_limit = glue::heap_room();
    Loaded d;
    d.data = mf::parse_ratings(text, o, &d.report);
    return loaded(std::move(d), o.source);
  });
}

Loaded* data_from_arrays(const val& users, const val& items, const val& ratings, const mf::LoadOptions& o) {
  return guard([&] {
    const std::vector<mf::RawId> u = glue::ids_in(users), i = glue::ids_in(items);
    const std::vector<float> r = emscripten::convertJSArrayToNumberVector<float>(ratings);
    Loaded d;
    d.data = mf::dataset_from_arrays(u.data(), i.data(), r.data(), r.size(), o, &d.report);
    return loaded(std::move(d), o.source);
  });
}

// Ratings per item, as the trainer's item rows count them.
val data_item_counts(const Loaded& d) {
  const mf::SparseRows rows = mf::rows_by_item(d.data.ratings, d.data.n_items());
  std::vector<std::uint32_t> counts(rows.rows());
  for (std::size_t i = 0; i < counts.size(); ++i) counts[i] = std::uint32_t(rows.count(i));
  return glue::copy_out(counts);
}

// progress(done, total) is a JS function that returns false to cancel; index.js
// wraps the user's callback so that it never throws into C++.
mf::GridResult grid_search(const Loaded& d, const mf::Split& split, const mf::TrainOptions& base,
                           const mf::GridSpec& spec, const val& progress) {
  return guard([&] {
    mf::GridProgress callback;
    if (!progress.isUndefined())
      callback = [&](std::size_t done, std::size_t total) { return progress(double(done), double(total)).as<bool>(); };
    return mf::grid_search(d.data, split, glue::with_memory_limit(base), spec, callback);
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(mfcf) {
  using namespace emscripten;
  using glue::field;

  glue::enum_named<mf::Algorithm>("Algorithm", {mf::Algorithm::ALS, mf::Algorithm::SGD, mf::Algorithm::ImplicitALS});
  glue::enum_named<mf::Confidence>("Confidence", {mf::Confidence::Constant, mf::Confidence::Rating, mf::Confidence::Log});
  glue::enum_named<mf::ImplicitSolver>("ImplicitSolver", {mf::ImplicitSolver::Cholesky, mf::ImplicitSolver::ConjugateGradient});
  glue::enum_named<mf::RegScaling>("RegScaling", {mf::RegScaling::None, mf::RegScaling::Count});
  glue::enum_named<mf::Status>("Status", {mf::Status::Ok, mf::Status::Diverged});
  glue::enum_named<mf::Format>("Format", {mf::Format::Auto, mf::Format::Csv, mf::Format::Tsv, mf::Format::DoubleColon});
  enum_<mf::DuplicatePolicy>("DuplicatePolicy").value("Error", mf::DuplicatePolicy::Error)
      .value("KeepLast", mf::DuplicatePolicy::KeepLast);
  enum_<mf::SplitMethod>("SplitMethod").value("Random", mf::SplitMethod::Random).value("PerUser", mf::SplitMethod::PerUser);

  value_array<mf::RatingScale>("RatingScale").element(&mf::RatingScale::min).element(&mf::RatingScale::max);

  using LO = mf::LoadOptions;
  value_object<LO>("LoadOptions")
      .field("format", &LO::format).field("duplicates", &LO::duplicates).field("skip_bad_lines", &LO::skip_bad_lines)
      .field("scale", &LO::scale).field("source", &LO::source).field("implicit", &LO::implicit);

  value_object<mf::BadLine>("BadLine").field("line", &mf::BadLine::line).field("message", &mf::BadLine::message);

  using LR = mf::LoadReport;
  value_object<LR> report("LoadReport");
  report.field("format", &LR::format).field("lines", &LR::lines).field("accepted", &LR::accepted)
      .field("replaced", &LR::replaced).field("skipped", &LR::skipped);
  field<glue::ArrayField, &mf::LoadReport::bad_lines>(report, "bad_lines");

  using SO = mf::SplitOptions;
  value_object<SO> split_options("SplitOptions");
  split_options.field("method", &SO::method).field("test_fraction", &SO::test_fraction)
      .field("holdout", &SO::holdout).field("min_train", &SO::min_train);
  field<glue::Int64Field, &mf::SplitOptions::seed>(split_options, "seed");

  // memory_limit is not registered: the bindings set it from the heap.
  using TO = mf::TrainOptions;
  value_object<TO> options("TrainOptions");
  options.field("algorithm", &TO::algorithm).field("factors", &TO::factors).field("iterations", &TO::iterations)
      .field("biases", &TO::biases).field("reg_user", &TO::reg_user).field("reg_item", &TO::reg_item)
      .field("reg_user_bias", &TO::reg_user_bias).field("reg_item_bias", &TO::reg_item_bias)
      .field("reg_scaling", &TO::reg_scaling).field("missing_as_zero", &TO::missing_as_zero)
      .field("learning_rate", &TO::learning_rate).field("alpha", &TO::alpha).field("confidence", &TO::confidence)
      .field("epsilon", &TO::epsilon).field("reg_exponent", &TO::reg_exponent)
      .field("positive_threshold", &TO::positive_threshold).field("solver", &TO::solver)
      .field("cg_steps", &TO::cg_steps).field("init_std", &TO::init_std).field("threads", &TO::threads);
  field<glue::Int64Field, &mf::TrainOptions::seed>(options, "seed");

  using ME = mf::Metrics;
  value_object<ME>("Metrics").field("mse", &ME::mse).field("rmse", &ME::rmse).field("mae", &ME::mae)
      .field("count", &ME::count).field("fallback", &ME::fallback);

  using SR = mf::StepResult;
  value_object<SR>("StepResult").field("epoch", &SR::epoch).field("train", &SR::train).field("test", &SR::test)
      .field("objective", &SR::objective).field("ms", &SR::ms).field("status", &SR::status).field("message", &SR::message);

  using PR = mf::Prediction;
  value_object<PR>("Prediction").field("value", &PR::value).field("user_known", &PR::user_known)
      .field("item_known", &PR::item_known)
      .field("fallback", +[](const PR& p) { return p.fallback(); }, +[](PR&, bool) {});  // read only

  value_object<mf::RecommendOptions> recommend_options("RecommendOptions");
  recommend_options.field("n", &mf::RecommendOptions::n).field("min_ratings", &mf::RecommendOptions::min_ratings)
      .field("shrinkage", &mf::RecommendOptions::shrinkage);
  field<glue::IdsField, &mf::RecommendOptions::exclude>(recommend_options, "exclude");

  value_object<mf::UserVector> user_vector("UserVector");
  user_vector.field("bias", &mf::UserVector::bias);
  field<glue::TypedArrayField, &mf::UserVector::factors>(user_vector, "factors");

  value_object<mf::Scored> scored("Scored");
  field<glue::Int64Field, &mf::Scored::id>(scored, "id");
  scored.field("score", &mf::Scored::score);

  value_object<mf::Projection> projection("Projection");
  field<glue::IdsField, &mf::Projection::ids>(projection, "ids");
  field<glue::TypedArrayField, &mf::Projection::x>(projection, "x");
  field<glue::TypedArrayField, &mf::Projection::y>(projection, "y");
  field<glue::ArrayField, &mf::Projection::explained>(projection, "explained");

  value_object<mf::GridSpec> spec("GridSpec");
  field<glue::ArrayField, &mf::GridSpec::factors>(spec, "factors");
  field<glue::ArrayField, &mf::GridSpec::regularization>(spec, "regularization");
  field<glue::ArrayField, &mf::GridSpec::learning_rates>(spec, "learning_rates");
  spec.field("iterations", &mf::GridSpec::iterations).field("validation_fraction", &mf::GridSpec::validation_fraction);
  field<glue::Int64Field, &mf::GridSpec::validation_seed>(spec, "validation_seed");

  using GC = mf::GridCell;
  value_object<GC> cell("GridCell");
  cell.field("options", &GC::options).field("best_iteration", &GC::best_iteration)
      .field("best_validation_mse", &GC::best_validation_mse).field("best_validation_rmse", &GC::best_validation_rmse)
      .field("train_mse_at_best", &GC::train_mse_at_best).field("diverged", &GC::diverged);
  field<glue::ArrayField, &mf::GridCell::validation_rmse>(cell, "validation_rmse");

  value_object<mf::GridResult> grid("GridResult");
  field<glue::ArrayField, &mf::GridResult::cells>(grid, "cells");
  grid.field("best", &mf::GridResult::best).field("test", &mf::GridResult::test);

  class_<Loaded>("Dataset")
      .function("numUsers", optional_override([](const Loaded& d) { return double(d.data.n_users()); }))
      .function("numItems", optional_override([](const Loaded& d) { return double(d.data.n_items()); }))
      .function("numRatings", optional_override([](const Loaded& d) { return double(d.data.ratings.size()); }))
      .function("report", optional_override([](const Loaded& d) { return d.report; }))
      .function("userIds", optional_override([](const Loaded& d) { return glue::ids_out(d.data.users.raw_ids()); }))
      .function("itemIds", optional_override([](const Loaded& d) { return glue::ids_out(d.data.items.raw_ids()); }))
      .function("ratedItems", optional_override([](const Loaded& d, double user) {
                  return glue::ids_out(mf::rated_items(d.data, mf::RawId(user)));
                }))
      .function("itemCounts", &data_item_counts)
      .function("ratings", optional_override([](const Loaded& d) { return glue::ratings_out(d.data); }));

  class_<mf::Split>("Split")
      .function("numTrain", optional_override([](const mf::Split& s) { return double(s.train.size()); }))
      .function("numTest", optional_override([](const mf::Split& s) { return double(s.test.size()); }))
      .function("ratings", optional_override([](const mf::Split& s, const Loaded& d, bool test) {
                  return glue::ratings_out(d.data, test ? s.test : s.train);
                }));

  class_<mf::GridSplits>("GridSplits")
      .function("tune", optional_override([](const mf::GridSplits& s) { return new mf::Split(s.tune); }), allow_raw_pointers())
      .function("final", optional_override([](const mf::GridSplits& s) { return new mf::Split(s.final); }), allow_raw_pointers());

  class_<mf::Trainer>("Trainer")
      .function("step", optional_override([](mf::Trainer& t) { return guard([&] { return t.step(); }); }))
      .function("epoch", &mf::Trainer::epoch)
      .function("diverged", &mf::Trainer::diverged)
      .function("options", optional_override([](const mf::Trainer& t) { return t.options(); }))
      .function("model", optional_override([](const mf::Trainer& t) { return guard([&] { return new mf::Model(t.model()); }); }),
                allow_raw_pointers());

  class_<mf::Model>("Model")
      .function("numFactors", optional_override([](const mf::Model& m) { return m.factors; }))
      .function("numUsers", optional_override([](const mf::Model& m) { return double(m.n_users()); }))
      .function("numItems", optional_override([](const mf::Model& m) { return double(m.n_items()); }))
      .function("globalMean", optional_override([](const mf::Model& m) { return m.global_mean; }))
      .function("scale", optional_override([](const mf::Model& m) { return m.scale; }))
      .function("options", optional_override([](const mf::Model& m) { return m.options; }))
      .function("predict", optional_override([](const mf::Model& m, double user, double item, bool clip) {
                  return mf::predict_raw(m, mf::RawId(user), mf::RawId(item), clip);
                }))
      .function("recommend", optional_override([](const mf::Model& m, double user, const mf::RecommendOptions& o) {
                  return guard([&] { return val::array(mf::recommend(m, mf::RawId(user), o)); });
                }))
      .function("similarItems", optional_override([](const mf::Model& m, double item, double n, double min_ratings,
                                                     const std::string& measure) {
                  // "" keeps the engine's default measure.
                  return guard([&] {
                    return val::array(measure.empty()
                                          ? mf::similar_items(m, mf::RawId(item), std::size_t(n), min_ratings)
                                          : mf::similar_items(m, mf::RawId(item), std::size_t(n), min_ratings,
                                                              mf::parse_similarity(measure)));
                  });
                }))
      .function("foldIn", optional_override([](const mf::Model& m, const val& items, const val& ratings) {
                  return guard([&] { return mf::fold_in(m, glue::pairs_in(items, ratings)); });
                }))
      .function("recommendFor", optional_override([](const mf::Model& m, const val& items, const val& ratings,
                                                     const mf::RecommendOptions& o) {
                  return guard([&] { return val::array(mf::recommend_for(m, glue::pairs_in(items, ratings), o)); });
                }))
      .function("project", optional_override([](const mf::Model& m, double min_ratings) {
                  return guard([&] { return mf::project_items(m, std::uint32_t(min_ratings)); });
                }))
      .function("save", optional_override([](const mf::Model& m) { return guard([&] { return glue::copy_out(mf::save_model(m)); }); }))
      .function("userFactors", optional_override([](const mf::Model& m) { return glue::copy_out(m.user_factors); }))
      .function("itemFactors", optional_override([](const mf::Model& m) { return glue::copy_out(m.item_factors); }))
      .function("userBiases", optional_override([](const mf::Model& m) { return glue::copy_out(m.user_bias); }))
      .function("itemBiases", optional_override([](const mf::Model& m) { return glue::copy_out(m.item_bias); }))
      .function("userCounts", optional_override([](const mf::Model& m) { return glue::copy_out(m.user_count); }))
      .function("itemCounts", optional_override([](const mf::Model& m) { return glue::copy_out(m.item_count); }))
      .function("userIds", optional_override([](const mf::Model& m) { return glue::ids_out(m.users.raw_ids()); }))
      .function("itemIds", optional_override([](const mf::Model& m) { return glue::ids_out(m.items.raw_ids()); }));

  function("_takeError", &glue::take_error);

  // Defaults and the core's spellings of its enums (each parse names the parameter when it fails).
  function("_defaultLoadOptions", optional_override([] { return mf::LoadOptions{}; }));
  function("_defaultSplitOptions", optional_override([] { return mf::SplitOptions{}; }));
  function("_defaultRecommendOptions", optional_override([] { return mf::RecommendOptions{}; }));
  function("_defaultGridSpec", optional_override([] { return mf::GridSpec{}; }));
  function("_defaultAlgorithm", optional_override([] { return mf::TrainOptions{}.algorithm; }));
  function("_defaultOptions", &mf::default_options);
  function("_withMissingAsZero", &mf::with_missing_as_zero);
  function("_parseAlgorithm", &glue::guarded<&mf::parse_algorithm, std::string>);
  function("_parseRegScaling", &glue::guarded<&mf::parse_reg_scaling, std::string>);
  function("_parseConfidence", &glue::guarded<&mf::parse_confidence, std::string>);
  function("_parseImplicitSolver", &glue::guarded<&mf::parse_implicit_solver, std::string>);
  function("_parseFormat", &glue::guarded<&mf::parse_format, std::string>);
  function("_parseDuplicatePolicy", &glue::guarded<&mf::parse_duplicate_policy, std::string>);

  function("_datasetFromText", &data_from_text, allow_raw_pointers());
  function("_datasetFromArrays", &data_from_arrays, allow_raw_pointers());
  function("_split", optional_override([](const Loaded& d, const mf::SplitOptions& o) {
             return guard([&] { return new mf::Split(mf::split(d.data, o)); });
           }), allow_raw_pointers());
  function("_trainerCreate", optional_override([](const Loaded& d, const mf::Split& split, const mf::TrainOptions& o) {
             return guard([&] { return new mf::Trainer(d.data, split, glue::with_memory_limit(o)); });
           }), allow_raw_pointers());
  function("_modelLoad", optional_override([](const std::string& bytes) {  // bytes: a Uint8Array
             return guard([&] {
               mf::Model m = mf::load_model(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
               glue::check_ids_fit_js(m.users, "user", "model");
               glue::check_ids_fit_js(m.items, "item", "model");
               return new mf::Model(std::move(m));
             });
           }), allow_raw_pointers());
  function("_parseMovies", optional_override([](const std::string& text, const std::string& source) {
             return guard([&] { return glue::movies_out(mf::parse_movies(text, source)); });
           }));

  function("_gridSearch", &grid_search);
  function("_gridCells", optional_override([](const Loaded& d, const mf::TrainOptions& base, const mf::GridSpec& spec) {
             return guard([&] { return val::array(mf::grid_cells(d.data, glue::with_memory_limit(base), spec)); });
           }));
  function("_gridSplits", optional_override([](const mf::Split& split, const mf::GridSpec& spec) {
             return guard([&] { return new mf::GridSplits(mf::grid_splits(split, spec)); });
           }), allow_raw_pointers());
  function("_recordStep", optional_override([](GC cell, const SR& step) { return mf::record_step(cell, step), cell; }));
  function("_bestCell", optional_override([](const val& cells) { return double(mf::best_cell(glue::vector_in<mf::GridCell>(cells))); }));
  function("_testChosen", optional_override([](const Loaded& d, const mf::Split& tune, const mf::Split& final, const mf::GridCell& c) {
             return guard([&] { return mf::test_chosen(d.data, mf::GridSplits{tune, final}, c); });
           }));

  function("_limitWorkerThreads", &mf::limit_worker_threads);
  function("_heapBytes", optional_override([] { return double(emscripten_get_heap_size()); }));
  function("_heapUsedBytes", optional_override([] { return double(mallinfo().uordblks); }));
}
