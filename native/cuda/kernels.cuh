// The CUDA kernels of one gradient step, for a batch of E encoders (run b, modality r) at once:
// the two tile products (products.cuh), the activation, the loss, the update and the crossing
// check. Each has a CPU twin in native/core (cpu_kernels.cpp, encoder_state.cpp); the kernel
// check (native/dev/cuda) and the parity check (native/tests) compare them.
#pragma once

#include <cuda_runtime.h>

#include "products.cuh"

namespace modcomp {
namespace cuda {

// Per-run settings the kernels read (runs of one batch may differ in all of these).
struct RunParams {
  double eta, rho, q, headScale, weightDecay, gradScale;
  int oddHead;
};

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

// Folds neuron j's alignment u_j = <w_j, v> into gamma's two parts: the largest u_j over the
// +1 neurons and the largest -u_j over the -1 neurons (odd head: one neuron serves both classes).
__device__ inline void fold_alignment(const RunParams& p, int j, int m, double u, double& plus, double& minus) {
  if (p.oddHead) {
    plus = fmax(plus, u);
    minus = fmax(minus, u);
  } else if (j < m / 2) {
    plus = fmax(plus, u);
  } else {
    minus = fmax(minus, -u);
  }
}

// Where each sample's rows are once the pure signal rows (x = s v exactly, see packed_data.h) are
// taken out of the dense products. Per encoder, the Z buffer holds `denseRows` dense rows (padded
// with zero rows to the batch's largest count) and then one row for v, so the forward product also
// yields u = W v, from which a pure row's pre-activations are s u. Sample i's dense rows are
// [denseStart[i], denseStart[i+1]) and its pure rows [pureStart[i], pureStart[i+1]).
template <typename T>
struct RowLayout {
  const int* denseStart;  // encoders x (samples + 1)
  const int* rowSample;   // encoders x denseRows: the sample of a dense row, -1 for padding
  const int* pureStart;   // encoders x (samples + 1)
  const int* pureSample;  // encoders x pureRows: the sample of a pure row, -1 for padding
  const T* pureCoef;      // encoders x pureRows: s of a pure row
  int denseRows, pureRows;
  __host__ __device__ int zRows() const { return denseRows + 1; }  // dense rows, then the v row
};

// Sums the forward partials in a fixed order, applies the smoothed ReLU, keeps its slope for the
// backward pass, and reduces sample outputs F[e][i] = headScale * sum_{rows of i, j} a_j act(z),
// pure rows from z = s u_j; one warp per sample.
template <typename T>
__global__ void activation_kernel(const T* __restrict__ Zpart, T* __restrict__ S, double* __restrict__ F, int samples,
                                  int m, int encoders, int splits, int modalities_per_run,
                                  const RunParams* __restrict__ params, RowLayout<T> layout) {
  const int warp = (blockIdx.x * blockDim.x + threadIdx.x) / 32, lane = threadIdx.x % 32;
  const int e = blockIdx.y;
  if (warp >= samples) return;
  const RunParams p = params[e / modalities_per_run];
  const size_t zrows = static_cast<size_t>(layout.zRows());
  const size_t encoder_base = static_cast<size_t>(e) * zrows * m;
  const size_t split_stride = static_cast<size_t>(encoders) * zrows * m;
  const int* dense_start = layout.denseStart + static_cast<size_t>(e) * (samples + 1);
  const int* pure_start = layout.pureStart + static_cast<size_t>(e) * (samples + 1);
  double sum = 0;
  const size_t base = encoder_base + static_cast<size_t>(dense_start[warp]) * m;
  const int dense_count = (dense_start[warp + 1] - dense_start[warp]) * m;
  for (int idx = lane; idx < dense_count; idx += 32) {
    T z = Zpart[base + idx];
    for (int s = 1; s < splits; ++s) z += Zpart[s * split_stride + base + idx];
    T value, slope;
    smooth_relu(z, p, value, slope);
    S[base + idx] = slope;
    const int j = idx % m;
    sum += ((!p.oddHead && j >= m / 2) ? -1.0 : 1.0) * static_cast<double>(value);
  }
  const size_t u_base = encoder_base + static_cast<size_t>(layout.denseRows) * m;
  const int pure_count = (pure_start[warp + 1] - pure_start[warp]) * m;
  for (int idx = lane; idx < pure_count; idx += 32) {
    const int q = pure_start[warp] + idx / m, j = idx % m;
    T u = Zpart[u_base + j];
    for (int s = 1; s < splits; ++s) u += Zpart[s * split_stride + u_base + j];
    T value, slope;
    smooth_relu(layout.pureCoef[static_cast<size_t>(e) * layout.pureRows + q] * u, p, value, slope);
    sum += ((!p.oddHead && j >= m / 2) ? -1.0 : 1.0) * static_cast<double>(value);
  }
  for (int offset = 16; offset > 0; offset /= 2) sum += __shfl_down_sync(0xffffffffu, sum, offset);
  if (lane == 0) F[static_cast<size_t>(e) * samples + warp] = p.headScale * sum;
}

// Per run, one block: the fused output, dLoss/df (into g) and the loss, in fixed-order sums; then,
// with g known, per neuron j of each encoder the pure rows' whole gradient coefficient
// C[e][j] = sum_pure g s slope(s u_j) (their gradient is C v), and the first step at which
// gamma = min(max_{a_j>0} u_j, max_{a_j<0} -u_j) exceeds rho.
template <typename T>
__global__ void loss_kernel(const double* __restrict__ F, const double* __restrict__ y, double* __restrict__ g,
                            double* __restrict__ loss, int samples, int m, int encoders, int splits,
                            int modalities_per_run, const RunParams* __restrict__ params, const T* __restrict__ Zpart,
                            RowLayout<T> layout, double* __restrict__ C, const long long* __restrict__ step,
                            long long* __restrict__ cross) {
  __shared__ double partial[256];
  const int b = blockIdx.x;
  double sum = 0;
  for (int i = threadIdx.x; i < samples; i += blockDim.x) {
    double f = 0;
    for (int a = 0; a < modalities_per_run; ++a)
      f += F[(static_cast<size_t>(b) * modalities_per_run + a) * samples + i];
    const double label = y[static_cast<size_t>(b) * samples + i];
    const double margin = label * f;
    const double sig = margin >= 0 ? exp(-margin) / (1.0 + exp(-margin)) : 1.0 / (1.0 + exp(margin));
    g[static_cast<size_t>(b) * samples + i] = -label * sig / samples;
    sum += margin > 0 ? log1p(exp(-margin)) : -margin + log1p(exp(margin));
  }
  partial[threadIdx.x] = sum;
  __syncthreads();  // also publishes this block's g to the whole block
  for (int stride = blockDim.x / 2; stride > 0; stride /= 2) {
    if (threadIdx.x < stride) partial[threadIdx.x] += partial[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) loss[b] = partial[0] / samples;

  const RunParams p = params[b];
  const size_t zrows = static_cast<size_t>(layout.zRows());
  const size_t split_stride = static_cast<size_t>(encoders) * zrows * m;
  auto u_of = [&](int e, int j) {
    const size_t at = (static_cast<size_t>(e) * zrows + layout.denseRows) * m + j;
    T u = Zpart[at];
    for (int s = 1; s < splits; ++s) u += Zpart[s * split_stride + at];
    return u;
  };
  // C: when the block has more threads than (encoder, neuron) items, `parts` threads share an
  // item, each summing every parts-th pure row, then the first adds the parts in order (fixed
  // order, so runs repeat bit for bit).
  const int items = modalities_per_run * m;
  int parts = 1;
  while (parts * 2 * items <= static_cast<int>(blockDim.x)) parts *= 2;
  const int per_round = blockDim.x / parts;
  for (int base = 0; base < items; base += per_round) {
    const int idx = base + threadIdx.x / parts, part = threadIdx.x % parts;
    double c = 0;
    if (idx < items && threadIdx.x < per_round * parts) {
      const int e = b * modalities_per_run + idx / m, j = idx % m;
      const T u = u_of(e, j);
      for (int q = part; q < layout.pureRows; q += parts) {
        const size_t at = static_cast<size_t>(e) * layout.pureRows + q;
        const int sample = layout.pureSample[at];
        if (sample < 0) continue;
        T value, slope;
        smooth_relu(layout.pureCoef[at] * u, p, value, slope);
        c += g[static_cast<size_t>(b) * samples + sample] * static_cast<double>(slope) *
             static_cast<double>(layout.pureCoef[at]);
      }
    }
    partial[threadIdx.x] = c;
    __syncthreads();
    if (idx < items && part == 0 && threadIdx.x < per_round * parts) {
      double total = 0;
      for (int k = 0; k < parts; ++k) total += partial[threadIdx.x + k];
      const int e = b * modalities_per_run + idx / m, j = idx % m;
      C[static_cast<size_t>(e) * m + j] = total;
    }
    __syncthreads();
  }
  if (threadIdx.x < modalities_per_run) {
    const int e = b * modalities_per_run + threadIdx.x;
    double plus = -1e300, minus = -1e300;
    for (int j = 0; j < m; ++j) fold_alignment(p, j, m, static_cast<double>(u_of(e, j)), plus, minus);
    if (cross[e] < 0 && fmin(plus, minus) > p.rho) cross[e] = *step;
  }
}

// W -= eta * (gradScale * headScale * a_j * (sum_splits Gpart + C_j v) + weightDecay * W), the
// second term being the pure signal rows' gradient; thread 0 also advances the step counter
// (no other thread of this launch reads it).
template <typename T>
__global__ void update_kernel(T* __restrict__ W, const T* __restrict__ Gpart, const double* __restrict__ C,
                              const T* __restrict__ V, int d, int m, int splits, int modalities_per_run,
                              const RunParams* __restrict__ params, int encoders, long long* __restrict__ step) {
  const size_t per = static_cast<size_t>(m) * d;
  const size_t idx = static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (idx == 0) *step += 1;
  if (idx >= per * encoders) return;
  const int e = static_cast<int>(idx / per);
  const size_t local = idx % per;
  const int j = static_cast<int>(local / d), k = static_cast<int>(local % d);
  const RunParams p = params[e / modalities_per_run];
  T sum = T(0);
  for (int s = 0; s < splits; ++s) sum += Gpart[(static_cast<size_t>(e) * splits + s) * per + local];
  sum += static_cast<T>(C[static_cast<size_t>(e) * m + j] * static_cast<double>(V[static_cast<size_t>(e) * d + k]));
  const double sign = (!p.oddHead && j >= m / 2) ? -1.0 : 1.0;
  const T rate = static_cast<T>(p.eta * p.gradScale * p.headScale * sign);
  W[idx] -= rate * sum + static_cast<T>(p.eta * p.weightDecay) * W[idx];
}

// u_j = <w_j, v>; gamma = min(max_{a_j>0} u_j, max_{a_j<0} -u_j); records the first step with
// gamma > rho. One block per encoder. Run once after the last step (during training the loss
// kernel checks the crossing from the u the forward product computed).
template <typename T>
__global__ void crossing_kernel(const T* __restrict__ W, const T* __restrict__ V, int d, int m, int modalities_per_run,
                                const RunParams* __restrict__ params, const long long* __restrict__ step,
                                long long* __restrict__ cross) {
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
    if (lane == 0) fold_alignment(p, j, m, u, plus, minus);
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

}  // namespace cuda
}  // namespace modcomp
