#include "mf/io.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "mf/error.hpp"

namespace mf {

namespace {

constexpr char kMagic[8] = {'M', 'F', 'M', 'O', 'D', 'E', 'L', '\0'};
// Version 1's header, and what version 2 adds after it (implicit ALS).
constexpr std::size_t kHeaderBytesV1 = 4 * 3 + 4 + 4 * 3 + 8 * 6 + 8 + 4;
constexpr std::size_t kImplicitBytes = 8 * 4 + 4 + 4;
constexpr std::size_t header_bytes(std::uint32_t version) {
  return version == 1 ? kHeaderBytesV1 : kHeaderBytesV1 + kImplicitBytes;
}

class Writer {
 public:
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    out.insert(out.end(), b, b + n);
  }
  void u8(std::uint8_t v) { out.push_back(v); }
  void u32(std::uint32_t v) {
    for (int s = 0; s < 32; s += 8) out.push_back(std::uint8_t(v >> s));
  }
  void u64(std::uint64_t v) {
    for (int s = 0; s < 64; s += 8) out.push_back(std::uint8_t(v >> s));
  }
  void f32(float v) {
    std::uint32_t b;
    std::memcpy(&b, &v, 4);
    u32(b);
  }
  void f64(double v) {
    std::uint64_t b;
    std::memcpy(&b, &v, 8);
    u64(b);
  }
  std::vector<std::uint8_t> out;
};

class Reader {
 public:
  Reader(const std::uint8_t* p, std::size_t n) : p_(p), n_(n) {}
  std::uint8_t u8() { return *take(1); }
  std::uint32_t u32() {
    const std::uint8_t* b = take(4);
    return std::uint32_t(b[0]) | std::uint32_t(b[1]) << 8 | std::uint32_t(b[2]) << 16 |
           std::uint32_t(b[3]) << 24;
  }
  std::uint64_t u64() {
    std::uint64_t lo = u32();
    std::uint64_t hi = u32();
    return lo | hi << 32;
  }
  float f32() {
    std::uint32_t b = u32();
    float v;
    std::memcpy(&v, &b, 4);
    return v;
  }
  double f64() {
    std::uint64_t b = u64();
    double v;
    std::memcpy(&v, &b, 8);
    return v;
  }
  std::size_t position() const { return pos_; }

 private:
  const std::uint8_t* take(std::size_t n) {
    if (n_ - pos_ < n) fail(ErrorKind::CorruptModel, "model data is truncated");
    const std::uint8_t* b = p_ + pos_;
    pos_ += n;
    return b;
  }
  const std::uint8_t* p_;
  std::size_t n_;
  std::size_t pos_ = 0;
};

[[noreturn]] void corrupt(const std::string& why) { fail(ErrorKind::CorruptModel, "invalid model: " + why); }

}  // namespace

std::uint32_t crc32(const std::uint8_t* data, std::size_t size) {
  static const auto table = [] {
    std::vector<std::uint32_t> t(256);
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t k = 0; k < size; ++k) c = table[(c ^ data[k]) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::vector<std::uint8_t> save_model(const Model& m) {
  Writer w;
  const TrainOptions& o = m.options;
  w.bytes(kMagic, 8);
  w.u32(kModelFormatVersion);
  w.u32(std::uint32_t(header_bytes(kModelFormatVersion)));
  w.u32(std::uint32_t(m.factors));
  w.u32(std::uint32_t(m.n_users()));
  w.u32(std::uint32_t(m.n_items()));
  w.u8(std::uint8_t(o.algorithm));
  w.u8(o.biases);
  w.u8(std::uint8_t(o.reg_scaling));
  w.u8(o.missing_as_zero);
  w.f32(m.scale.min);
  w.f32(m.scale.max);
  w.f32(m.global_mean);
  for (double v : {o.reg_user, o.reg_item, o.reg_user_bias, o.reg_item_bias, o.learning_rate, o.init_std})
    w.f64(v);
  w.u64(o.seed);
  w.u32(std::uint32_t(o.iterations));
  for (double v : {o.alpha, o.epsilon, o.reg_exponent, o.positive_threshold}) w.f64(v);
  w.u8(std::uint8_t(o.confidence));
  w.u8(std::uint8_t(o.solver));
  w.u8(0);
  w.u8(0);
  w.u32(std::uint32_t(o.cg_steps));
  for (RawId id : m.users.raw_ids()) w.u64(std::uint64_t(id));
  for (RawId id : m.items.raw_ids()) w.u64(std::uint64_t(id));
  for (auto c : m.user_count) w.u32(c);
  for (auto c : m.item_count) w.u32(c);
  for (float v : m.user_bias) w.f32(v);
  for (float v : m.item_bias) w.f32(v);
  for (float v : m.user_factors) w.f32(v);
  for (float v : m.item_factors) w.f32(v);
  w.u32(crc32(w.out.data(), w.out.size()));
  return std::move(w.out);
}

Model load_model(const std::uint8_t* data, std::size_t size) {
  if (size < 8) corrupt("too short to be a model (" + std::to_string(size) + " bytes)");
  if (std::memcmp(data, kMagic, 8) != 0) corrupt("not a model file (the first bytes are not MFMODEL)");
  if (size < 16)
    corrupt("truncated: " + std::to_string(size) + " bytes is shorter than the header");
  Reader r(data, size);
  for (int k = 0; k < 8; ++k) r.u8();
  const std::uint32_t version = r.u32();
  if (version < 1 || version > kModelFormatVersion)
    corrupt("format version " + std::to_string(version) + " is not supported (this library reads versions 1 to " +
            std::to_string(kModelFormatVersion) + ")");
  const std::size_t kHeaderBytes = header_bytes(version);
  if (r.u32() != kHeaderBytes) corrupt("unexpected header size");
  if (size < 16 + kHeaderBytes + 4)
    corrupt("truncated: " + std::to_string(size) + " bytes is shorter than the header");
  Model m;
  const std::uint32_t k = r.u32(), nu = r.u32(), ni = r.u32();
  if (k < 1 || k > std::uint32_t(kMaxFactors)) corrupt("factor count " + std::to_string(k) + " is out of range");
  const std::uint64_t rows = std::uint64_t(nu) + ni;
  const std::uint64_t expected = 16 + kHeaderBytes + rows * (8 + 4 + 4) + rows * k * 4 + 4;
  if (size != expected)
    corrupt(size < expected ? "truncated: " + std::to_string(size) + " bytes, expected " + std::to_string(expected)
                            : "trailing data: " + std::to_string(size) + " bytes, expected " + std::to_string(expected));
  const std::uint32_t stored_crc = std::uint32_t(data[size - 4]) | std::uint32_t(data[size - 3]) << 8 |
               std::uint32_t(data[size - 2]) << 16 | std::uint32_t(data[size - 1]) << 24;
  if (crc32(data, size - 4) != stored_crc) corrupt("checksum mismatch: the data is damaged");

  TrainOptions& o = m.options;
  const std::uint8_t algo = r.u8(), biases = r.u8(), scaling = r.u8(), zero = r.u8();
  if (algo > 2 || biases > 1 || scaling > 1 || zero > 1 || (version == 1 && algo > 1)) corrupt("bad option flags");
  o.algorithm = Algorithm(algo);
  o.biases = biases;
  o.reg_scaling = RegScaling(scaling);
  o.missing_as_zero = zero;
  m.scale.min = r.f32();
  m.scale.max = r.f32();
  m.global_mean = r.f32();
  o.reg_user = r.f64();
  o.reg_item = r.f64();
  o.reg_user_bias = r.f64();
  o.reg_item_bias = r.f64();
  o.learning_rate = r.f64();
  o.init_std = r.f64();
  o.seed = r.u64();
  o.iterations = int(r.u32());
  if (version >= 2) {
    o.alpha = r.f64();
    o.epsilon = r.f64();
    o.reg_exponent = r.f64();
    o.positive_threshold = r.f64();
    const std::uint8_t confidence = r.u8(), solver = r.u8();
    if (confidence > 2 || solver > 1 || r.u8() != 0 || r.u8() != 0) corrupt("bad implicit ALS flags");
    o.confidence = Confidence(confidence);
    o.solver = ImplicitSolver(solver);
    o.cg_steps = int(r.u32());
  }
  o.factors = int(k);
  m.factors = int(k);
  try {
    validate(o);
  } catch (const Error& e) {
    corrupt(std::string("stored settings are invalid: ") + e.what());
  }
  // Loading data accepts only a finite scale within +-kMaxScale, so a model never has another.
  if (!std::isfinite(m.scale.min) || !std::isfinite(m.scale.max) || !(m.scale.min < m.scale.max) ||
      std::fabs(m.scale.min) > kMaxScale || std::fabs(m.scale.max) > kMaxScale ||
      !std::isfinite(m.global_mean) || std::fabs(m.global_mean) > kMaxScale)
    corrupt("bad rating scale or mean");
  for (std::uint32_t u = 0; u < nu; ++u)
    if (m.users.insert(RawId(r.u64())) != u) corrupt("duplicate user id");
  for (std::uint32_t i = 0; i < ni; ++i)
    if (m.items.insert(RawId(r.u64())) != i) corrupt("duplicate item id");
  m.user_count.resize(nu);
  m.item_count.resize(ni);
  for (auto& c : m.user_count) c = r.u32();
  for (auto& c : m.item_count) c = r.u32();
  // Within kMaxStoredValue (model.hpp), so that every prediction stays finite.
  auto floats = [&](std::vector<float>& v, std::size_t n) {
    v.resize(n);
    for (auto& x : v) {
      x = r.f32();
      if (!std::isfinite(x)) corrupt("a stored value is not finite");
      if (std::fabs(x) > kMaxStoredValue) corrupt("a stored value is too large to predict with (beyond 1e17)");
    }
  };
  floats(m.user_bias, nu);
  floats(m.item_bias, ni);
  floats(m.user_factors, std::size_t(nu) * k);
  floats(m.item_factors, std::size_t(ni) * k);
  return m;
}

std::string read_file(const std::string& path) {
  // A directory opens as a stream that reads as empty (or throws): say what it is.
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    fail(ErrorKind::Io, "cannot read '" + path + "': it is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(ErrorKind::Io, "cannot open '" + path + "': " + std::strerror(errno));
  std::ostringstream os;
  try {
    os << in.rdbuf();
  } catch (const std::exception& e) {
    fail(ErrorKind::Io, "cannot read '" + path + "': " + e.what());
  }
  if (in.bad()) fail(ErrorKind::Io, "cannot read '" + path + "'");
  return os.str();
}

void save_model_file(const Model& m, const std::string& path) {
  const std::vector<std::uint8_t> bytes = save_model(m);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) fail(ErrorKind::Io, "cannot write '" + path + "': " + std::strerror(errno));
  out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
  if (!out) fail(ErrorKind::Io, "cannot write '" + path + "'");
}

Model load_model_file(const std::string& path) {
  const std::string bytes = read_file(path);  // Io errors for a missing file or a directory
  try {
    return load_model(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
  } catch (const Error& e) {
    fail(e.kind(), Message(path + ": ") << e.message());
  }
}

}  // namespace mf
