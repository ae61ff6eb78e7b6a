// embind layer of the WebAssembly module. Mechanical on purpose: option
// objects, defaults, string enums and typed-array conversion live in the JS
// layer (index.js). Names starting with '_' are internal to that layer.
//
// Errors: every call that can fail runs inside guard(), which catches the C++
// exception and records it; the JS layer then calls _takeError() and throws an
// MfError. C++ never throws into JS: an exception escaping into embind reaches
// JS as a bare pointer, and throwing a JS value from C++ would skip the C++
// destructors on the way out (a leak per error).
#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <malloc.h>

#include <cmath>
#include <cstdint>
#include <new>
#include <string>
#include <type_traits>
#include <unordered_set>
#include <utility>
#include <vector>

#include "mf/dataset.hpp"
#include "mf/error.hpp"
#include "mf/grid.hpp"
#include "mf/io.hpp"
#include "mf/project.hpp"
#include "mf/recommend.hpp"
#include "mf/split.hpp"
#include "mf/train.hpp"

using emscripten::val;

namespace {

// ---- errors -------------------------------------------------------------

struct PendingError {
  bool set = false;
  std::string kind;
  mf::Message message;
} pending;

void record(const char* kind, const mf::Message& message) {
  pending.set = true;
  pending.kind = kind;
  pending.message = message;
}

// Runs f; on a C++ exception records it and returns a placeholder (nullptr for
// the factories, undefined for objects), which the JS layer never looks at.
template <typename F>
auto guard(F&& f) -> decltype(f()) {
  using R = decltype(f());
  try {
    return f();
  } catch (const mf::Error& e) {
    record(mf::to_string(e.kind()), e.message());
  } catch (const std::bad_alloc&) {
    record(mf::to_string(mf::ErrorKind::Resource),
           "out of memory: the WebAssembly heap cannot grow enough for this request");
  } catch (const std::exception& e) {
    record("Error", e.what());
  }
  if constexpr (std::is_same_v<R, val>)
    return val::undefined();
  else if constexpr (!std::is_void_v<R>)
    return R{};
}

val take_error() {
  if (!pending.set) return val::null();
  val e = val::object();
  e.set("kind", pending.kind);
  // [text, key, text, ...]: odd entries are parameter keys (index.js spells them).
  val parts = val::array();
  for (const mf::Message::Part& p : pending.message.parts()) {
    if (p.is_parameter == (parts["length"].as<int>() % 2 == 0)) parts.call<void>("push", std::string());
    parts.call<void>("push", p.text);
  }
  e.set("parts", parts);
  pending = PendingError{};
  return e;
}

// ---- conversions --------------------------------------------------------

// JS numbers hold integers exactly only up to 2^53 - 1.
constexpr double kMaxSafe = 9007199254740991.0;

// A copy of n values as a typed array: views into the heap go stale when it grows.
template <typename T>
val copy_out(const T* data, std::size_t n) {
  return val(emscripten::typed_memory_view(n, data)).call<val>("slice");
}
template <typename T>
val copy_out(const std::vector<T>& v) {
  return copy_out(v.data(), v.size());
}

val ids_out(const std::vector<mf::RawId>& ids) {
  std::vector<double> d(ids.begin(), ids.end());
  return copy_out(d);
}

// Raw ids arrive as validated safe integers (index.js checks them).
std::vector<mf::RawId> ids_in(const val& array) {
  const std::vector<double> d = emscripten::convertJSArrayToNumberVector<double>(array);
  return std::vector<mf::RawId>(d.begin(), d.end());
}

// Ids from text can exceed what a JS number holds; refuse them instead of
// returning rounded ids later.
void check_ids_fit_js(const mf::IdMap& ids, const char* what, const std::string& source) {
  for (mf::RawId id : ids.raw_ids())
    if (std::fabs(double(id)) > kMaxSafe)
      mf::fail(mf::ErrorKind::InvalidArgument,
               source + ": " + what + " id " + std::to_string(id) +
                   " is beyond 2^53 - 1, the largest integer a JS number holds exactly");
}

val scored_out(const std::vector<mf::Scored>& list) {
  std::vector<double> ids;
  std::vector<float> scores;
  for (const mf::Scored& s : list) {
    ids.push_back(double(s.id));
    scores.push_back(s.score);
  }
  val out = val::object();
  out.set("ids", copy_out(ids));
  out.set("scores", copy_out(scores));
  return out;
}

// ---- plain data ---------------------------------------------------------

struct LoadArgs {
  std::string format = "auto", duplicates = "error", source = "ratings";
  bool skipBadLines = false;
  float scaleMin = 0.5f, scaleMax = 5.0f;
};

mf::LoadOptions to_core(const LoadArgs& a) {
  mf::LoadOptions o;
  o.format = mf::parse_format(a.format);
  o.duplicates = mf::parse_duplicate_policy(a.duplicates);
  o.skip_bad_lines = a.skipBadLines;
  o.scale = {a.scaleMin, a.scaleMax};
  o.source = a.source;
  return o;
}

// mf::TrainOptions with strings for enums and a double seed (embind has no
// 64-bit integers without BigInt; index.js limits seeds to safe integers).
struct Options {
  std::string algorithm, regularizationScaling;
  int factors = 0, iterations = 0;
  bool biases = true, missingAsZero = false;
  double regUser = 0, regItem = 0, regUserBias = 0, regItemBias = 0;
  double learningRate = 0, initStd = 0, seed = 0;
};

Options from_core(const mf::TrainOptions& o) {
  Options j;
  j.algorithm = mf::to_string(o.algorithm);
  j.regularizationScaling = mf::to_string(o.reg_scaling);
  j.factors = o.factors;
  j.iterations = o.iterations;
  j.biases = o.biases;
  j.missingAsZero = o.missing_as_zero;
  j.regUser = o.reg_user;
  j.regItem = o.reg_item;
  j.regUserBias = o.reg_user_bias;
  j.regItemBias = o.reg_item_bias;
  j.learningRate = o.learning_rate;
  j.initStd = o.init_std;
  j.seed = double(o.seed);
  return j;
}

mf::TrainOptions to_core(const Options& j) {
  mf::TrainOptions o;
  o.algorithm = mf::parse_algorithm(j.algorithm);
  o.reg_scaling = mf::parse_reg_scaling(j.regularizationScaling);
  o.factors = j.factors;
  o.iterations = j.iterations;
  o.biases = j.biases;
  o.missing_as_zero = j.missingAsZero;
  o.reg_user = j.regUser;
  o.reg_item = j.regItem;
  o.reg_user_bias = j.regUserBias;
  o.reg_item_bias = j.regItemBias;
  o.learning_rate = j.learningRate;
  o.init_std = j.initStd;
  o.seed = std::uint64_t(j.seed);
  return o;
}

struct Step {
  int epoch = 0;
  double trainMse = 0, trainRmse = 0, trainMae = 0;
  double testMse = 0, testRmse = 0, testMae = 0;
  double testCount = 0, testFallback = 0;
  double objective = 0, ms = 0;
  std::string status, message;
};

struct Predicted {
  float value = 0;
  bool userKnown = false, itemKnown = false, fallback = true;
};

// ---- owning objects -----------------------------------------------------

struct Data {
  mf::Dataset data;
  mf::LoadReport report;
};

Data* finish_data(Data d, const std::string& source) {
  check_ids_fit_js(d.data.users, "user", source);
  check_ids_fit_js(d.data.items, "item", source);
  return new Data(std::move(d));
}

// text: a JS string (UTF-8) or a Uint8Array of the file's bytes.
Data* data_from_text(const std::string& text, const LoadArgs& args) {
  return guard([&] {
    Data d;
    d.data = mf::parse_ratings(text, to_core(args), &d.report);
    return finish_data(std::move(d), args.source);
  });
}

Data* data_from_arrays(const val& users, const val& items, const val& ratings, const LoadArgs& args) {
  return guard([&] {
    const std::vector<mf::RawId> u = ids_in(users), i = ids_in(items);
    const std::vector<float> r = emscripten::convertJSArrayToNumberVector<float>(ratings);
    Data d;
    d.data = mf::dataset_from_arrays(u.data(), i.data(), r.data(), r.size(), to_core(args), &d.report);
    return finish_data(std::move(d), args.source);
  });
}

val data_report(const Data& d) {
  const mf::LoadReport& r = d.report;
  val out = val::object();
  out.set("format", std::string(mf::to_string(r.format)));
  out.set("lines", double(r.lines));
  out.set("accepted", double(r.accepted));
  out.set("replaced", double(r.replaced));
  out.set("skipped", double(r.skipped));
  val bad = val::array();
  for (const mf::BadLine& b : r.bad_lines) {
    val line = val::object();
    line.set("line", double(b.line));
    line.set("message", b.message);
    bad.call<void>("push", line);
  }
  out.set("badLines", bad);
  return out;
}

val data_item_counts(const Data& d) {
  std::vector<std::uint32_t> counts(d.data.n_items(), 0);
  for (mf::Index i : d.data.ratings.item) ++counts[i];
  return copy_out(counts);
}

// The ratings as three parallel arrays in load order: raw user ids, raw item ids, values.
val data_ratings(const Data& d) {
  const mf::Ratings& r = d.data.ratings;
  std::vector<double> users(r.size()), items(r.size());
  for (std::size_t k = 0; k < r.size(); ++k) {
    users[k] = double(d.data.users.raw(r.user[k]));
    items[k] = double(d.data.items.raw(r.item[k]));
  }
  val out = val::object();
  out.set("users", copy_out(users));
  out.set("items", copy_out(items));
  out.set("values", copy_out(r.value));
  return out;
}

mf::Split* split_random(const Data& d, double fraction, double seed) {
  return guard([&] { return new mf::Split(mf::split_random(d.data, fraction, std::uint64_t(seed))); });
}

mf::Split* split_per_user(const Data& d, double per_user, double seed, double min_train) {
  return guard([&] {
    return new mf::Split(mf::split_per_user(d.data, std::size_t(per_user), std::uint64_t(seed),
                                            std::size_t(min_train)));
  });
}

Options default_options(const std::string& algorithm) {
  return guard([&] { return from_core(mf::default_options(mf::parse_algorithm(algorithm))); });
}

// Models whose factor arrays alone (kept twice during a step, for the rollback
// on divergence) exceed the 2 GB heap. Computed in double before the core's own
// size_t arithmetic, which is 32 bits in wasm and could wrap for such sizes.
void check_model_fits(std::size_t users, std::size_t items, int factors) {
  const double bytes = 2.0 * (double(users) + double(items)) * (double(factors) + 2) * sizeof(float);
  if (bytes >= double(emscripten_get_heap_max()))
    mf::fail(mf::ErrorKind::Resource,
             "a model of " + std::to_string(users) + " users and " + std::to_string(items) + " items with " +
                 std::to_string(factors) + " factors needs about " + std::to_string(long(bytes / 1048576)) +
                 " MiB, more than the " + std::to_string(emscripten_get_heap_max() >> 20) +
                 " MiB the WebAssembly heap can hold; use fewer factors");
}

// The core refuses training that would not fit in what the heap can still
// grow to, instead of running out of memory halfway (TrainOptions::memory_limit).
mf::TrainOptions with_memory_limit(mf::TrainOptions o) {
  const std::size_t max = emscripten_get_heap_max(), used = std::size_t(mallinfo().uordblks);
  o.memory_limit = max > used ? max - used : 1;
  return o;
}

mf::Trainer* trainer_create(const Data& d, const mf::Split& split, const Options& options) {
  return guard([&] {
    const mf::TrainOptions o = to_core(options);
    mf::validate(o, d.data.n_users(), d.data.n_items());  // range messages come first
    check_model_fits(d.data.n_users(), d.data.n_items(), o.factors);
    return new mf::Trainer(d.data, split, with_memory_limit(o));
  });
}

Step trainer_step(mf::Trainer& t) {
  return guard([&] {
    const mf::StepResult s = t.step();
    Step j;
    j.epoch = s.epoch;
    j.trainMse = s.train.mse;
    j.trainRmse = s.train.rmse;
    j.trainMae = s.train.mae;
    j.testMse = s.test.mse;
    j.testRmse = s.test.rmse;
    j.testMae = s.test.mae;
    j.testCount = double(s.test.count);
    j.testFallback = double(s.test.fallback);
    j.objective = s.objective;
    j.ms = s.ms;
    j.status = mf::to_string(s.status);
    j.message = s.message;
    return j;
  });
}

mf::Model* trainer_model(const mf::Trainer& t) {
  return guard([&] { return new mf::Model(t.model()); });
}

Predicted model_predict(const mf::Model& m, double user, double item, bool clip) {
  const mf::Prediction p = mf::predict_raw(m, mf::RawId(user), mf::RawId(item), clip);
  return {p.value, p.user_known, p.item_known, p.fallback()};
}

mf::RecommendOptions recommend_options(double n, const val& exclude, double min_ratings) {
  mf::RecommendOptions o;
  o.n = std::size_t(n);
  o.exclude = ids_in(exclude);
  o.min_ratings = std::uint32_t(min_ratings);
  return o;
}

val model_recommend(const mf::Model& m, double user, double n, const val& exclude, double min_ratings) {
  return guard([&] { return scored_out(mf::recommend(m, mf::RawId(user), recommend_options(n, exclude, min_ratings))); });
}

val model_similar(const mf::Model& m, double item, double n, double min_ratings) {
  return guard([&] {
    return scored_out(mf::similar_items(m, mf::RawId(item), std::size_t(n), std::uint32_t(min_ratings)));
  });
}

std::vector<std::pair<mf::RawId, float>> pairs_in(const val& items, const val& ratings) {
  const std::vector<mf::RawId> i = ids_in(items);
  const std::vector<float> r = emscripten::convertJSArrayToNumberVector<float>(ratings);
  std::vector<std::pair<mf::RawId, float>> out;
  for (std::size_t k = 0; k < i.size(); ++k) out.emplace_back(i[k], r[k]);
  return out;
}

val model_fold_in(const mf::Model& m, const val& items, const val& ratings) {
  return guard([&] {
    const mf::UserVector v = mf::fold_in(m, pairs_in(items, ratings));
    val out = val::object();
    out.set("bias", v.bias);
    out.set("factors", copy_out(v.factors));
    return out;
  });
}

// Fold-in, then recommend, never returning the items just rated.
val model_recommend_for(const mf::Model& m, const val& items, const val& ratings, double n,
                        const val& exclude, double min_ratings) {
  return guard([&] {
    const auto pairs = pairs_in(items, ratings);
    mf::RecommendOptions o = recommend_options(n, exclude, min_ratings);
    for (const auto& p : pairs) o.exclude.push_back(p.first);
    return scored_out(mf::recommend_vector(m, mf::fold_in(m, pairs), o));
  });
}

val model_project(const mf::Model& m, double min_ratings) {
  return guard([&] {
    const mf::Projection p = mf::project_items(m, std::uint32_t(min_ratings));
    val out = val::object();
    out.set("ids", ids_out(p.ids));
    out.set("x", copy_out(p.x));
    out.set("y", copy_out(p.y));
    val explained = val::array();
    explained.call<void>("push", p.explained[0]);
    explained.call<void>("push", p.explained[1]);
    out.set("explained", explained);
    return out;
  });
}

val model_save(const mf::Model& m) {
  return guard([&] { return copy_out(mf::save_model(m)); });
}

// bytes: a Uint8Array (embind copies it into a std::string).
mf::Model* model_load(const std::string& bytes) {
  return guard([&] {
    mf::Model m = mf::load_model(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    check_ids_fit_js(m.users, "user", "model");
    check_ids_fit_js(m.items, "item", "model");
    return new mf::Model(std::move(m));
  });
}

// progress(done, total) is a JS function that returns false to cancel; index.js
// wraps the user's callback so that it never throws into C++.
val grid_search(const Data& d, const mf::Split& split, const Options& base, const val& factors,
                const val& regularization, const val& rates, int iterations, const val& progress) {
  return guard([&] {
    mf::GridSpec spec;
    spec.factors = emscripten::convertJSArrayToNumberVector<int>(factors);
    spec.regularization = emscripten::convertJSArrayToNumberVector<double>(regularization);
    spec.learning_rates = emscripten::convertJSArrayToNumberVector<double>(rates);
    spec.iterations = iterations;
    const mf::TrainOptions o = to_core(base);
    for (int f : spec.factors) check_model_fits(d.data.n_users(), d.data.n_items(), f);
    mf::GridProgress callback;
    if (!progress.isUndefined())
      callback = [&](std::size_t done, std::size_t total) {
        return progress(double(done), double(total)).as<bool>();
      };
    const mf::GridResult r = mf::grid_search(d.data, split, with_memory_limit(o), spec, callback);
    val cells = val::array();
    for (const mf::GridCell& c : r.cells) {
      val cell = val::object();
      cell.set("factors", c.options.factors);
      cell.set("regularization", c.options.reg_user);
      cell.set("learningRate", c.options.learning_rate);
      cell.set("iterations", c.options.iterations);
      cell.set("bestIteration", c.best_iteration);
      cell.set("bestValidationMse", c.best_validation_mse);
      cell.set("bestValidationRmse", c.best_validation_rmse);
      cell.set("trainMseAtBest", c.train_mse_at_best);
      cell.set("diverged", c.diverged);
      cell.set("validationRmse", val::array(c.validation_rmse.begin(), c.validation_rmse.end()));
      cells.call<void>("push", cell);
    }
    val out = val::object();
    out.set("cells", cells);
    out.set("best", double(r.best));
    val test = val::object();
    test.set("count", double(r.test.count));
    test.set("rmse", r.test.rmse);
    test.set("mae", r.test.mae);
    out.set("test", test);
    return out;
  });
}

double heap_bytes() { return double(emscripten_get_heap_size()); }
double heap_used_bytes() { return double(mallinfo().uordblks); }

}  // namespace

EMSCRIPTEN_BINDINGS(mfcf) {
  using namespace emscripten;

  value_object<LoadArgs>("LoadArgs")
      .field("format", &LoadArgs::format)
      .field("duplicates", &LoadArgs::duplicates)
      .field("skipBadLines", &LoadArgs::skipBadLines)
      .field("scaleMin", &LoadArgs::scaleMin)
      .field("scaleMax", &LoadArgs::scaleMax)
      .field("source", &LoadArgs::source);

  value_object<Options>("Options")
      .field("algorithm", &Options::algorithm)
      .field("factors", &Options::factors)
      .field("iterations", &Options::iterations)
      .field("biases", &Options::biases)
      .field("regUser", &Options::regUser)
      .field("regItem", &Options::regItem)
      .field("regUserBias", &Options::regUserBias)
      .field("regItemBias", &Options::regItemBias)
      .field("regularizationScaling", &Options::regularizationScaling)
      .field("missingAsZero", &Options::missingAsZero)
      .field("learningRate", &Options::learningRate)
      .field("initStd", &Options::initStd)
      .field("seed", &Options::seed);

  value_object<Step>("Step")
      .field("epoch", &Step::epoch)
      .field("trainMse", &Step::trainMse)
      .field("trainRmse", &Step::trainRmse)
      .field("trainMae", &Step::trainMae)
      .field("testMse", &Step::testMse)
      .field("testRmse", &Step::testRmse)
      .field("testMae", &Step::testMae)
      .field("testCount", &Step::testCount)
      .field("testFallback", &Step::testFallback)
      .field("objective", &Step::objective)
      .field("ms", &Step::ms)
      .field("status", &Step::status)
      .field("message", &Step::message);

  value_object<Predicted>("Predicted")
      .field("value", &Predicted::value)
      .field("userKnown", &Predicted::userKnown)
      .field("itemKnown", &Predicted::itemKnown)
      .field("fallback", &Predicted::fallback);

  class_<Data>("Dataset")
      .function("numUsers", optional_override([](const Data& d) { return double(d.data.n_users()); }))
      .function("numItems", optional_override([](const Data& d) { return double(d.data.n_items()); }))
      .function("numRatings", optional_override([](const Data& d) { return double(d.data.ratings.size()); }))
      .function("report", &data_report)
      .function("userIds", optional_override([](const Data& d) { return ids_out(d.data.users.raw_ids()); }))
      .function("itemIds", optional_override([](const Data& d) { return ids_out(d.data.items.raw_ids()); }))
      .function("ratedItems", optional_override([](const Data& d, double user) {
                  return ids_out(mf::rated_items(d.data, mf::RawId(user)));
                }))
      .function("itemCounts", &data_item_counts)
      .function("ratings", &data_ratings);

  class_<mf::Split>("Split")
      .function("numTrain", optional_override([](const mf::Split& s) { return double(s.train.size()); }))
      .function("numTest", optional_override([](const mf::Split& s) { return double(s.test.size()); }));

  class_<mf::Trainer>("Trainer")
      .function("step", &trainer_step)
      .function("epoch", &mf::Trainer::epoch)
      .function("diverged", &mf::Trainer::diverged)
      .function("options", optional_override([](const mf::Trainer& t) { return from_core(t.options()); }))
      .function("model", &trainer_model, allow_raw_pointers());

  class_<mf::Model>("Model")
      .function("numFactors", optional_override([](const mf::Model& m) { return m.factors; }))
      .function("numUsers", optional_override([](const mf::Model& m) { return double(m.n_users()); }))
      .function("numItems", optional_override([](const mf::Model& m) { return double(m.n_items()); }))
      .function("globalMean", optional_override([](const mf::Model& m) { return m.global_mean; }))
      .function("scaleMin", optional_override([](const mf::Model& m) { return m.scale.min; }))
      .function("scaleMax", optional_override([](const mf::Model& m) { return m.scale.max; }))
      .function("options", optional_override([](const mf::Model& m) { return from_core(m.options); }))
      .function("predict", &model_predict)
      .function("recommend", &model_recommend)
      .function("similarItems", &model_similar)
      .function("foldIn", &model_fold_in)
      .function("recommendFor", &model_recommend_for)
      .function("project", &model_project)
      .function("save", &model_save)
      .function("userFactors", optional_override([](const mf::Model& m) { return copy_out(m.user_factors); }))
      .function("itemFactors", optional_override([](const mf::Model& m) { return copy_out(m.item_factors); }))
      .function("userBiases", optional_override([](const mf::Model& m) { return copy_out(m.user_bias); }))
      .function("itemBiases", optional_override([](const mf::Model& m) { return copy_out(m.item_bias); }))
      .function("userCounts", optional_override([](const mf::Model& m) { return copy_out(m.user_count); }))
      .function("itemCounts", optional_override([](const mf::Model& m) { return copy_out(m.item_count); }))
      .function("userIds", optional_override([](const mf::Model& m) { return ids_out(m.users.raw_ids()); }))
      .function("itemIds", optional_override([](const mf::Model& m) { return ids_out(m.items.raw_ids()); }));

  function("_takeError", &take_error);
  function("_datasetFromText", &data_from_text, allow_raw_pointers());
  function("_datasetFromArrays", &data_from_arrays, allow_raw_pointers());
  function("_splitRandom", &split_random, allow_raw_pointers());
  function("_splitPerUser", &split_per_user, allow_raw_pointers());
  function("_defaultOptions", &default_options);
  function("_trainerCreate", &trainer_create, allow_raw_pointers());
  function("_modelLoad", &model_load, allow_raw_pointers());
  function("_gridSearch", &grid_search);
  function("_heapBytes", &heap_bytes);
  function("_heapUsedBytes", &heap_used_bytes);
}
