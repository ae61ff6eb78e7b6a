// What bindings.cpp needs besides registrations: errors kept for JS instead
// of thrown through embind, copies out of the heap, raw-id conversion, array
// fields of value objects and the heap's room for TrainOptions::memory_limit.
#pragma once

#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <malloc.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <new>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "mf/dataset.hpp"
#include "mf/error.hpp"
#include "mf/options.hpp"

namespace glue {

using emscripten::val;

// A data set and what loading it did (the JS API's Dataset).
struct Loaded {
  mf::Dataset data;
  mf::LoadReport report;
};

// ---- errors: C++ never throws into JS ------------------------------------
// An exception escaping into embind reaches JS as a bare pointer, and throwing
// a JS value from C++ would skip the destructors on the way out. Every call
// that can fail runs inside guard(), which records the exception; the JS layer
// then calls _takeError() and throws an MfError.

struct PendingError {
  bool set = false;
  std::string kind;
  mf::Message message;
};
inline PendingError pending;

inline void record(const char* kind, const mf::Message& message) { pending = {true, kind, message}; }

// Runs f; on a C++ exception records it and returns a placeholder (nullptr,
// undefined or a default value), which the JS layer never looks at.
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

// F(args...) inside guard(), as a function to register.
template <auto F, typename... A>
auto guarded(A... args) {
  return guard([&] { return F(std::move(args)...); });
}

// The recorded error as { kind, parts: [text, key, text, key, ...] } (odd
// entries are parameter keys, which index.js spells), or null.
inline val take_error() {
  if (!pending.set) return val::null();
  val parts = val::array();
  for (const mf::Message::Part& p : pending.message.parts()) {
    if (p.is_parameter == (parts["length"].as<int>() % 2 == 0)) parts.call<void>("push", std::string());
    parts.call<void>("push", p.text);
  }
  val e = val::object();
  e.set("kind", pending.kind);
  e.set("parts", parts);
  pending = PendingError{};
  return e;
}

// ---- copies and ids -------------------------------------------------------

// A copy as a typed array: views into the heap go stale when it grows.
template <typename T>
val copy_out(const std::vector<T>& v) {
  return val(emscripten::typed_memory_view(v.size(), v.data())).call<val>("slice");
}

// Raw ids as a Float64Array (embind has no 64-bit integers without BigInt).
inline val ids_out(const std::vector<mf::RawId>& ids) { return copy_out(std::vector<double>(ids.begin(), ids.end())); }

// Raw ids arrive as safe integers (index.js checks them).
inline std::vector<mf::RawId> ids_in(const val& array) {
  const std::vector<double> d = emscripten::convertJSArrayToNumberVector<double>(array);
  return std::vector<mf::RawId>(d.begin(), d.end());
}

// [item, rating] pairs from parallel arrays of raw ids and ratings.
inline std::vector<std::pair<mf::RawId, float>> pairs_in(const val& items, const val& ratings) {
  const std::vector<mf::RawId> i = ids_in(items);
  const std::vector<float> r = emscripten::convertJSArrayToNumberVector<float>(ratings);
  std::vector<std::pair<mf::RawId, float>> out;
  for (std::size_t k = 0; k < i.size(); ++k) out.emplace_back(i[k], r[k]);
  return out;
}

// The ratings in load order: raw user ids, raw item ids, values.
// Ratings `r` (by default all of `d`'s; or one half of a split of `d`) with raw ids.
inline val ratings_out(const mf::Dataset& d, const mf::Ratings& r) {
  std::vector<mf::RawId> users(r.size()), items(r.size());
  for (std::size_t k = 0; k < r.size(); ++k) {
    users[k] = d.users.raw(r.user[k]);
    items[k] = d.items.raw(r.item[k]);
  }
  val out = val::object();
  out.set("users", ids_out(users));
  out.set("items", ids_out(items));
  out.set("values", copy_out(r.value));
  return out;
}
inline val ratings_out(const mf::Dataset& d) { return ratings_out(d, d.ratings); }

// Movies as columns: ids, and titles and genres each joined by '\n' (no
// field holds one: the parser splits lines first). Thousands of strings
// handed over one by one would take far longer than two.
inline val movies_out(const std::vector<mf::Movie>& movies) {
  std::vector<mf::RawId> ids;
  std::string titles, genres;
  for (const mf::Movie& m : movies) {
    const char* sep = ids.empty() ? "" : "\n";
    ids.push_back(m.id);
    titles += sep + m.title;
    genres += sep + m.genres;
  }
  val out = val::object();
  out.set("ids", ids_out(ids));
  out.set("titles", titles);
  out.set("genres", genres);
  return out;
}

// Ids from text can exceed what a JS number holds exactly (2^53 - 1): refuse
// them instead of returning rounded ids later.
inline void check_ids_fit_js(const mf::IdMap& ids, const char* what, const std::string& source) {
  for (mf::RawId id : ids.raw_ids())
    if (std::fabs(double(id)) > 9007199254740991.0)
      mf::fail(mf::ErrorKind::InvalidArgument,
               source + ": " + what + " id " + std::to_string(id) +
                   " is beyond 2^53 - 1, the largest integer a JS number holds exactly");
}

// A loaded data set for JS, once its ids are checked.
inline Loaded* loaded(Loaded d, const std::string& source) {
  check_ids_fit_js(d.data.users, "user", source);
  check_ids_fit_js(d.data.items, "item", source);
  return new Loaded(std::move(d));
}

template <typename T>
std::vector<T> vector_in(const val& array) {
  return emscripten::vecFromJSArray<T>(array);
}

// ---- value-object fields that embind cannot convert by itself --------------

template <typename>
struct MemberOf;
template <typename C, typename T>
struct MemberOf<T C::*> {
  using Class = C;
  using Type = T;
};

// A std::vector or C array member as a plain JS array.
template <auto M>
struct ArrayField {
  using C = typename MemberOf<decltype(M)>::Class;
  using V = typename MemberOf<decltype(M)>::Type;
  using T = std::remove_reference_t<decltype(*std::begin(std::declval<V&>()))>;
  static val get(const C& c) { return val::array(std::begin(c.*M), std::end(c.*M)); }
  static void set(C& c, val v) {
    std::vector<T> in = vector_in<T>(v);
    if constexpr (std::is_array_v<V>)
      std::copy_n(in.begin(), std::min(in.size(), std::size(c.*M)), std::begin(c.*M));
    else
      c.*M = std::move(in);
  }
};

// A numeric std::vector member as a typed-array copy.
template <auto M>
struct TypedArrayField {
  using C = typename MemberOf<decltype(M)>::Class;
  using V = typename MemberOf<decltype(M)>::Type;
  static val get(const C& c) { return copy_out(c.*M); }
  static void set(C& c, val v) { c.*M = emscripten::convertJSArrayToNumberVector<typename V::value_type>(v); }
};

// A std::vector<RawId> member as a Float64Array.
template <auto M>
struct IdsField {
  using C = typename MemberOf<decltype(M)>::Class;
  static val get(const C& c) { return ids_out(c.*M); }
  static void set(C& c, val v) { c.*M = ids_in(v); }
};

// A 64-bit integer (a seed, a raw id) as a JS number: embind has no 64-bit
// integers without BigInt, and index.js allows safe integers only.
template <auto M>
struct Int64Field {
  using C = typename MemberOf<decltype(M)>::Class;
  using T = typename MemberOf<decltype(M)>::Type;
  static double get(const C& c) { return double(c.*M); }
  static void set(C& c, double v) { c.*M = T(v); }
};

// Registers field `name` of value object `o` through one of the field kinds above.
template <template <auto> class Kind, auto M, typename Object>
void field(Object& o, const char* name) {
  o.field(name, &Kind<M>::get, &Kind<M>::set);
}

// Registers an enum with each value named as the core spells it (mf::to_string).
template <typename E>
void enum_named(const char* name, std::initializer_list<E> values) {
  using mf::to_string;  // found by argument-dependent lookup for each enum
  emscripten::enum_<E> e(name);
  for (E v : values) e.value(to_string(v), v);
}

// ---- memory ---------------------------------------------------------------

// The core refuses training that would not fit in what the heap can still
// grow to (TrainOptions::memory_limit), instead of running out of memory halfway.
// What the heap can still grow to.
inline std::size_t heap_room() {
  const std::size_t max = emscripten_get_heap_max(), used = std::size_t(mallinfo().uordblks);
  return max > used ? max - used : 1;
}

inline mf::TrainOptions with_memory_limit(mf::TrainOptions o) {
  o.memory_limit = heap_room();
  return o;
}

}  // namespace glue
