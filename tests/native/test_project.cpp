// 2-D map of the items (project.hpp): principal component analysis of the
// trained item vectors, checked against an independent SVD of the centred data.
#include <cmath>
#include <map>
#include <random>
#include <vector>

#include "mf/project.hpp"
#include "test_util.hpp"

namespace {

// 14 items in k = 3 with clearly different spreads along three rotated axes.
// Items 0 and 1 are untrained (count 0), items 2..4 have one rating, the rest 5.
mf::Model spread_model() {
  const int k = 3, n = 14;
  mf::Model m;
  m.users.insert(1);
  m.factors = k;
  m.options.factors = k;
  m.global_mean = 3.0f;
  m.user_factors = {0.1f, 0.2f, 0.3f};
  m.user_bias = {0.0f};
  m.user_count = {1};
  Eigen::Matrix3d rotation = Eigen::Matrix3d(Eigen::AngleAxisd(0.7, Eigen::Vector3d(1, 2, 3).normalized()));
  std::mt19937_64 gen(5);
  auto unit = [&gen]() { return double(gen() >> 11) * 0x1.0p-53 * 2.0 - 1.0; };
  for (int i = 0; i < n; ++i) {
    m.items.insert(700 + 3 * i);
    Eigen::Vector3d v(3.0 * unit(), 1.2 * unit(), 0.3 * unit());
    v = rotation * v + Eigen::Vector3d(0.5, -0.25, 1.0);  // not centred
    for (int f = 0; f < k; ++f) m.item_factors.push_back(float(v[f]));
    m.item_bias.push_back(0.0f);
    m.item_count.push_back(i < 2 ? 0u : i < 5 ? 1u : 5u);
  }
  return m;
}

void check_projection(const mf::Model& m, std::uint32_t min_ratings) {
  // Independent reference: SVD of the centred matrix of the selected items.
  std::vector<mf::Index> rows;
  for (mf::Index i = 0; i < m.n_items(); ++i)
    if (m.item_count[i] >= std::max<std::uint32_t>(min_ratings, 1)) rows.push_back(i);
  Eigen::MatrixXd X(rows.size(), m.factors);
  for (std::size_t r = 0; r < rows.size(); ++r) X.row(r) = mft::item_vec(m, rows[r]).transpose();
  X.rowwise() -= X.colwise().mean();
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(X, Eigen::ComputeThinV);
  Eigen::MatrixXd axes = svd.matrixV().leftCols(2);
  for (int a = 0; a < 2; ++a) {  // sign: largest-magnitude loading positive
    Eigen::Index at;
    axes.col(a).cwiseAbs().maxCoeff(&at);
    if (axes(at, a) < 0) axes.col(a) *= -1;
  }
  Eigen::MatrixXd xy = X * axes;
  const Eigen::VectorXd s2 = svd.singularValues().array().square();

  auto p = mf::project_items(m, min_ratings);
  REQUIRE(p.ids.size() == rows.size());
  REQUIRE(p.x.size() == rows.size());
  REQUIRE(p.y.size() == rows.size());
  CHECK(p.explained[0] == Approx(s2[0] / s2.sum()).epsilon(1e-6));
  CHECK(p.explained[1] == Approx(s2[1] / s2.sum()).epsilon(1e-6));
  CHECK(p.explained[0] > p.explained[1]);
  std::map<mf::RawId, std::size_t> where;
  for (std::size_t r = 0; r < p.ids.size(); ++r) where[p.ids[r]] = r;
  REQUIRE(where.size() == rows.size());  // no id twice
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const mf::RawId id = m.items.raw(rows[r]);
    INFO("item " << id);
    REQUIRE(where.count(id) == 1);
    CHECK(p.x[where[id]] == Approx(xy(r, 0)).margin(1e-5));
    CHECK(p.y[where[id]] == Approx(xy(r, 1)).margin(1e-5));
  }
}

}  // namespace

TEST_CASE("project_items places trained items on their two principal axes", "[project]") {
  const auto m = spread_model();
  SECTION("all trained items (untrained ones are left out)") { check_projection(m, 1); }
  SECTION("min_ratings filters the items") { check_projection(m, 2); }
  SECTION("min_ratings 0 behaves as 1") {
    auto p = mf::project_items(m, 0);
    CHECK(p.ids.size() == 12);
  }
}
