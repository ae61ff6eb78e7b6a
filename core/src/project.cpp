#include "mf/project.hpp"

#include <algorithm>

#include <Eigen/Eigenvalues>

#include "mf/error.hpp"

namespace mf {

Projection project_items(const Model& m, std::uint32_t min_ratings) {
  const int k = m.factors;
  std::vector<Index> rows;
  for (Index i = 0; i < m.n_items(); ++i)
    if (m.item_count[i] >= std::max<std::uint32_t>(min_ratings, 1)) rows.push_back(i);
  Projection p;
  if (rows.size() < 2) fail(ErrorKind::InvalidArgument, "a projection needs at least two trained items");
  Eigen::MatrixXd x(rows.size(), k);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (int f = 0; f < k; ++f) x(Eigen::Index(r), f) = m.item_vector(rows[r])[f];
  const Eigen::RowVectorXd mean = x.colwise().mean();
  x.rowwise() -= mean;
  const Eigen::MatrixXd cov = (x.transpose() * x) / double(rows.size() - 1);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(cov);
  // Eigenvalues come in increasing order: the last columns lead.
  Eigen::MatrixXd axes(k, 2);
  for (int a = 0; a < 2; ++a) {
    Eigen::VectorXd v = Eigen::VectorXd::Zero(k);
    if (k > a) v = eig.eigenvectors().col(k - 1 - a);
    Eigen::Index at;
    v.cwiseAbs().maxCoeff(&at);
    if (v(at) < 0) v = -v;
    axes.col(a) = v;
  }
  const double total = eig.eigenvalues().sum();
  for (int a = 0; a < 2 && a < k; ++a)
    p.explained[a] = total > 0 ? eig.eigenvalues()(k - 1 - a) / total : 0.0;
  const Eigen::MatrixXd xy = x * axes;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    p.ids.push_back(m.items.raw(rows[r]));
    p.x.push_back(static_cast<float>(xy(Eigen::Index(r), 0)));
    p.y.push_back(static_cast<float>(xy(Eigen::Index(r), 1)));
  }
  return p;
}

}  // namespace mf
