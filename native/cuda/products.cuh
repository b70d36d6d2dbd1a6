// The two tile products of a gradient step, for a batch of encoders at once, each written once
// over a pluggable "core" that does the block tile's arithmetic:
//   SimtCore  plain f32/f64 FMAs, each thread a TM x TN register block;
//   Tf32Core  tensor cores (mma.m16n8k8, TF32 inputs, f32 accumulation), each warp a WM x WN tile.
// Both cores read the same shared-memory staging: slices of kDepth reduction steps, stored
// reduction-major (as[k][row], bs[k][col]), filled by every thread of the block.
#pragma once

#include "tf32.cuh"

namespace modcomp {
namespace cuda {

constexpr int kDepth = 16;  // reduction slice held in shared memory

// MinBlocks (both cores): blocks per SM the compiler must leave registers for (launch bounds).
template <typename T, int BM_, int BN_, int TM, int TN, int MinBlocks = 1>
struct SimtCore {
  static constexpr int BM = BM_, BN = BN_, threads = (BM / TM) * (BN / TN), min_blocks = MinBlocks;
  static constexpr int pad = 4;  // keeps the column reads of a slice off one bank
  using Slice = T[kDepth][BM + pad];
  using SliceB = T[kDepth][BN + pad];
  T acc[TM][TN];

  __device__ static T stage(T v) { return v; }
  __device__ void zero() {
#pragma unroll
    for (int i = 0; i < TM; ++i)
#pragma unroll
      for (int j = 0; j < TN; ++j) acc[i][j] = T(0);
  }
  // One slice, accumulated as TM x TN outer products into this thread's block.
  __device__ void accumulate(const Slice& as, const SliceB& bs) {
    const int tx = threadIdx.x % (BN / TN), ty = threadIdx.x / (BN / TN);
#pragma unroll
    for (int kk = 0; kk < kDepth; ++kk) {
      T a[TM], b[TN];
#pragma unroll
      for (int i = 0; i < TM; ++i) a[i] = as[kk][ty * TM + i];
#pragma unroll
      for (int j = 0; j < TN; ++j) b[j] = bs[kk][tx * TN + j];
#pragma unroll
      for (int i = 0; i < TM; ++i)
#pragma unroll
        for (int j = 0; j < TN; ++j) acc[i][j] += a[i] * b[j];
    }
  }
  // Hands every accumulated value to `put(row, col, value)`, in tile coordinates.
  template <typename Put>
  __device__ void store(Put put) const {
    const int tx = threadIdx.x % (BN / TN), ty = threadIdx.x / (BN / TN);
#pragma unroll
    for (int i = 0; i < TM; ++i)
#pragma unroll
      for (int j = 0; j < TN; ++j) put(ty * TM + i, tx * TN + j, acc[i][j]);
  }
};

// Inputs are rounded to TF32 once, when staged, so each fragment load is a plain shared read.
template <int BM_, int BN_, int WM, int WN, int MinBlocks = 1>
struct Tf32Core {
  static constexpr int BM = BM_, BN = BN_, threads = (BM / WM) * (BN / WN) * 32, min_blocks = MinBlocks;
  static constexpr int pad = 8;  // fragment reads (4 k-rows x 8 columns per warp) hit 32 banks
  static constexpr int MI = WM / 16, NI = WN / 8;
  using Slice = float[kDepth][BM + pad];
  using SliceB = float[kDepth][BN + pad];
  float acc[MI][NI][4];

  __device__ static float stage(float v) { return round_to_tf32(v); }
  __device__ void zero() {
#pragma unroll
    for (int i = 0; i < MI; ++i)
#pragma unroll
      for (int j = 0; j < NI; ++j)
#pragma unroll
        for (int q = 0; q < 4; ++q) acc[i][j][q] = 0.f;
  }
  __device__ void accumulate(const Slice& as, const SliceB& bs) {
    const int warp = threadIdx.x / 32, lane = threadIdx.x % 32, g = lane / 4, t = lane % 4;
    const int m0 = (warp / (BN / WN)) * WM, n0 = (warp % (BN / WN)) * WN;
#pragma unroll
    for (int k0 = 0; k0 < kDepth; k0 += 8) {
      uint32_t a[MI][4], b[NI][2];
#pragma unroll
      for (int i = 0; i < MI; ++i) {
        const int r = m0 + i * 16 + g;
        a[i][0] = __float_as_uint(as[k0 + t][r]);
        a[i][1] = __float_as_uint(as[k0 + t][r + 8]);
        a[i][2] = __float_as_uint(as[k0 + t + 4][r]);
        a[i][3] = __float_as_uint(as[k0 + t + 4][r + 8]);
      }
#pragma unroll
      for (int j = 0; j < NI; ++j) {
        const int c = n0 + j * 8 + g;
        b[j][0] = __float_as_uint(bs[k0 + t][c]);
        b[j][1] = __float_as_uint(bs[k0 + t + 4][c]);
      }
#pragma unroll
      for (int i = 0; i < MI; ++i)
#pragma unroll
        for (int j = 0; j < NI; ++j) mma_tf32(acc[i][j], a[i], b[j]);
    }
  }
  template <typename Put>
  __device__ void store(Put put) const {
    const int warp = threadIdx.x / 32, lane = threadIdx.x % 32, g = lane / 4, t = lane % 4;
    const int m0 = (warp / (BN / WN)) * WM, n0 = (warp % (BN / WN)) * WN;
#pragma unroll
    for (int i = 0; i < MI; ++i)
#pragma unroll
      for (int j = 0; j < NI; ++j)
#pragma unroll
        for (int q = 0; q < 4; ++q) put(m0 + i * 16 + g + (q >> 1) * 8, n0 + j * 8 + 2 * t + (q & 1), acc[i][j][q]);
  }
};

// Where element idx of a thread block's slice goes in shared memory. Operands that hold the
// reduction dim contiguously in global memory (the forward product's) are read along it and
// transposed: idx -> (k = idx % kDepth, col = idx / kDepth). The backward product's operands hold
// the output dim contiguously: idx -> (k = idx / Width, col = idx % Width). Either way consecutive
// threads read consecutive addresses.
template <bool kReductionContiguous, int Width>
__device__ inline void slice_slot(int idx, int& k, int& col) {
  if (kReductionContiguous) {
    k = idx % kDepth;
    col = idx / kDepth;
  } else {
    k = idx / Width;
    col = idx % Width;
  }
}

// The part [begin, end) of a reduction of `length` that split `split` of `splits` sums, in whole
// slices; the last split may be shorter or empty.
__device__ inline void split_range(int length, int splits, int split, int& begin, int& end) {
  const int chunk = ((length + splits - 1) / splits + kDepth - 1) / kDepth * kDepth;
  begin = split * chunk;
  end = min(length, begin + chunk);
}

// The reduction loop both products share. Each thread fetches its share of a slice (value_a and
// value_b give element idx of the slice starting at i0, already staged for the core) into
// registers, stores it into shared memory, and the core accumulates. With Stages = 1 a slice is
// fetched, stored, then used; with Stages = 2 the next slice's global loads are issued before the
// core works on the current one (two shared buffers, one barrier per slice), hiding their latency.
// Returns the core holding this thread's share of the block tile.
template <typename T, typename Core, int Stages, bool kReductionContiguous, typename ValueA, typename ValueB>
__device__ inline Core reduce_slices(int begin, int end, ValueA value_a, ValueB value_b) {
  static_assert(Stages == 1 || Stages == 2, "one or two shared-memory stages");
  static_assert(Core::BM * kDepth % Core::threads == 0 && Core::BN * kDepth % Core::threads == 0,
                "every thread fetches the same number of slice elements");
  constexpr int kA = Core::BM * kDepth / Core::threads, kB = Core::BN * kDepth / Core::threads;
  __shared__ typename Core::Slice as[Stages];
  __shared__ typename Core::SliceB bs[Stages];
  T ra[kA], rb[kB];
  Core core;
  core.zero();
  auto fetch = [&](int i0) {
#pragma unroll
    for (int i = 0; i < kA; ++i) ra[i] = value_a(i0, static_cast<int>(threadIdx.x) + i * Core::threads);
#pragma unroll
    for (int i = 0; i < kB; ++i) rb[i] = value_b(i0, static_cast<int>(threadIdx.x) + i * Core::threads);
  };
  auto put = [&](int stage) {
    int k, col;
#pragma unroll
    for (int i = 0; i < kA; ++i) {
      slice_slot<kReductionContiguous, Core::BM>(static_cast<int>(threadIdx.x) + i * Core::threads, k, col);
      as[stage][k][col] = ra[i];
    }
#pragma unroll
    for (int i = 0; i < kB; ++i) {
      slice_slot<kReductionContiguous, Core::BN>(static_cast<int>(threadIdx.x) + i * Core::threads, k, col);
      bs[stage][k][col] = rb[i];
    }
  };
  if (begin >= end) return core;
  fetch(begin);
  put(0);
  __syncthreads();
  int stage = 0;
  for (int i0 = begin; i0 < end; i0 += kDepth) {
    const bool more = i0 + kDepth < end;
    if (Stages == 2) {
      if (more) fetch(i0 + kDepth);
      core.accumulate(as[stage], bs[stage]);
      // The other buffer was last read before the previous barrier, so it is free to fill.
      if (more) put(stage ^ 1);
      __syncthreads();
      stage ^= 1;
    } else {
      core.accumulate(as[0], bs[0]);
      __syncthreads();
      if (more) {
        fetch(i0 + kDepth);
        put(0);
        __syncthreads();
      }
    }
  }
  return core;
}

// Forward partial product: Zpart[split][e] (rows x m) = X[e] (rows x d) W[e]^T over the split's
// slice of d. Both operands hold the reduction dim contiguously, so tiles are transposed into
// shared memory on load.
template <typename T, typename Core, int Stages = 1>
__global__ void __launch_bounds__(Core::threads, Core::min_blocks)
    forward_kernel(const T* __restrict__ X, const T* __restrict__ W, T* __restrict__ Zpart, int rows, int d, int m,
                   int encoders, int splits) {
  const int e = blockIdx.z % encoders, split = blockIdx.z / encoders;
  X += static_cast<size_t>(e) * rows * d;
  W += static_cast<size_t>(e) * m * d;
  int k_begin, k_end;
  split_range(d, splits, split, k_begin, k_end);
  const int row0 = blockIdx.x * Core::BM, col0 = blockIdx.y * Core::BN;
  const Core core = reduce_slices<T, Core, Stages, true>(
      k_begin, k_end,
      [&](int k0, int idx) {
        const int row = row0 + idx / kDepth, k = k0 + idx % kDepth;
        return Core::stage((row < rows && k < k_end) ? X[static_cast<size_t>(row) * d + k] : T(0));
      },
      [&](int k0, int idx) {
        const int col = col0 + idx / kDepth, k = k0 + idx % kDepth;
        return Core::stage((col < m && k < k_end) ? W[static_cast<size_t>(col) * d + k] : T(0));
      });
  T* out = Zpart + (static_cast<size_t>(split) * encoders + e) * rows * m;
  core.store([&](int r, int c, T value) {
    const int row = row0 + r, col = col0 + c;
    if (row < rows && col < m) out[static_cast<size_t>(row) * m + col] = value;
  });
}

// Backward partial product: Gpart[e][split] (m x d) = sum over the split's dense rows of
// g[sample(row)] S[row][j] X[row][k]. Both operands hold the output dims contiguously; the
// buffers hold `row_stride` rows per encoder, of which the first `rows` are reduced.
template <typename T, typename Core, int Stages = 1>
__global__ void __launch_bounds__(Core::threads, Core::min_blocks)
    backward_kernel(const T* __restrict__ X, const T* __restrict__ S, const double* __restrict__ g,
                    const int* __restrict__ row_sample, T* __restrict__ Gpart, int rows, int row_stride, int d, int m,
                    int samples, int splits, int modalities_per_run) {
  const int e = blockIdx.z / splits, split = blockIdx.z % splits;
  const int b = e / modalities_per_run;
  X += static_cast<size_t>(e) * row_stride * d;
  S += static_cast<size_t>(e) * row_stride * m;
  row_sample += static_cast<size_t>(e) * rows;
  const double* gb = g + static_cast<size_t>(b) * samples;
  int begin, end;
  split_range(rows, splits, split, begin, end);
  const int j0 = blockIdx.y * Core::BM, k0 = blockIdx.x * Core::BN;
  const Core core = reduce_slices<T, Core, Stages, false>(
      begin, end,
      [&](int i0, int idx) {
        const int row = i0 + idx / Core::BM, j = j0 + idx % Core::BM;
        const int sample = row < end ? row_sample[row] : -1;
        return Core::stage((sample >= 0 && j < m) ? static_cast<T>(gb[sample]) * S[static_cast<size_t>(row) * m + j]
                                                  : T(0));
      },
      [&](int i0, int idx) {
        const int row = i0 + idx / Core::BN, k = k0 + idx % Core::BN;
        return Core::stage((row < end && k < d) ? X[static_cast<size_t>(row) * d + k] : T(0));
      });
  T* out = Gpart + (static_cast<size_t>(e) * splits + split) * m * d;
  core.store([&](int r, int c, T value) {
    const int j = j0 + r, k = k0 + c;
    if (j < m && k < d) out[static_cast<size_t>(j) * d + k] = value;
  });
}

}  // namespace cuda
}  // namespace modcomp
