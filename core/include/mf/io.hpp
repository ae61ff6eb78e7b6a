// Files: reading a whole file, and saving and loading trained models.
//
// Format "MFMODEL" version 2, all integers and floats little-endian:
//   bytes 0-7   magic "MFMODEL\0"
//   u32         format version (2; version 1 files, without the implicit ALS
//               fields, still load with their defaults)
//   u32         header bytes that follow, before the arrays
//   header      u32 factors, u32 n_users, u32 n_items, u8 algorithm (0 ALS,
//               1 SGD, 2 implicit ALS), u8 biases, u8 reg_scaling,
//               u8 missing_as_zero, f32 scale min, f32 scale max,
//               f32 global mean, f64 reg_user, reg_item, reg_user_bias,
//               reg_item_bias, learning_rate, init_std, u64 seed, u32 iterations,
//               then (version 2) f64 alpha, epsilon, reg_exponent,
//               positive_threshold, u8 confidence, u8 solver, u8 0, u8 0,
//               u32 cg_steps
//   arrays      i64 user ids[n_users], i64 item ids[n_items],
//               u32 user counts[n_users], u32 item counts[n_items],
//               f32 user bias[n_users], f32 item bias[n_items],
//               f32 user factors[n_users * factors], f32 item factors[n_items * factors]
//   u32         CRC-32 (IEEE) of every byte before it
// A short, damaged or foreign file is rejected with mf::Error(CorruptModel).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "mf/model.hpp"

namespace mf {

// Reads a whole file; throws mf::Error(Io) naming the path.
std::string read_file(const std::string& path);

constexpr std::uint32_t kModelFormatVersion = 2;

std::vector<std::uint8_t> save_model(const Model& m);
Model load_model(const std::uint8_t* data, std::size_t size);
void save_model_file(const Model& m, const std::string& path);
Model load_model_file(const std::string& path);

std::uint32_t crc32(const std::uint8_t* data, std::size_t size);

}  // namespace mf
