// The hostile-input corpus (tests/corpus/manifest.json): every malformed or
// hostile file gives exactly its expected outcome natively, either accepted
// with the expected counts or the expected error kind with a message naming
// the file and line. tests/node/corpus.test.mjs checks the same manifest
// through the WebAssembly module, tests/corpus/check-cli.mjs through the CLI.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "mf/io.hpp"
#include "mini_json.hpp"
#include "test_util.hpp"

using mft::contains;
namespace json = mft::json;

namespace {

std::string corpus_path(const std::string& name) { return mft::source_path("tests/corpus/" + name); }

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

const json::Value& manifest() {
  static const json::Value m = json::parse(read_bytes(corpus_path("manifest.json")));
  return m;
}

std::vector<std::uint8_t> from_hex(const std::string& hex) {
  REQUIRE(hex.size() % 2 == 0);
  std::vector<std::uint8_t> out;
  for (std::size_t k = 0; k < hex.size(); k += 2) out.push_back(std::uint8_t(std::stoul(hex.substr(k, 2), nullptr, 16)));
  return out;
}

std::size_t offset_in(double at, std::size_t size) {
  const long long o = static_cast<long long>(at);
  return o < 0 ? std::size_t(static_cast<long long>(size) + o) : std::size_t(o);
}

// The bytes of an entry: a committed file, a generated text (parts repeated),
// or a committed model changed as "derive" says (truncate, append, flip a bit,
// patch bytes, then optionally recompute the CRC so the damage gets past it).
std::string materialize(const json::Value& e) {
  if (e.has("file")) return read_bytes(corpus_path(e["file"].str()));
  if (e.has("generate")) {
    std::string out;
    for (const auto& part : e["generate"].array)
      for (int k = 0; k < int(part.array.at(1).num()); ++k) out += part.array.at(0).str();
    return out;
  }
  const json::Value& d = e["derive"];
  std::string b = read_bytes(corpus_path(d["from"].str()));
  if (d.has("truncate")) b.resize(std::size_t(d["truncate"].num()));
  if (d.has("append")) {
    for (auto x : from_hex(d["append"].str())) b += char(x);
  }
  if (d.has("flip")) {
    const std::size_t at = offset_in(d["flip"].array.at(0).num(), b.size());
    b.at(at) = char(static_cast<unsigned char>(b.at(at)) ^ (1u << int(d["flip"].array.at(1).num())));
  }
  if (d.has("patch")) {
    for (const auto& p : d["patch"].array) {
      std::size_t at = offset_in(p.array.at(0).num(), b.size());
      for (auto x : from_hex(p.array.at(1).str())) b.at(at++) = char(x);
    }
  }
  if (d.has("fixCrc") && d["fixCrc"].boolean) {
    REQUIRE(b.size() >= 4);
    const std::uint32_t c = mf::crc32(reinterpret_cast<const std::uint8_t*>(b.data()), b.size() - 4);
    for (int k = 0; k < 4; ++k) b[b.size() - 4 + k] = char(std::uint8_t(c >> (8 * k)));
  }
  return b;
}

std::string source_name(const json::Value& e) { return e.has("file") ? e["file"].str() : e["name"].str(); }

mf::LoadOptions load_options(const json::Value& e) {
  mf::LoadOptions o;
  o.source = source_name(e);
  if (const json::Value* opt = e.find("options")) {
    for (const auto& [key, v] : opt->object) {
      if (key == "format") o.format = mf::parse_format(v.str());
      else if (key == "duplicates") o.duplicates = mf::parse_duplicate_policy(v.str());
      else if (key == "skipBadLines") o.skip_bad_lines = v.boolean;
      else if (key == "implicit") o.implicit = v.boolean;
      else if (key == "scale") o.scale = {float(v.array.at(0).num()), float(v.array.at(1).num())};
      else FAIL("unknown option '" << key << "' in the manifest");
    }
  }
  return o;
}

void check_count(const json::Value& e, const char* key, std::size_t actual) {
  if (const json::Value* v = e.find(key)) {
    INFO(key);
    CHECK(actual == std::size_t(v->num()));
  }
}

// Runs one entry; returns a description of what happened for the failure report.
void check_entry(const json::Value& e) {
  const std::string type = e["type"].str();
  const std::string expect = e["expect"].str();
  const std::string bytes = materialize(e);
  INFO("input " << source_name(e) << " (" << type << ", " << bytes.size() << " bytes): " << e.str_or("why", ""));
  try {
    if (type == "ratings") {
      mf::LoadReport report;
      const mf::Dataset d = mf::parse_ratings(bytes, load_options(e), &report);
      CHECK(expect == "accepted");
      check_count(e, "ratings", d.ratings.size());
      check_count(e, "users", d.n_users());
      check_count(e, "items", d.n_items());
      check_count(e, "skipped", report.skipped);
      check_count(e, "replaced", report.replaced);
      CHECK(report.accepted == d.ratings.size());
    } else if (type == "movies") {
      const auto movies = mf::parse_movies(bytes, source_name(e));
      CHECK(expect == "accepted");
      check_count(e, "movies", movies.size());
      if (const json::Value* titles = e.find("titles")) {
        for (const auto& entry : titles->object) {
          const mf::RawId id = std::stoll(entry.first);
          auto it = std::find_if(movies.begin(), movies.end(), [id](const mf::Movie& m) { return m.id == id; });
          REQUIRE(it != movies.end());
          CHECK(it->title == entry.second.str());  // byte for byte: markup is data, not HTML
        }
      }
    } else if (type == "model") {
      const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
      const mf::Model m = mf::load_model(p, bytes.size());
      CHECK(expect == "accepted");
      check_count(e, "users", m.n_users());
      check_count(e, "items", m.n_items());
      check_count(e, "factors", std::size_t(m.factors));
      // An accepted model of the current version saves back to the same bytes;
      // an older one saves as the current version, which loads back the same.
      const std::vector<std::uint8_t> saved = mf::save_model(m);
      std::uint32_t version = 0;
      for (int b = 0; b < 4; ++b) version |= std::uint32_t(p[8 + b]) << (8 * b);
      if (version == mf::kModelFormatVersion) CHECK(saved == std::vector<std::uint8_t>(p, p + bytes.size()));
      const mf::Model again = mf::load_model(saved.data(), saved.size());
      CHECK(mf::same_settings(again.options, m.options));
      CHECK(again.user_factors == m.user_factors);
      CHECK(again.item_factors == m.item_factors);
      CHECK(mf::save_model(again) == saved);
    } else {
      FAIL("unknown type '" << type << "' in the manifest");
    }
  } catch (const mf::Error& err) {
    INFO("error " << mf::to_string(err.kind()) << ": " << err.what());
    CHECK(expect == mf::to_string(err.kind()));
    CHECK(contains(err.what(), e.str_or("message", "(no message in the manifest)")));
  }
}

}  // namespace

TEST_CASE("every corpus input gives the outcome its manifest entry expects", "[corpus]") {
  const auto& entries = manifest()["entries"].array;
  REQUIRE(entries.size() >= 30);
  for (const auto& e : entries) check_entry(e);
}

TEST_CASE("the corpus covers every committed input and every kind of outcome", "[corpus]") {
  std::set<std::string> named, kinds;
  std::size_t generated_bytes = 0;
  for (const auto& e : manifest()["entries"].array) {
    if (e.has("file")) named.insert(e["file"].str());
    if (e.has("derive")) named.insert(e["derive"]["from"].str());
    if (e.has("generate")) generated_bytes = std::max(generated_bytes, materialize(e).size());
    kinds.insert(e["type"].str() + " " + e["expect"].str());
    // An error entry names what the message must say.
    if (e["expect"].str() != "accepted") CHECK(e.has("message"));
  }
  for (const auto& f : std::filesystem::directory_iterator(mft::source_path("tests/corpus"))) {
    const std::string name = f.path().filename().string();
    if (name == "manifest.json" || name == "README.md" || f.path().extension() == ".mjs") continue;
    INFO(name << " is in tests/corpus but no manifest entry uses it");
    CHECK(named.count(name) == 1);
  }
  CHECK(generated_bytes > 1000000);  // the 1 MB line
  for (const char* k : {"ratings accepted", "ratings Parse", "movies accepted", "movies Parse",
                        "model accepted", "model CorruptModel"}) {
    INFO(k);
    CHECK(kinds.count(k) == 1);
  }
}
