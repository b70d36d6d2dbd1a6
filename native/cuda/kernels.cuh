// The CUDA kernels of one gradient step, for a batch of E encoders (run b, modality r) at once.
// Each kernel has a CPU twin in native/core (cpu_kernels.cpp, encoder_state.cpp) that the kernel
// test (native/dev/cuda) checks it against.
#pragma once

#include <cuda_runtime.h>

namespace modcomp {
namespace cuda {

// Per-run settings the kernels read (runs of one batch may differ in all of these).
struct RunParams {
  double eta, rho, q, headScale, weightDecay, gradScale;
  int oddHead;
};

constexpr int kTile = 64;     // output tile edge
constexpr int kDepth = 16;    // reduction slice held in shared memory
constexpr int kThreads = 256; // 16 x 16 threads, 4 x 4 outputs each

template <typename T>
__device__ inline void smooth_relu(T z, const RunParams& p, T& value, T& slope) {
  const T rho = static_cast<T>(p.rho);
  auto one_sided = [&](T x, T& v, T& s) {
    if (x <= T(0)) {
      v = T(0);
      s = T(0);
    } else if (x >= rho) {
      v = x - static_cast<T>((1.0 - 1.0 / p.q) * p.rho);
      s = T(1);
    } else {
      const T t = x / rho;
      const T tq1 = p.q == 3.0 ? t * t : (p.q == 1.0 ? T(1) : pow(t, static_cast<T>(p.q - 1.0)));
      s = tq1;
      v = static_cast<T>(p.rho / p.q) * tq1 * t;
    }
  };
  if (!p.oddHead) {
    one_sided(z, value, slope);
    return;
  }
  T vp, sp, vn, sn;
  one_sided(z, vp, sp);
  one_sided(-z, vn, sn);
  value = vp - vn;
  slope = sp + sn;
}

// Z = X W^T (rows x m) per encoder; writes a_j * act(Z) to A and act'(Z) to S.
template <typename T>
__global__ void forward_kernel(const T* __restrict__ X, const T* __restrict__ W, T* __restrict__ A,
                               T* __restrict__ S, int rows, int d, int m, int modalities_per_run,
                               const RunParams* __restrict__ params) {
  __shared__ T xs[kDepth][kTile + 1];
  __shared__ T ws[kDepth][kTile + 1];
  const int e = blockIdx.z;
  const RunParams p = params[e / modalities_per_run];
  X += static_cast<size_t>(e) * rows * d;
  W += static_cast<size_t>(e) * m * d;
  const int row0 = blockIdx.x * kTile, col0 = blockIdx.y * kTile;
  const int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
  T acc[4][4] = {};
  for (int k0 = 0; k0 < d; k0 += kDepth) {
    for (int l = 0; l < 4; ++l) {
      const int idx = threadIdx.x + l * kThreads, r = idx / kDepth, kk = idx % kDepth;
      const int row = row0 + r, col = col0 + r, k = k0 + kk;
      xs[kk][r] = (row < rows && k < d) ? X[static_cast<size_t>(row) * d + k] : T(0);
      ws[kk][r] = (col < m && k < d) ? W[static_cast<size_t>(col) * d + k] : T(0);
    }
    __syncthreads();
#pragma unroll
    for (int kk = 0; kk < kDepth; ++kk) {
      T a[4], b[4];
#pragma unroll
      for (int i = 0; i < 4; ++i) {
        a[i] = xs[kk][ty * 4 + i];
        b[i] = ws[kk][tx * 4 + i];
      }
#pragma unroll
      for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < 4; ++j) acc[i][j] += a[i] * b[j];
    }
    __syncthreads();
  }
  const size_t base = static_cast<size_t>(e) * rows * m;
  for (int i = 0; i < 4; ++i) {
    const int row = row0 + ty * 4 + i;
    if (row >= rows) continue;
    for (int j = 0; j < 4; ++j) {
      const int col = col0 + tx * 4 + j;
      if (col >= m) continue;
      T value, slope;
      smooth_relu(acc[i][j], p, value, slope);
      const T sign = (!p.oddHead && col >= m / 2) ? T(-1) : T(1);
      A[base + static_cast<size_t>(row) * m + col] = sign * value;
      S[base + static_cast<size_t>(row) * m + col] = slope;
    }
  }
}

// F[e][i] = headScale * sum over patches and neurons of A; one warp per sample, fixed order.
template <typename T>
__global__ void sample_output_kernel(const T* __restrict__ A, double* __restrict__ F, int samples, int P, int m,
                                     int modalities_per_run, const RunParams* __restrict__ params) {
  const int warp = (blockIdx.x * blockDim.x + threadIdx.x) / 32, lane = threadIdx.x % 32;
  const int e = blockIdx.y;
  if (warp >= samples) return;
  const T* a = A + (static_cast<size_t>(e) * samples + warp) * P * m;
  double sum = 0;
  for (int idx = lane; idx < P * m; idx += 32) sum += static_cast<double>(a[idx]);
  for (int offset = 16; offset > 0; offset /= 2) sum += __shfl_down_sync(0xffffffffu, sum, offset);
  if (lane == 0) F[static_cast<size_t>(e) * samples + warp] = params[e / modalities_per_run].headScale * sum;
}

// Per run: fused output, dLoss/df (into g) and the loss; one block per run, fixed-order sums.
__global__ void loss_kernel(const double* __restrict__ F, const double* __restrict__ y, double* __restrict__ g,
                            double* __restrict__ loss, int samples, int modalities_per_run);

// Gpart[e][split] (m x d) = sum over rows of split of g[row / P] * S[row][j] * X[row][k].
template <typename T>
__global__ void backward_kernel(const T* __restrict__ X, const T* __restrict__ S, const double* __restrict__ g,
                                T* __restrict__ Gpart, int rows, int d, int m, int P, int splits,
                                int modalities_per_run) {
  __shared__ T es[kDepth][kTile + 1];
  __shared__ T xs[kDepth][kTile + 1];
  const int e = blockIdx.z / splits, split = blockIdx.z % splits;
  const int b = e / modalities_per_run;
  X += static_cast<size_t>(e) * rows * d;
  S += static_cast<size_t>(e) * rows * m;
  const double* gb = g + static_cast<size_t>(b) * (rows / P);
  const int chunk = (rows + splits - 1) / splits;
  const int begin = split * chunk, end = min(rows, begin + chunk);
  const int j0 = blockIdx.y * kTile, k0 = blockIdx.x * kTile;
  const int tx = threadIdx.x % 16, ty = threadIdx.x / 16;
  T acc[4][4] = {};
  for (int i0 = begin; i0 < end; i0 += kDepth) {
    for (int l = 0; l < 4; ++l) {
      const int idx = threadIdx.x + l * kThreads, ii = idx / kTile, c = idx % kTile;
      const int row = i0 + ii;
      const bool in = row < end;
      es[ii][c] = (in && j0 + c < m) ? static_cast<T>(gb[row / P]) * S[static_cast<size_t>(row) * m + j0 + c] : T(0);
      xs[ii][c] = (in && k0 + c < d) ? X[static_cast<size_t>(row) * d + k0 + c] : T(0);
    }
    __syncthreads();
#pragma unroll
    for (int ii = 0; ii < kDepth; ++ii) {
      T a[4], bv[4];
#pragma unroll
      for (int i = 0; i < 4; ++i) {
        a[i] = es[ii][ty * 4 + i];
        bv[i] = xs[ii][tx * 4 + i];
      }
#pragma unroll
      for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < 4; ++j) acc[i][j] += a[i] * bv[j];
    }
    __syncthreads();
  }
  T* out = Gpart + (static_cast<size_t>(e) * splits + split) * m * d;
  for (int i = 0; i < 4; ++i) {
    const int j = j0 + ty * 4 + i;
    if (j >= m) continue;
    for (int jj = 0; jj < 4; ++jj) {
      const int k = k0 + tx * 4 + jj;
      if (k < d) out[static_cast<size_t>(j) * d + k] = acc[i][jj];
    }
  }
}

// W -= eta * (gradScale * headScale * a_j * sum_splits Gpart + weightDecay * W); also keeps the
// summed gradient in G for the metrics.
template <typename T>
__global__ void update_kernel(T* __restrict__ W, const T* __restrict__ Gpart, int d, int m, int splits,
                              int modalities_per_run, const RunParams* __restrict__ params, int encoders) {
  const size_t per = static_cast<size_t>(m) * d;
  const size_t idx = static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (idx >= per * encoders) return;
  const int e = static_cast<int>(idx / per);
  const size_t local = idx % per;
  const int j = static_cast<int>(local / d);
  const RunParams p = params[e / modalities_per_run];
  T sum = T(0);
  for (int s = 0; s < splits; ++s) sum += Gpart[(static_cast<size_t>(e) * splits + s) * per + local];
  const double sign = (!p.oddHead && j >= m / 2) ? -1.0 : 1.0;
  const T step = static_cast<T>(p.eta * p.gradScale * p.headScale * sign);
  W[idx] -= step * sum + static_cast<T>(p.eta * p.weightDecay) * W[idx];
}

// u_j = <w_j, v>; gamma = min(max_{a_j>0} u_j, max_{a_j<0} -u_j); records the first step with
// gamma > rho. One block per encoder.
template <typename T>
__global__ void crossing_kernel(const T* __restrict__ W, const T* __restrict__ V, int d, int m,
                                int modalities_per_run, const RunParams* __restrict__ params,
                                const long long* __restrict__ step, long long* __restrict__ cross) {
  __shared__ double plus_s[32], minus_s[32];
  const int e = blockIdx.x, warp = threadIdx.x / 32, lane = threadIdx.x % 32, warps = blockDim.x / 32;
  const RunParams p = params[e / modalities_per_run];
  const T* w = W + static_cast<size_t>(e) * m * d;
  const T* v = V + static_cast<size_t>(e) * d;
  double plus = -1e300, minus = -1e300;
  for (int j = warp; j < m; j += warps) {
    double u = 0;
    for (int k = lane; k < d; k += 32) u += static_cast<double>(w[static_cast<size_t>(j) * d + k]) * v[k];
    for (int offset = 16; offset > 0; offset /= 2) u += __shfl_down_sync(0xffffffffu, u, offset);
    if (lane == 0) {
      if (p.oddHead) {
        plus = fmax(plus, u);
        minus = fmax(minus, u);
      } else if (j < m / 2) {
        plus = fmax(plus, u);
      } else {
        minus = fmax(minus, -u);
      }
    }
  }
  if (lane == 0) {
    plus_s[warp] = plus;
    minus_s[warp] = minus;
  }
  __syncthreads();
  if (threadIdx.x == 0) {
    for (int w2 = 1; w2 < warps; ++w2) {
      plus = fmax(plus, plus_s[w2]);
      minus = fmax(minus, minus_s[w2]);
    }
    if (cross[e] < 0 && fmin(plus, minus) > p.rho) cross[e] = *step;
  }
}

__global__ void advance_step_kernel(long long* step);

}  // namespace cuda
}  // namespace modcomp
