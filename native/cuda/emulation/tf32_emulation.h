// CPU models of the tensor-core instructions in native/cuda/tf32.cuh, for the CPU emulation of
// CUDA. The fragment layout is the one the PTX ISA documents for mma.m16n8k8 with .tf32 (see
// tf32.cuh); the warp's lanes pool their fragments through shared slots, as the hardware does.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>

#include "cuda_runtime.h"

namespace modcomp {
namespace cuda {

// Round to nearest, ties away from zero, on the 13 mantissa bits TF32 drops.
inline float round_to_tf32(float x) {
  uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  if ((bits & 0x7f800000u) != 0x7f800000u) bits = (bits + 0x1000u) & 0xffffe000u;  // Inf and NaN stay
  std::memcpy(&x, &bits, sizeof bits);
  return x;
}

inline void mma_tf32(float (&d)[4], const uint32_t (&a)[4], const uint32_t (&b)[2]) {
  auto& run = *::cuda_emulation::active();
  const int me = ::cuda_emulation::self().linear, warp0 = me / 32 * 32, lane = me % 32;
  if (run.fragments.size() < run.fibers.size()) run.fragments.resize(run.fibers.size());
  run.fragments[me] = {a[0], a[1], a[2], a[3], b[0], b[1]};
  __syncwarp();
  auto value = [&](int owner, int reg) {
    float f;
    std::memcpy(&f, &run.fragments[warp0 + owner][reg], sizeof f);
    return f;
  };
  // A[r][k] is held by lane 4 (r % 8) + k % 4, in register (r >= 8) + 2 (k >= 4);
  // B[k][n] by lane 4 n + k % 4, in register 4 + (k >= 4).
  auto A = [&](int r, int k) { return value(4 * (r % 8) + k % 4, (r >= 8 ? 1 : 0) + (k >= 4 ? 2 : 0)); };
  auto B = [&](int k, int n) { return value(4 * n + k % 4, 4 + (k >= 4 ? 1 : 0)); };
  const int g = lane / 4, t = lane % 4;
  for (int q = 0; q < 4; ++q) {
    const int row = g + (q >= 2 ? 8 : 0), col = 2 * t + (q & 1);
    float sum = d[q];
    for (int k = 0; k < 8; ++k) sum += A(row, k) * B(k, col);
    d[q] = sum;
  }
  __syncwarp();  // no lane may overwrite its slot before every lane has read it
}

}  // namespace cuda
}  // namespace modcomp
