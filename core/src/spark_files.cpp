// The files of a saved Spark ALS model and its metadata (spark.hpp).
#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "json.hpp"
#include "mf/error.hpp"
#include "mf/spark.hpp"

namespace mf {

namespace {

[[noreturn]] void not_a_model(const std::string& why) { fail(ErrorKind::CorruptModel, why); }

constexpr const char* kRoles[] = {"metadata", "itemFactors", "userFactors"};

struct Path {
  std::string folder;  // everything before the name, with its '/' ("" at the top)
  std::string name;
};

Path split_path(std::string p) {
  while (p.rfind("./", 0) == 0) p.erase(0, 2);
  const std::size_t slash = p.rfind('/');
  if (slash == std::string::npos) return {"", p};
  return {p.substr(0, slash + 1), p.substr(slash + 1)};
}

// The last folder of `folder` ("a/itemFactors/" -> "itemFactors") and what is before it.
std::pair<std::string, std::string> last_folder(const std::string& folder) {
  if (folder.empty()) return {"", ""};
  const std::size_t slash = folder.rfind('/', folder.size() - 2);
  const std::size_t start = slash == std::string::npos ? 0 : slash + 1;
  return {folder.substr(start, folder.size() - 1 - start), folder.substr(0, start)};
}

bool hidden(const std::string& name) { return name.empty() || name[0] == '.' || name[0] == '_'; }

std::string shown(const std::string& folder) { return folder.empty() ? "the top folder" : "'" + folder + "'"; }

// A checksum file ".NAME.crc" whose NAME is not among `names` names a part that is missing.
void check_checksums(const std::string& folder, const std::vector<std::string>& names) {
  const std::set<std::string> present(names.begin(), names.end());
  for (const std::string& n : names) {
    if (n.size() < 6 || n[0] != '.' || n.compare(n.size() - 4, 4, ".crc") != 0) continue;
    const std::string part = n.substr(1, n.size() - 5);
    if (!hidden(part) && !present.count(part))
      not_a_model(folder + part + " is missing (its checksum file " + n +
                  " is there): copy or pick every file of the folder");
  }
}

}  // namespace

SparkFiles plan_spark_files(const std::vector<std::string>& paths) {
  std::map<std::string, std::vector<std::string>> by_folder;  // folder -> file names
  for (const std::string& p : paths) {
    const Path path = split_path(p);
    if (("/" + path.folder).find("/_temporary/") != std::string::npos)
      not_a_model(p + " lies in a _temporary folder: the save did not finish (Spark removes it when it does)");
    if (!path.name.empty()) by_folder[path.folder].push_back(path.name);
  }
  SparkFiles out;
  std::set<std::string> roots;
  std::map<std::string, std::string> role_folder;  // role -> its folder
  for (const auto& [folder, names] : by_folder) {
    const auto [last, before] = last_folder(folder);
    if (std::find(std::begin(kRoles), std::end(kRoles), last) == std::end(kRoles)) continue;
    roots.insert(before);
    role_folder[last] = folder;
  }
  if (roots.size() > 1)
    not_a_model("the files hold more than one model: " + shown(*roots.begin()) + " and " + shown(*std::next(roots.begin())) +
                "; open one at a time");
  auto parts_of = [&](const std::string& folder) {
    std::vector<std::string> names = by_folder[folder], parts;
    check_checksums(folder, names);
    std::sort(names.begin(), names.end());
    for (const std::string& n : names)
      if (!hidden(n)) parts.push_back(folder + n);
    return parts;
  };
  if (!roots.empty()) {
    out.saved_model = true;
    out.root = *roots.begin();
    if (!role_folder.count("itemFactors"))
      not_a_model("the item factors are missing: " + out.root + "itemFactors/ is not among the files (pick the whole folder "
                  "that ALSModel.save wrote)");
    out.item_parts = parts_of(role_folder["itemFactors"]);
    if (out.item_parts.empty()) not_a_model(role_folder["itemFactors"] + " holds no part file");
    if (role_folder.count("userFactors")) out.user_parts = parts_of(role_folder["userFactors"]);
    if (role_folder.count("metadata")) {
      const std::vector<std::string> meta = parts_of(role_folder["metadata"]);
      if (meta.size() != 1)
        not_a_model(role_folder["metadata"] + " holds " + std::to_string(meta.size()) +
                    " part files; Spark writes one, with the model's rank");
      out.metadata = meta[0];
    }
    return out;
  }
  // Bare part files (itemFactors.write.json): item factors, all in one folder;
  // or the one file given.
  std::vector<std::string> folders, files;
  for (const auto& [folder, names] : by_folder) {
    if (std::any_of(names.begin(), names.end(), [](const std::string& n) { return n.rfind("part-", 0) == 0; }))
      folders.push_back(folder);
    for (const std::string& n : names)
      if (!hidden(n)) files.push_back(folder + n);
  }
  if (folders.empty() && files.size() == 1) {
    out.item_parts = files;
    return out;
  }
  if (folders.empty())
    not_a_model("no part files: expected the folder that ALSModel.save wrote (metadata/, itemFactors/, userFactors/) "
                "or the part files (part-*) that itemFactors.write.json wrote");
  if (folders.size() > 1)
    not_a_model("part files in " + shown(folders[0]) + " and " + shown(folders[1]) +
                ": name the folders itemFactors/ and userFactors/ (as ALSModel.save does), or give the item factors alone");
  out.root = folders[0];
  for (const std::string& p : parts_of(folders[0]))
    if (split_path(p).name.rfind("part-", 0) == 0) out.item_parts.push_back(p);
  return out;
}

namespace {

const json::Value* param(const json::Value& meta, const char* name) {
  for (const char* map : {"paramMap", "defaultParamMap"})
    if (const json::Value* m = meta.find(map); m && m->type == json::Value::Type::Object)
      if (const json::Value* v = m->find(name)) return v;
  return nullptr;
}

std::optional<double> number_param(const json::Value& meta, const char* name, const std::string& source) {
  const json::Value* v = param(meta, name);
  if (!v) return std::nullopt;
  char* end = nullptr;
  const double d = v->type == json::Value::Type::Number ? std::strtod(v->text.c_str(), &end) : 0.0;
  if (v->type != json::Value::Type::Number || *end)
    fail(ErrorKind::CorruptModel, source + ": the parameter " + name + " is not a number");
  return d;
}

}  // namespace

SparkMetadata parse_spark_metadata(std::string_view text, const std::string& source) {
  json::Value meta;
  try {
    json::Cursor c(text);
    meta = c.value();
    if (!c.at_end()) c.fail("more text after the JSON object (Spark writes one line)");
  } catch (const Problem& p) {
    fail(ErrorKind::Parse, source + ": not Spark metadata: " + p.what);
  }
  if (meta.type != json::Value::Type::Object) fail(ErrorKind::Parse, source + ": not Spark metadata: not a JSON object");
  SparkMetadata m;
  auto text_of = [&](const char* key) {
    const json::Value* v = meta.find(key);
    return v && v->type == json::Value::Type::String ? v->text : std::string();
  };
  m.class_name = text_of("class");
  m.spark_version = text_of("sparkVersion");
  m.uid = text_of("uid");
  if (m.class_name != kSparkAlsModelClass)
    not_a_model(source + ": this is " + (m.class_name.empty() ? "no Spark model" : "a " + m.class_name) +
                ", not an ALS model (" + kSparkAlsModelClass + ")");
  const json::Value* rank = meta.find("rank");
  char* end = nullptr;
  const long r = rank && rank->type == json::Value::Type::Number ? std::strtol(rank->text.c_str(), &end, 10) : 0;
  if (!rank || rank->type != json::Value::Type::Number || *end || r < 1 || r > kMaxFactors)
    not_a_model(source + ": the rank is " + (rank ? "not an integer from 1 to " + std::to_string(kMaxFactors) : "missing"));
  m.rank = int(r);
  if (const json::Value* s = param(meta, "coldStartStrategy"); s && s->type == json::Value::Type::String)
    m.cold_start_strategy = s->text;
  m.reg_param = number_param(meta, "regParam", source);
  m.alpha = number_param(meta, "alpha", source);
  if (const auto it = number_param(meta, "maxIter", source)) m.max_iter = int(std::clamp(*it, -1.0, 1e9));
  if (const json::Value* v = param(meta, "implicitPrefs")) {
    if (v->type != json::Value::Type::Bool)
      fail(ErrorKind::CorruptModel, source + ": the parameter implicitPrefs is not true or false");
    m.implicit_prefs = v->boolean;
  }
  return m;
}

}  // namespace mf
