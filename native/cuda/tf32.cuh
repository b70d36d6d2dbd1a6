// The two tensor-core instructions the TF32 products use: rounding an f32 to TF32 (10-bit
// mantissa, round to nearest with ties away from zero) and the warp-wide
// mma.sync.m16n8k8 (A 16x8 row-major, B 8x8 column-major, TF32 inputs, f32 accumulation).
// Under the CPU emulation both are modelled in native/cuda/emulation/tf32_emulation.h with the
// same fragment layout, so the kernels' fragment indexing is tested without a GPU.
#pragma once

#include <cstdint>

#ifdef MODCOMP_CUDA_EMULATION
#include "tf32_emulation.h"
#else
namespace modcomp {
namespace cuda {

__device__ inline float round_to_tf32(float x) {
  uint32_t bits;
  asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(bits) : "f"(x));
  return __uint_as_float(bits);
}

// Fragments, with g = lane / 4 and t = lane % 4: a = {A[g][t], A[g+8][t], A[g][t+4], A[g+8][t+4]},
// b = {B[t][g], B[t+4][g]}, d = {D[g][2t], D[g][2t+1], D[g+8][2t], D[g+8][2t+1]}.
__device__ inline void mma_tf32(float (&d)[4], const uint32_t (&a)[4], const uint32_t (&b)[2]) {
  asm volatile(
      "mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 {%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
      : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
      : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
}

}  // namespace cuda
}  // namespace modcomp
#endif
