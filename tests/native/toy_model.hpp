// A hand-made model whose every prediction is easy to compute by hand.
//
//   mu = 3, k = 2, scale [0.5, 5]
//   users (raw id: bias, count, vector)        items (raw id: bias, count, vector)
//     10:  0.5,  3, ( 1,    0.5)                100:  0.2, 2, ( 1,    1   )
//     20: -0.25, 2, (-0.5,  1  )                200: -2.5, 2, ( 0.5, -1   )
//     30:  0.7,  0, ( 0.9,  0.9)  untrained     300:  0.1, 1, ( 2,    0.25)
//                                               400:  0.3, 0, ( 0.6,  0.6 )  untrained
//                                               500:  0.0, 3, (-1,    0.8 )
//
// Unclipped scores mu + b_u + b_i + p.q of the trained pairs:
//   user 10: 100 -> 5.2, 200 -> 1.0, 300 -> 5.725, 500 -> 2.9
//   user 20: 100 -> 3.45, 200 -> -1.0, 300 -> 2.1, 500 -> 4.05
#pragma once

#include "mf/model.hpp"

namespace mft {

inline mf::Model toy_model() {
  mf::Model m;
  for (mf::RawId u : {10, 20, 30}) m.users.insert(u);
  for (mf::RawId i : {100, 200, 300, 400, 500}) m.items.insert(i);
  m.scale = {0.5f, 5.0f};
  m.options = mf::default_options(mf::Algorithm::ALS);
  m.options.factors = 2;
  m.options.biases = true;
  m.factors = 2;
  m.global_mean = 3.0f;
  m.user_factors = {1.0f, 0.5f, -0.5f, 1.0f, 0.9f, 0.9f};
  m.item_factors = {1.0f, 1.0f, 0.5f, -1.0f, 2.0f, 0.25f, 0.6f, 0.6f, -1.0f, 0.8f};
  m.user_bias = {0.5f, -0.25f, 0.7f};
  m.item_bias = {0.2f, -2.5f, 0.1f, 0.3f, 0.0f};
  m.user_count = {3, 2, 0};
  m.item_count = {2, 2, 1, 0, 3};
  return m;
}

}  // namespace mft
