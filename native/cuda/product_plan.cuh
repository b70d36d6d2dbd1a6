// Which tile core and shape each product of a batch uses, and how many reduction splits: chosen
// by the neuron count (so narrow layers, m = 32, fill their tiles), by the precision (TF32 runs
// use the tensor-core cores), and by the number of SMs (small problems split the reduction so
// the GPU has enough blocks). Shared by the backend and the kernel check.
#pragma once

#include <algorithm>
#include <type_traits>

#include "launch.cuh"
#include "products.cuh"

namespace modcomp {
namespace cuda {

inline long long ceil_div(long long a, long long b) { return (a + b - 1) / b; }

// The largest gridDim.y and gridDim.z; launches put encoders (times splits) there.
constexpr int kMaxGridZ = 65535;

// Enough reduction splits that a product launches at least two blocks per SM: small problems
// (one run of paper size) otherwise leave most of the GPU idle.
inline int choose_splits(long long tiles, int reduction, int sms) {
  const long long wanted = (2LL * sms + tiles - 1) / tiles;
  const long long most = std::max(1, reduction / 64);
  return static_cast<int>(std::max(1LL, std::min(wanted, most)));
}

// Stages: 1 or 2 shared-memory buffers per slice (see reduce_slices in products.cuh).
template <typename T, typename Core, int Stages = 1>
struct ForwardLaunch {
  static long long tiles(int rows, int m, int E) { return ceil_div(rows, Core::BM) * ceil_div(m, Core::BN) * E; }
  static void launch(cudaStream_t st, const T* X, const T* W, T* Zpart, int rows, int d, int m, int E, int splits) {
    const dim3 grid(static_cast<unsigned>(ceil_div(rows, Core::BM)), static_cast<unsigned>(ceil_div(m, Core::BN)),
                    static_cast<unsigned>(E * splits));
    MODCOMP_LAUNCH(grid, Core::threads, 0, st, forward_kernel<T, Core, Stages>)(X, W, Zpart, rows, d, m, E, splits);
  }
};

template <typename T, typename Core, int Stages = 1>
struct BackwardLaunch {
  static long long tiles(int m, int d, int E) { return ceil_div(m, Core::BM) * ceil_div(d, Core::BN) * E; }
  static void launch(cudaStream_t st, const T* X, const T* S, const double* g, const int* row_sample, T* Gpart,
                     int rows, int row_stride, int d, int m, int samples, int E, int splits, int Ka) {
    const dim3 grid(static_cast<unsigned>(ceil_div(d, Core::BN)), static_cast<unsigned>(ceil_div(m, Core::BM)),
                    static_cast<unsigned>(E * splits));
    MODCOMP_LAUNCH(grid, Core::threads, 0, st, backward_kernel<T, Core, Stages>)
    (X, S, g, row_sample, Gpart, rows, row_stride, d, m, samples, splits, Ka);
  }
};

template <typename T>
struct ProductPlan {
  int forwardSplits = 1, backwardSplits = 1;
  void (*forward)(cudaStream_t, const T*, const T*, T*, int, int, int, int, int) = nullptr;
  void (*backward)(cudaStream_t, const T*, const T*, const double*, const int*, T*, int, int, int, int, int, int, int,
                   int) = nullptr;
};

// `zrows` rows enter the forward product per encoder, `rows` the backward one.
template <typename T, typename ForwardCore, typename BackwardCore>
ProductPlan<T> make_plan(int zrows, int rows, int d, int m, int E, int sms) {
  ProductPlan<T> plan;
  plan.forward = ForwardLaunch<T, ForwardCore>::launch;
  plan.backward = BackwardLaunch<T, BackwardCore>::launch;
  // gridDim.z = E x splits may not exceed 65535 (the backend refuses batches with E beyond it).
  const int most = std::max(1, kMaxGridZ / std::max(1, E));
  plan.forwardSplits = std::min(most, choose_splits(ForwardLaunch<T, ForwardCore>::tiles(zrows, m, E), d, sms));
  plan.backwardSplits = std::min(most, choose_splits(BackwardLaunch<T, BackwardCore>::tiles(m, d, E), rows, sms));
  return plan;
}

// Forward tiles are rows x neurons, backward tiles neurons x inputs; 256 threads a block, except
// the SIMT tiles for m <= 32 (128).
template <typename T>
ProductPlan<T> plan_products(int zrows, int rows, int d, int m, int E, int sms, bool tf32) {
  if constexpr (std::is_same_v<T, float>) {
    if (tf32) {
      if (m <= 32) return make_plan<T, Tf32Core<128, 32, 32, 16>, Tf32Core<32, 128, 16, 32>>(zrows, rows, d, m, E, sms);
      if (m <= 64) return make_plan<T, Tf32Core<128, 64, 32, 32>, Tf32Core<64, 128, 32, 32>>(zrows, rows, d, m, E, sms);
      return make_plan<T, Tf32Core<128, 128, 64, 32>, Tf32Core<128, 128, 64, 32>>(zrows, rows, d, m, E, sms);
    }
  }
  if (m <= 32) return make_plan<T, SimtCore<T, 128, 32, 8, 4>, SimtCore<T, 32, 128, 4, 8>>(zrows, rows, d, m, E, sms);
  if (m <= 64) return make_plan<T, SimtCore<T, 128, 64, 8, 4>, SimtCore<T, 64, 128, 4, 8>>(zrows, rows, d, m, E, sms);
  return make_plan<T, SimtCore<T, 128, 128, 8, 8>, SimtCore<T, 128, 128, 8, 8>>(zrows, rows, d, m, E, sms);
}

}  // namespace cuda
}  // namespace modcomp
