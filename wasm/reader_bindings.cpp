// embind registration of the ratings reader (mf::RatingsReader: a large file
// read in chunks, with progress between them) and of the memory its loading
// needs. bindings.cpp registers the Dataset it makes.
#include <emscripten/bind.h>

#include <algorithm>
#include <string>

#include "glue.hpp"
#include "mf/dataset.hpp"

using emscripten::val;
using glue::guard;
using glue::Loaded;

namespace {

// A JS count as a size_t, held to what a 32-bit size_t takes (any more is far over the heap).
std::size_t count(double n) { return n <= 0 ? 0 : std::size_t(std::min(n, 4294967295.0)); }

// limit: bytes the caller allows (0: none), held to the room the heap has left.
mf::RatingsReader* create(mf::LoadOptions o, double bytes, double lines, double limit) {
  return guard([&] {
    o.memory_limit = glue::heap_room();
    if (limit > 0) o.memory_limit = std::min(o.memory_limit, count(limit));
    return new mf::RatingsReader(o, count(bytes), count(lines));
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(mfcf_reader) {
  using namespace emscripten;
  class_<mf::RatingsReader>("RatingsReader")
      // piece: a Uint8Array (or a string) cut anywhere.
      .function("feed", optional_override([](mf::RatingsReader& r, const std::string& piece) {
                  guard([&] { r.feed(piece); });
                }))
      .function("lines", optional_override([](const mf::RatingsReader& r) { return double(r.lines()); }))
      .function("finish", optional_override([](mf::RatingsReader& r, const std::string& source) {
                  return guard([&] {
                    Loaded d;
                    d.data = r.finish(&d.report);
                    return glue::loaded(std::move(d), source);
                  });
                }), allow_raw_pointers());
  function("_readerCreate", &create, allow_raw_pointers());
  function("_loadMemoryBytes", optional_override([](double bytes, double lines) {
             return mf::load_memory_bytes(count(bytes), count(lines));
           }));
}
