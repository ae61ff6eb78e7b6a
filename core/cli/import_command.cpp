// mf import-spark: a model saved by Spark MLlib's ALS as an mfcf model file.
// This tool reads the JSON-lines form of the factors; Parquet parts (what
// ALSModel.save writes) are read by the JS API, whose node script
// wasm/import-spark.js writes the same model file.
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unistd.h>

#include "commands.hpp"
#include "mf/error.hpp"
#include "mf/io.hpp"
#include "mf/spark.hpp"

namespace cli {

namespace {

namespace fs = std::filesystem;

// The files of `dir` (two folders deep: a model's folders hold its parts), or `dir` itself when it is a file.
std::vector<std::string> list_files(const std::string& dir) {
  std::error_code error;
  if (fs::is_regular_file(dir, error)) return {dir};
  if (!fs::is_directory(dir, error))
    mf::fail(mf::ErrorKind::Io, "cannot open '" + dir + "': " + (error ? error.message() : "no such folder"));
  std::vector<std::string> out;
  for (auto it = fs::recursive_directory_iterator(dir, error); !error && it != fs::recursive_directory_iterator();
       it.increment(error)) {
    if (it->is_directory() && it.depth() >= 1) it.disable_recursion_pending();
    if (it->is_regular_file()) out.push_back(it->path().string());
  }
  if (error) mf::fail(mf::ErrorKind::Io, "cannot list '" + dir + "': " + error.message());
  return out;
}

// Refuses, before reading any, part files larger than half this machine's memory.
void check_sizes(const mf::SparkFiles& files) {
  std::uintmax_t total = 0;
  for (const auto* parts : {&files.item_parts, &files.user_parts})
    for (const std::string& p : *parts) total += fs::file_size(p);
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  const std::uintmax_t limit = pages > 0 && page > 0 ? std::uintmax_t(pages) * std::uintmax_t(page) / 2 : 0;
  if (limit > 0 && total > limit)
    mf::fail(mf::ErrorKind::Resource, "the part files hold " + std::to_string(total >> 20) +
                                          " MiB, more than half of this machine's memory (" +
                                          std::to_string(limit >> 20) + " MiB): not read");
}

void read_parts(const std::vector<std::string>& parts, mf::FactorTable& table) {
  for (const std::string& part : parts) {
    const std::string text = mf::read_file(part);
    if (text.compare(0, 4, "PAR1") == 0)
      mf::fail(mf::ErrorKind::Io, part + " is a Parquet file, which this tool does not read: convert the folder with "
                                         "'node wasm/import-spark.js DIR --save FILE' (mfcf's JS API reads Parquet), "
                                         "or write the factors with itemFactors.write.json");
    mf::parse_factor_lines(text, part, table);
  }
}

}  // namespace

int run_import_spark(const Invocation& in) {
  const Settings& s = in.settings;
  const mf::SparkFiles files = mf::plan_spark_files(list_files(in.operands.at(0)));
  check_sizes(files);
  mf::SparkSettings spark;
  mf::SparkMetadata meta;
  if (!files.metadata.empty()) {
    meta = mf::parse_spark_metadata(mf::read_file(files.metadata), files.metadata);
    spark.rank = meta.rank;
    spark.rank_source = files.metadata;
  }
  spark.implicit_prefs = s.implicit_prefs || meta.implicit_prefs.value_or(false);
  spark.reg_param = s.reg_param.value_or(meta.reg_param.value_or(spark.reg_param));
  spark.alpha = s.alpha.value_or(meta.alpha.value_or(spark.alpha));
  spark.max_iter = s.max_iter.value_or(meta.max_iter.value_or(spark.max_iter));
  spark.scale = s.load.scale;
  mf::FactorTable items, users;
  items.name = "itemFactors";
  users.name = "userFactors";
  read_parts(files.item_parts, items);
  read_parts(files.user_parts, users);
  const mf::Model m = mf::model_from_factors(items, files.user_parts.empty() ? nullptr : &users, spark);
  mf::save_model_file(m, s.save);
  std::printf("Spark ALS model%s%s: rank %d, %zu items, %zu users\n", meta.spark_version.empty() ? "" : " (Spark ",
              meta.spark_version.empty() ? "" : (meta.spark_version + ")").c_str(), m.factors, m.n_items(), m.n_users());
  if (spark.implicit_prefs)
    std::printf("fold-in as Spark's implicitPrefs ALS: confidence 1 + %g r, regParam %g times the positives\n",
                spark.alpha, spark.reg_param);
  else
    std::printf("fold-in as Spark's ALS: regParam %g times the user's rating count\n", spark.reg_param);
  std::printf("rating counts are unknown: --min-ratings lets every item through\n");
  std::printf("saved to %s\n", s.save.c_str());
  return 0;
}

}  // namespace cli
