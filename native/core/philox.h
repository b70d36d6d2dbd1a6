// Counter-based random numbers (Philox4x32-10, Salmon et al. SC'11).
//
// Every random number the lab uses is a pure function of (seed, stream, index): no generator
// state is carried between calls. That is what makes the data and the initial weights identical
// for any thread count and any backend, and lets any element be regenerated on its own.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace modcomp {

struct Philox4x32 {
  uint32_t v[4];
};

inline Philox4x32 philox4x32_10(uint32_t c0, uint32_t c1, uint32_t c2, uint32_t c3, uint32_t k0, uint32_t k1) {
  constexpr uint32_t kMul0 = 0xD2511F53u, kMul1 = 0xCD9E8D57u;
  constexpr uint32_t kWeyl0 = 0x9E3779B9u, kWeyl1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    const uint64_t p0 = static_cast<uint64_t>(kMul0) * c0;
    const uint64_t p1 = static_cast<uint64_t>(kMul1) * c2;
    const uint32_t hi0 = static_cast<uint32_t>(p0 >> 32), lo0 = static_cast<uint32_t>(p0);
    const uint32_t hi1 = static_cast<uint32_t>(p1 >> 32), lo1 = static_cast<uint32_t>(p1);
    const uint32_t n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
    c0 = n0;
    c1 = lo1;
    c2 = n2;
    c3 = lo0;
    k0 += kWeyl0;
    k1 += kWeyl1;
  }
  return Philox4x32{{c0, c1, c2, c3}};
}

// What a stream of random numbers is used for. The stream id keeps every use independent.
enum class Purpose : uint32_t {
  Label = 1,
  Insufficiency = 2,
  SignalPatch = 3,
  Noise = 4,
  Dictionary = 5,
  InitWeights = 6,
  Nuisance = 7,
  MiniBatch = 8,
  ModalityDropout = 9,
  GradientNoise = 10,
  BlendingHoldout = 11,
};

enum class Split : uint32_t { Train = 0, Test = 1, None = 2 };

// Stream id: purpose in the top byte, split in the next nibble, modality in the low 20 bits.
inline uint32_t stream_id(Purpose purpose, Split split, uint32_t modality) {
  return (static_cast<uint32_t>(purpose) << 24) | (static_cast<uint32_t>(split) << 20) | (modality & 0xFFFFFu);
}

class CounterRng {
 public:
  explicit CounterRng(uint64_t seed) : k0_(static_cast<uint32_t>(seed)), k1_(static_cast<uint32_t>(seed >> 32)) {}

  Philox4x32 block(uint32_t stream, uint64_t index) const {
    return philox4x32_10(static_cast<uint32_t>(index), static_cast<uint32_t>(index >> 32), stream, 0u, k0_, k1_);
  }

  // Uniform in [0, 1) with 53 random bits, from words (a, b).
  static double to_unit(uint32_t a, uint32_t b) {
    return ((a >> 5) * 67108864.0 + (b >> 6)) * (1.0 / 9007199254740992.0);
  }

  double uniform(uint32_t stream, uint64_t index) const {
    const Philox4x32 r = block(stream, index);
    return to_unit(r.v[0], r.v[1]);
  }

  // Two independent standard normals (Box-Muller) from one Philox block.
  void normal_pair(uint32_t stream, uint64_t pair_index, double& z0, double& z1) const {
    const Philox4x32 r = block(stream, pair_index);
    const double u1 = 1.0 - to_unit(r.v[0], r.v[1]);  // (0, 1]: log stays finite
    const double u2 = to_unit(r.v[2], r.v[3]);
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 6.283185307179586476925 * u2;
    z0 = radius * std::cos(angle);
    z1 = radius * std::sin(angle);
  }

  // Standard normal number `index` of a stream (pairs share a block, so fill in pairs if you can).
  double normal(uint32_t stream, uint64_t index) const {
    double z0, z1;
    normal_pair(stream, index >> 1, z0, z1);
    return (index & 1u) ? z1 : z0;
  }

  // marks[i] = 1 for `count` of the indices 0..n-1, the first `count` of a partial Fisher-Yates
  // shuffle whose k-th swap draws number base + k of `stream`: a subset that is a pure function
  // of (seed, stream, base).
  std::vector<uint8_t> subset(uint32_t stream, uint64_t base, int n, int count) const {
    std::vector<uint8_t> marks(static_cast<size_t>(n), 0);
    std::vector<int> order(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) order[i] = i;
    for (int k = 0; k < count; ++k) {
      const double u = uniform(stream, base + static_cast<uint64_t>(k));
      const int pick = k + std::min(n - k - 1, static_cast<int>(u * (n - k)));
      std::swap(order[k], order[pick]);
      marks[order[k]] = 1;
    }
    return marks;
  }

 private:
  uint32_t k0_, k1_;
};

}  // namespace modcomp
