// A 2-D map of the items: principal component analysis of the item factors.
// The trained item vectors (those with at least min_ratings ratings) are
// centred and projected onto the two leading eigenvectors of their k x k
// covariance matrix (Eigen's SelfAdjointEigenSolver). Each axis's sign is
// fixed so that its largest-magnitude loading is positive, making the picture
// stable from run to run.
#pragma once

#include <vector>

#include "mf/model.hpp"

namespace mf {

struct Projection {
  std::vector<RawId> ids;
  std::vector<float> x, y;
  double explained[2] = {0, 0};  // share of the variance along each axis
};

Projection project_items(const Model& m, std::uint32_t min_ratings = 1);

}  // namespace mf
