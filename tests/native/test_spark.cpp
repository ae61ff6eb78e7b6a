// Models trained by Spark's ALS (spark.hpp): the files of a saved model, its
// metadata, JSON-lines factor rows, and the Model made of them, whose fold-in
// solves Spark's own user step (checked against the normal equations solved
// here by Eigen, in double).
#include <Eigen/Dense>
#include <cmath>
#include <cstring>
#include <limits>

#include "mf/io.hpp"
#include "mf/recommend.hpp"
#include "mf/spark.hpp"
#include "mf/train.hpp"
#include "test_util.hpp"

using mft::catch_error;
using mft::contains;

namespace {

// A Spark 3.5 ALSModel's metadata line, as DefaultParamsWriter writes it.
const char* kMetadata =
    R"({"class":"org.apache.spark.ml.recommendation.ALSModel","timestamp":1718000000000,"sparkVersion":"3.5.1",)"
    R"("uid":"als_4f2d9a3c1b7e","paramMap":{"blockSize":4096,"userCol":"userId","itemCol":"movieId",)"
    R"("coldStartStrategy":"drop"},"defaultParamMap":{"blockSize":4096,"predictionCol":"prediction",)"
    R"("userCol":"user","itemCol":"item","coldStartStrategy":"nan"},"rank":3})";

// n rows of rank k: ids first_id, first_id + 1, ...; values from a fixed formula.
mf::FactorTable table(const char* name, std::size_t n, int k, mf::RawId first_id, float shift = 0.0f) {
  mf::FactorTable t;
  t.name = name;
  std::vector<mf::RawId> ids(n);
  std::vector<float> values(n * std::size_t(k));
  std::vector<std::int32_t> lengths(n, k);
  for (std::size_t r = 0; r < n; ++r) {
    ids[r] = first_id + mf::RawId(r);
    for (int f = 0; f < k; ++f) values[r * k + f] = std::sin(float(r * 7 + f * 3) + shift) * 0.8f;
  }
  t.add_part(std::string(name) + "/part-00000", ids.data(), n, values.data(), lengths.data());
  return t;
}

mf::SparkSettings settings(int rank) {
  mf::SparkSettings s;
  s.rank = rank;
  s.rank_source = "metadata/part-00000";
  return s;
}

// Spark's user step for these ratings, in double (Eigen): explicit
//   (sum y y^T + lambda n I) x = sum r y,
// implicit (c = 1 + alpha r, positives r > 0)
//   (Y^T Y + sum (c - 1) y y^T + lambda n_pos I) x = sum c y.
Eigen::VectorXd spark_user_step(const mf::Model& m, const std::vector<std::pair<mf::RawId, float>>& rated,
                                bool implicit, double lambda, double alpha) {
  const int k = m.factors;
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(k, k);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(k);
  if (implicit)
    for (mf::Index i = 0; i < m.n_items(); ++i) a += mft::item_vec(m, i) * mft::item_vec(m, i).transpose();
  for (const auto& [id, r] : rated) {
    const Eigen::VectorXd y = mft::item_vec(m, mf::Index(m.items.find(id)));
    const double c = implicit ? 1.0 + alpha * r : 1.0;
    a += (implicit ? c - 1.0 : 1.0) * y * y.transpose();
    b += (implicit ? c : double(r)) * y;
  }
  a += lambda * double(rated.size()) * Eigen::MatrixXd::Identity(k, k);
  return a.ldlt().solve(b);
}

}  // namespace

TEST_CASE("the files of a saved model are sorted into its parts", "[spark]") {
  const mf::SparkFiles f = mf::plan_spark_files({
      "m/metadata/part-00000", "m/metadata/_SUCCESS", "m/metadata/.part-00000.crc",
      "m/itemFactors/part-00001-a-c000.snappy.parquet", "m/itemFactors/part-00000-a-c000.snappy.parquet",
      "m/itemFactors/.part-00000-a-c000.snappy.parquet.crc", "m/itemFactors/_SUCCESS",
      "m/userFactors/part-00000-b-c000.snappy.parquet", "m/notes.txt"});
  CHECK(f.saved_model);
  CHECK(f.root == "m/");
  CHECK(f.metadata == "m/metadata/part-00000");
  CHECK(f.item_parts == std::vector<std::string>{"m/itemFactors/part-00000-a-c000.snappy.parquet",
                                                 "m/itemFactors/part-00001-a-c000.snappy.parquet"});
  CHECK(f.user_parts == std::vector<std::string>{"m/userFactors/part-00000-b-c000.snappy.parquet"});

  const mf::SparkFiles json = mf::plan_spark_files({"items/part-00000-x-c000.json", "items/_SUCCESS"});
  CHECK_FALSE(json.saved_model);
  CHECK(json.item_parts == std::vector<std::string>{"items/part-00000-x-c000.json"});
  CHECK(mf::plan_spark_files({"itemFactors/part-00000.json"}).metadata.empty());
  // The one file given is the item factors; beside part files, other files are not parts.
  CHECK(mf::plan_spark_files({"items.json"}).item_parts == std::vector<std::string>{"items.json"});
  CHECK(mf::plan_spark_files({"x/part-1.json", "x/notes.txt"}).item_parts == std::vector<std::string>{"x/part-1.json"});
}

TEST_CASE("the files of no model, of two, or of a broken save are refused with what is wrong", "[spark]") {
  auto error = [](std::vector<std::string> paths) {
    const mf::Error e = catch_error([&] { mf::plan_spark_files(paths); });
    CHECK(e.kind() == mf::ErrorKind::CorruptModel);
    return std::string(e.what());
  };
  CHECK(contains(error({"m/itemFactors/part-00000.parquet", "m/itemFactors/.part-00000.parquet.crc",
                        "m/itemFactors/.part-00001.parquet.crc"}),
                 "m/itemFactors/part-00001.parquet is missing (its checksum file .part-00001.parquet.crc is there)"));
  CHECK(contains(error({"m/metadata/part-00000", "m/userFactors/part-00000.parquet"}),
                 "the item factors are missing: m/itemFactors/ is not among the files"));
  CHECK(contains(error({"m/metadata/_SUCCESS", "m/itemFactors/part-00000.parquet"}), "m/metadata/ holds 0 part files"));
  CHECK(contains(error({"a/itemFactors/p-0", "b/itemFactors/p-0"}), "more than one model: 'a/' and 'b/'"));
  CHECK(contains(error({"m/itemFactors/_temporary/0/part-00000.parquet", "m/itemFactors/part-00000.parquet"}),
                 "the save did not finish"));
  CHECK(contains(error({"items/part-0.json", "users/part-0.json"}), "name the folders itemFactors/ and userFactors/"));
  CHECK(contains(error({"m/_SUCCESS", "m/.DS_Store"}), "no part files"));
  CHECK(contains(error({"data/ratings.csv", "data/movies.csv"}), "no part files: expected the folder that ALSModel.save"));
  CHECK(contains(error({}), "no part files"));
}

TEST_CASE("Spark's metadata gives the rank, the class and any training setting it names", "[spark]") {
  const mf::SparkMetadata m = mf::parse_spark_metadata(kMetadata, "metadata/part-00000");
  CHECK(m.class_name == mf::kSparkAlsModelClass);
  CHECK(m.spark_version == "3.5.1");
  CHECK(m.uid == "als_4f2d9a3c1b7e");
  CHECK(m.rank == 3);
  CHECK(m.cold_start_strategy == "drop");  // paramMap before defaultParamMap
  CHECK_FALSE(m.reg_param);                // an ALSModel's metadata names no training setting
  CHECK_FALSE(m.implicit_prefs);
  const mf::SparkMetadata old = mf::parse_spark_metadata(
      R"({"class":"org.apache.spark.ml.recommendation.ALSModel","timestamp":1,"sparkVersion":"2.3.0","uid":"u",)"
      R"("paramMap":{"regParam":0.05,"implicitPrefs":true,"alpha":40.0,"maxIter":15},"rank":8})" "\n",
      "m");
  CHECK(old.rank == 8);
  CHECK(*old.reg_param == 0.05);
  CHECK(*old.implicit_prefs);
  CHECK(*old.alpha == 40.0);
  CHECK(*old.max_iter == 15);

  auto error = [](const std::string& text) {
    return catch_error([&] { mf::parse_spark_metadata(text, "metadata/part-00000"); });
  };
  const mf::Error other = error(R"({"class":"org.apache.spark.ml.feature.PCAModel","rank":3})");
  CHECK(other.kind() == mf::ErrorKind::CorruptModel);
  CHECK(contains(other.what(), "this is a org.apache.spark.ml.feature.PCAModel, not an ALS model"));
  CHECK(contains(error(R"({"class":"org.apache.spark.ml.recommendation.ALSModel"})").what(), "the rank is missing"));
  CHECK(contains(error(R"({"class":"org.apache.spark.ml.recommendation.ALSModel","rank":2.5})").what(),
                 "the rank is not an integer from 1 to 1024"));
  const mf::Error broken = error(R"({"class": "x", )");
  CHECK(broken.kind() == mf::ErrorKind::Parse);
  CHECK(contains(broken.what(), "metadata/part-00000: not Spark metadata: expected a string at character"));
}

TEST_CASE("JSON-lines factor rows are read as Spark's writer wrote them", "[spark]") {
  mf::FactorTable t;
  t.name = "itemFactors";
  mf::parse_factor_lines("{\"id\":1,\"features\":[0.1,-2.5E-4,1.0]}\n\n"
                         "{\"features\":[3.4028235E38,\"NaN\",-Infinity],\"id\":-7}\r\n"
                         "{\"id\":9}\n{\"id\":10,\"features\":null,\"extra\":[1,{\"a\":2}]}\n",
                         "itemFactors/part-00000-x-c000.json", t);
  CHECK(t.ids == std::vector<mf::RawId>{1, -7, 9, 10});
  CHECK(t.lengths == std::vector<std::int32_t>{3, 3, mf::FactorTable::kNull, mf::FactorTable::kNull});
  REQUIRE(t.values.size() == 6);
  CHECK(t.values[0] == 0.1f);
  CHECK(t.values[1] == -2.5e-4f);
  CHECK(t.values[3] == std::numeric_limits<float>::max());
  CHECK(std::isnan(t.values[4]));
  CHECK(t.values[5] == -std::numeric_limits<float>::infinity());
  CHECK(t.where(2) == "itemFactors/part-00000-x-c000.json row 3 (id 9)");

  auto error = [](const char* text) {
    mf::FactorTable u;
    const mf::Error e = catch_error([&] { mf::parse_factor_lines(text, "p.json", u); });
    CHECK(e.kind() == mf::ErrorKind::Parse);
    return std::string(e.what());
  };
  CHECK(error("{\"id\":1,\"features\":[1]}\n{\"id\":2,\"features\":[1,]}") ==
        "p.json line 2: expected a number at character 23");
  CHECK(error("{\"id\":1.5,\"features\":[1]}") == "p.json line 1: id '1.5' is not an integer");
  CHECK(error("{\"features\":[1]}") == "p.json line 1: the row has no \"id\"");
  CHECK(error("[1,2]") == "p.json line 1: expected '{' (one JSON object per line, as write.json writes a row) at character 1");
  CHECK(error("{\"id\":1,\"features\":[\"a\"]}") == "p.json line 1: a feature is the string 'a', not a number");
}

TEST_CASE("a Model made of Spark's factors keeps them bit for bit, without biases or counts", "[spark]") {
  const mf::FactorTable items = table("itemFactors", 12, 3, 100), users = table("userFactors", 5, 3, 1, 0.5f);
  const mf::Model m = mf::model_from_factors(items, &users, settings(3));
  CHECK(m.factors == 3);
  CHECK(m.n_items() == 12);
  CHECK(m.n_users() == 5);
  CHECK(m.items.raw(4) == 104);
  CHECK(std::memcmp(m.item_factors.data(), items.values.data(), items.values.size() * sizeof(float)) == 0);
  CHECK(std::memcmp(m.user_factors.data(), users.values.data(), users.values.size() * sizeof(float)) == 0);
  CHECK_FALSE(m.options.biases);
  CHECK(m.options.reg_scaling == mf::RegScaling::Count);
  CHECK(m.options.algorithm == mf::Algorithm::ALS);
  CHECK(m.item_count[0] == mf::kUnknownCount);
  // Spark's prediction: the dot product (here within the default scale, so unclipped).
  const mf::Prediction p = mf::predict_raw(m, 2, 105, false);
  CHECK_FALSE(p.fallback());
  CHECK(p.value == mf::raw_score(m, 1, 5));
  // Unknown counts pass every filter, and ranking is by the dot product itself.
  CHECK(mf::similar_items(m, 100, 20, 1000000).size() == 11);
  const auto top = mf::recommend(m, 1, {3, {}, 50});
  REQUIRE(top.size() == 3);
  CHECK(top[0].score == mf::raw_score(m, 0, mf::Index(m.items.find(top[0].id))));

  // The rank comes from the first row when the metadata does not give it; user factors are optional.
  const mf::Model items_only = mf::model_from_factors(items, nullptr, mf::SparkSettings{});
  CHECK(items_only.factors == 3);
  CHECK(items_only.n_users() == 0);
}

TEST_CASE("bad rows are refused naming the part, the row and the id", "[spark]") {
  auto error = [](const mf::FactorTable& items, const mf::FactorTable* users, mf::SparkSettings s = settings(3)) {
    const mf::Error e = catch_error([&] { mf::model_from_factors(items, users, s); });
    return std::pair<mf::ErrorKind, std::string>{e.kind(), e.what()};
  };
  mf::FactorTable items = table("itemFactors", 4, 3, 10);
  items.values[4] = std::nanf("");
  CHECK(error(items, nullptr) == std::pair<mf::ErrorKind, std::string>{
                                     mf::ErrorKind::CorruptModel,
                                     "itemFactors/part-00000 row 2 (id 11): feature 2 is NaN, not a finite number"});
  items.values[4] = 2e17f;
  CHECK(contains(error(items, nullptr).second, "feature 2 (2e+17) is too large to predict with (beyond 1e17)"));

  mf::FactorTable twice = table("itemFactors", 3, 3, 10);
  const mf::FactorTable more = table("itemFactors", 2, 3, 11);
  twice.add_part("itemFactors/part-00001", more.ids.data(), 2, more.values.data(), more.lengths.data());
  CHECK(error(twice, nullptr).second ==
        "itemFactors: id 11 appears twice, in itemFactors/part-00000 row 2 (id 11) and itemFactors/part-00001 row 1 "
        "(id 11)");

  const mf::FactorTable wide = table("userFactors", 2, 4, 1);
  CHECK(error(table("itemFactors", 2, 3, 1), &wide).second ==
        "userFactors/part-00000 row 1 (id 1) has 4 features, but the rank is 3 (metadata/part-00000): the ranks do "
        "not match");
  CHECK(contains(error(table("itemFactors", 2, 3, 1), &wide, mf::SparkSettings{}).second,
                 "but the rank is 3 (the first row, itemFactors/part-00000 row 1 (id 1))"));
  mf::FactorTable null_row = table("itemFactors", 2, 3, 1);
  const std::int32_t null_length = mf::FactorTable::kNull;
  null_row.add_part("itemFactors/part-00001", null_row.ids.data(), 1, nullptr, &null_length);
  CHECK(contains(error(null_row, nullptr).second, "itemFactors/part-00001 row 1 (id 1): its features are null"));
  CHECK(error(mf::FactorTable{"itemFactors"}, nullptr).second == "itemFactors has no rows: the model has no items");

  mf::SparkSettings small = settings(3);
  small.memory_limit = 1000;
  const auto resource = error(table("itemFactors", 20, 3, 1), nullptr, small);
  CHECK(resource.first == mf::ErrorKind::Resource);
  CHECK(contains(resource.second, "over the memory limit"));

  mf::SparkSettings bad = settings(3);
  bad.reg_param = -1;
  const mf::Error e = catch_error([&] { mf::model_from_factors(table("itemFactors", 2, 3, 1), nullptr, bad); });
  CHECK(e.kind() == mf::ErrorKind::InvalidArgument);
  CHECK(e.parameter() == "reg_param");
  bad = settings(3);
  bad.scale = {5, 1};
  CHECK(catch_error([&] { mf::model_from_factors(table("itemFactors", 2, 3, 1), nullptr, bad); }).parameter() == "scale");
}

TEST_CASE("fold-in of a Spark model solves Spark's own user step", "[spark][fold_in]") {
  const mf::FactorTable items = table("itemFactors", 30, 4, 1);
  const std::vector<std::pair<mf::RawId, float>> rated = {{3, 5.0f}, {7, 1.5f}, {12, 4.0f}, {20, 3.0f}, {21, 0.5f}};
  for (bool implicit : {false, true}) {
    INFO((implicit ? "implicitPrefs" : "explicit"));
    mf::SparkSettings s = settings(4);
    s.implicit_prefs = implicit;
    s.reg_param = 0.07;
    s.alpha = 2.5;
    const mf::Model m = mf::model_from_factors(items, nullptr, s);
    const mf::UserVector v = mf::fold_in(m, rated);
    const Eigen::VectorXd want = spark_user_step(m, rated, implicit, s.reg_param, s.alpha);
    for (int f = 0; f < 4; ++f) CHECK(v.factors[f] == Approx(want[f]).epsilon(1e-5).margin(1e-6));
    // Saved and loaded, the model folds in the same.
    const auto bytes = mf::save_model(m);
    const mf::Model back = mf::load_model(bytes.data(), bytes.size());
    CHECK(mf::same_settings(back.options, m.options));
    CHECK(back.item_count == m.item_count);
    CHECK(mf::fold_in(back, rated).factors == v.factors);
  }
}

TEST_CASE("implicit ALS with count-scaled lambda trains and its objective falls", "[spark][ials]") {
  const mf::Dataset d = mft::random_dataset(25, 20, 0.3, 5);
  mf::TrainOptions o = mf::default_options(mf::Algorithm::ImplicitALS);
  o.factors = 4;
  o.reg_scaling = mf::RegScaling::Count;
  CHECK(catch_error([&] { mf::validate(o); }).parameter() == "reg_exponent");  // with reg_exponent > 0: which one?
  o.reg_exponent = 0;
  o.solver = mf::ImplicitSolver::Cholesky;
  mf::Trainer t(d, mft::all_train(d), o);
  double last = std::numeric_limits<double>::infinity();
  for (int i = 0; i < 4; ++i) {
    const mf::StepResult r = t.step();
    REQUIRE(r.status == mf::Status::Ok);
    CHECK(r.objective <= last * (1 + 1e-9));
    last = r.objective;
  }
}
