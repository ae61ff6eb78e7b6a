// embind layer of the Spark import (core/include/mf/spark.hpp), beside
// bindings.cpp: the plan of a picked folder, the metadata, factor tables
// filled from JSON lines or from the Parquet columns that spark.js decodes,
// and the Model made of them. Every call that can fail runs inside glue::guard.
#include <emscripten/bind.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "glue.hpp"
#include "mf/spark.hpp"

using emscripten::val;
using glue::guard;

namespace {

// What the heap can still grow to: the most a new model may take.
using glue::heap_room;

val strings_out(const std::vector<std::string>& list) {
  val out = val::array();
  for (const std::string& s : list) out.call<void>("push", s);
  return out;
}

val plan(const val& paths) {
  return guard([&] {
    const mf::SparkFiles f = mf::plan_spark_files(emscripten::vecFromJSArray<std::string>(paths));
    val out = val::object();
    out.set("root", f.root);
    out.set("metadata", f.metadata);
    out.set("itemParts", strings_out(f.item_parts));
    out.set("userParts", strings_out(f.user_parts));
    out.set("savedModel", f.saved_model);
    return out;
  });
}

// The metadata as an object; settings it does not name are absent.
val metadata(const std::string& text, const std::string& source) {
  return guard([&] {
    const mf::SparkMetadata m = mf::parse_spark_metadata(text, source);
    val out = val::object();
    out.set("className", m.class_name);
    out.set("sparkVersion", m.spark_version);
    out.set("uid", m.uid);
    out.set("rank", m.rank);
    out.set("coldStartStrategy", m.cold_start_strategy);
    if (m.reg_param) out.set("regParam", *m.reg_param);
    if (m.alpha) out.set("alpha", *m.alpha);
    if (m.implicit_prefs) out.set("implicitPrefs", *m.implicit_prefs);
    if (m.max_iter) out.set("maxIter", *m.max_iter);
    return out;
  });
}

// One part's rows from columns: ids (Float64Array), features (Float32Array), lengths (Int32Array).
void add_rows(mf::FactorTable& t, const std::string& part, const val& ids, const val& values, const val& lengths) {
  guard([&] {
    const std::vector<mf::RawId> i = glue::ids_in(ids);
    const std::vector<float> v = emscripten::convertJSArrayToNumberVector<float>(values);
    const std::vector<std::int32_t> n = emscripten::convertJSArrayToNumberVector<std::int32_t>(lengths);
    if (n.size() != i.size()) mf::fail(mf::ErrorKind::InvalidArgument, part + ": ids and lengths differ in number");
    t.add_part(part, i.data(), i.size(), v.data(), n.data());
  });
}

mf::Model* from_factors(const mf::FactorTable& items, const val& users, mf::SparkSettings s) {
  return guard([&] {
    s.memory_limit = heap_room();
    const mf::FactorTable* u = users.isNull() || users.isUndefined() ? nullptr : users.as<mf::FactorTable*>(emscripten::allow_raw_pointers());
    mf::Model m = mf::model_from_factors(items, u, s);
    glue::check_ids_fit_js(m.users, "user", "userFactors");
    glue::check_ids_fit_js(m.items, "item", "itemFactors");
    return new mf::Model(std::move(m));
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(mfcf_spark) {
  using namespace emscripten;

  using SS = mf::SparkSettings;
  value_object<SS>("SparkSettings")
      .field("rank", &SS::rank).field("rank_source", &SS::rank_source).field("implicit_prefs", &SS::implicit_prefs)
      .field("reg_param", &SS::reg_param).field("alpha", &SS::alpha).field("max_iter", &SS::max_iter)
      .field("scale", &SS::scale);

  class_<mf::FactorTable>("_FactorTable")
      .constructor(optional_override([](const std::string& name) {
                     auto* t = new mf::FactorTable();
                     t->name = name;
                     return t;
                   }), allow_raw_pointers())
      .function("rows", optional_override([](const mf::FactorTable& t) { return double(t.ids.size()); }))
      .function("addRows", &add_rows)
      .function("addLines", optional_override([](mf::FactorTable& t, const std::string& text, const std::string& part) {
                  guard([&] { mf::parse_factor_lines(text, part, t); });
                }));

  function("_defaultSparkSettings", optional_override([] { return mf::SparkSettings{}; }));
  function("_sparkPlan", &plan);
  function("_sparkMetadata", &metadata);
  function("_modelFromFactors", &from_factors, allow_raw_pointers());
  function("_checkFactorMemory", optional_override([](double users, double items, int rank) {
             // Row counts from Parquet footers, held to what a 32-bit size_t takes (any more is far over the heap).
             auto rows = [](double n) { return std::size_t(std::min(n, 4294967295.0)); };
             guard([&] { mf::check_factor_memory(rows(users), rows(items), rank, heap_room()); });
           }));
  function("_heapRoom", optional_override([] { return double(heap_room()); }));
}
