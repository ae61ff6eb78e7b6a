// Models trained by Spark MLlib's ALS (org.apache.spark.ml.recommendation),
// opened without retraining.
//
// ALSModel.save(path) writes (Spark 2.x and 3.x):
//   path/metadata/part-00000       one JSON line: class, timestamp, sparkVersion,
//                                  uid, paramMap, defaultParamMap (2.4 on), rank
//   path/itemFactors/part-*.parquet  rows (id: int, features: array<float>)
//   path/userFactors/part-*.parquet  the same for users
// each folder with a _SUCCESS marker and, on a local disk, a .NAME.crc
// checksum beside every file. model.itemFactors.write.json(path) writes the
// same rows as JSON lines, {"id":1,"features":[0.1,...]}, in part files.
// The engine reads the layout, the metadata and the JSON lines; Parquet parts
// are decoded by the JS layer (wasm/spark.js) and handed over as arrays.
//
// Spark predicts r_hat(u, i) = x_u . y_i, and its ALS solves each row with
// lambda scaled by the row's rating count (ALS-WR). So the Model made here
// has no biases and RegScaling::Count; an implicitPrefs model becomes an
// implicit ALS model (ials.hpp) with Spark's confidence c = 1 + alpha r, its
// positives r > 0 and lambda times the number of positives (reg_exponent 0),
// so that fold_in() solves exactly Spark's user step. The metadata of an
// ALSModel names no training setting (Spark saves regParam, implicitPrefs and
// alpha with the estimator, not the model): they are given (SparkSettings),
// Spark's defaults otherwise. Rating counts are unknown: every row's is
// kUnknownCount (model.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mf/model.hpp"

namespace mf {

// Which file of a picked or listed folder plays which part (paths relative,
// '/'-separated, as a folder picker or a directory walk gives them).
struct SparkFiles {
  std::string root;                     // the model's folder ("" or "name/")
  std::string metadata;                 // its metadata part ("" when there is none)
  std::vector<std::string> item_parts;  // sorted by name
  std::vector<std::string> user_parts;
  bool saved_model = false;  // ALSModel.save's folders, rather than bare part files
};

// Sorts `paths` into the parts of one model. Files whose name starts with '.'
// or '_' (_SUCCESS, checksums) are not parts. Bare part files in one folder
// (itemFactors.write.json) are item factors. Throws CorruptModel for files of
// no model or of several, an unfinished save (_temporary), a part whose
// checksum file is there but not itself, and a model without item factors.
SparkFiles plan_spark_files(const std::vector<std::string>& paths);

// What the metadata says.
struct SparkMetadata {
  std::string class_name, spark_version, uid;
  int rank = 0;
  std::string cold_start_strategy = "nan";  // Spark's default
  // Training settings, when the metadata names them (an estimator's or a
  // hand-written one does; an ALSModel's does not).
  std::optional<double> reg_param, alpha;
  std::optional<bool> implicit_prefs;
  std::optional<int> max_iter;
};

constexpr const char* kSparkAlsModelClass = "org.apache.spark.ml.recommendation.ALSModel";

// Reads metadata/part-00000 (`source` names it in messages). Throws Parse for
// text that is not one JSON object, CorruptModel for another class or a
// missing or bad rank.
SparkMetadata parse_spark_metadata(std::string_view text, const std::string& source);

// The rows of userFactors or itemFactors, as read from their part files.
struct FactorTable {
  static constexpr std::int32_t kNull = -1;  // a row whose features are null

  std::string name;                    // "itemFactors": how messages name the table
  std::vector<RawId> ids;
  std::vector<float> values;           // every row's features, one row after the other
  std::vector<std::int32_t> lengths;   // features per row, or kNull
  struct Part {
    std::string name;
    std::size_t rows;
  };
  std::vector<Part> parts;             // where the rows came from, in order

  // Appends one part's rows: ids[r] with lengths[r] features from `values`.
  void add_part(const std::string& part, const RawId* ids, std::size_t rows, const float* values,
                const std::int32_t* lengths);
  // "itemFactors/part-00001-...json row 3 (id 42)": where row `r` came from.
  std::string where(std::size_t r) const;
};

// Appends the rows of a JSON-lines part file: one object per line with an
// integer "id" and a "features" array of numbers (NaN and Infinity as Java
// writes them, bare or quoted, are read and then refused by
// model_from_factors). Throws Parse naming the part and line.
void parse_factor_lines(std::string_view text, const std::string& part, FactorTable& table);

// The settings of the Spark run that fold-in needs, under Spark's names.
struct SparkSettings {
  int rank = 0;                   // from the metadata; 0: from the first item row
  std::string rank_source;        // where it came from, for messages ("metadata/part-00000")
  bool implicit_prefs = false;
  double reg_param = 0.1;         // Spark's defaults
  double alpha = 1.0;
  int max_iter = 10;
  RatingScale scale;              // the ratings fold-in accepts; explicit predictions are clipped to it
  std::size_t memory_limit = 0;   // bytes the model may take (0: no limit)
};

// The training options that make an mfcf Model behave as Spark's (above).
TrainOptions spark_train_options(const SparkSettings& settings);

// Bytes a model of these sizes takes (factors, ids, counts, biases, id maps).
std::size_t factor_model_bytes(std::size_t n_users, std::size_t n_items, int rank);
// Throws Resource when that is over memory_limit (0: no limit).
void check_factor_memory(std::size_t n_users, std::size_t n_items, int rank, std::size_t memory_limit);

// The Model of these factors: no biases, counts unknown, ids as given. Every
// row must have `rank` finite features within +-kMaxStoredValue and an id of
// its own. Throws InvalidArgument for bad settings (named by key: rank,
// reg_param, alpha, max_iter, scale), CorruptModel naming the part, row and
// id of a bad row, Resource over the memory limit. `users` may be null.
Model model_from_factors(const FactorTable& items, const FactorTable* users, const SparkSettings& settings);

}  // namespace mf
