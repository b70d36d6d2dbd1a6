// Kernel check and bench, in the style of a dev/cuda folder: every version (tile core and shape)
// of the forward and backward products is first checked against a double-precision CPU reference
// on random inputs, and only then timed. Standalone: no Node, no engine.
//
//   nvcc -O3 -std=c++17 -arch=sm_90 -I../../cuda -I../../core product_check.cu -o product_check
//   ./product_check [rows d m encoders]     (rows = n P of one encoder; encoders = runs x modalities)
#include <cuda_runtime.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "product_plan.cuh"

using modcomp::cuda::SimtCore;
using modcomp::cuda::Tf32Core;

#define CHECK(call)                                                                \
  do {                                                                             \
    cudaError_t status_ = (call);                                                  \
    if (status_ != cudaSuccess) {                                                  \
      std::fprintf(stderr, "%s failed: %s\n", #call, cudaGetErrorString(status_)); \
      std::exit(2);                                                                \
    }                                                                              \
  } while (0)

struct Problem {
  int rows, d, m, encoders, P = 4;
  std::vector<float> x, w, s;
  std::vector<double> g;
  std::vector<int> rowSample;  // per encoder and row: its sample, -1 for a padding row
  int sms = 1;                 // the device's multiprocessors, for the backend's choice of splits
  int samples() const { return (rows + P - 1) / P; }
};

// CPU references: Z = X W^T per encoder, and G = (g * S)^T X per encoder.
std::vector<double> forward_reference(const Problem& p) {
  std::vector<double> z(static_cast<size_t>(p.encoders) * p.rows * p.m);
  for (int e = 0; e < p.encoders; ++e)
    for (int i = 0; i < p.rows; ++i)
      for (int j = 0; j < p.m; ++j) {
        double acc = 0;
        for (int k = 0; k < p.d; ++k)
          acc += static_cast<double>(p.x[(static_cast<size_t>(e) * p.rows + i) * p.d + k]) *
                 p.w[(static_cast<size_t>(e) * p.m + j) * p.d + k];
        z[(static_cast<size_t>(e) * p.rows + i) * p.m + j] = acc;
      }
  return z;
}

std::vector<double> backward_reference(const Problem& p) {
  std::vector<double> out(static_cast<size_t>(p.encoders) * p.m * p.d, 0.0);
  for (int e = 0; e < p.encoders; ++e)
    for (int i = 0; i < p.rows; ++i) {
      // Modality count per run is 1 here, so every encoder is its own run with its own g.
      const int sample = p.rowSample[static_cast<size_t>(e) * p.rows + i];
      const double gi = sample < 0 ? 0.0 : p.g[static_cast<size_t>(e) * p.samples() + sample];
      for (int j = 0; j < p.m; ++j) {
        const double a = gi * p.s[(static_cast<size_t>(e) * p.rows + i) * p.m + j];
        for (int k = 0; k < p.d; ++k)
          out[(static_cast<size_t>(e) * p.m + j) * p.d + k] += a * p.x[(static_cast<size_t>(e) * p.rows + i) * p.d + k];
      }
    }
  return out;
}

double max_relative_error(const std::vector<double>& ref, const std::vector<float>& got) {
  double worst = 0, scale = 0;
  for (double r : ref) scale = std::fmax(scale, std::fabs(r));
  for (size_t i = 0; i < ref.size(); ++i) worst = std::fmax(worst, std::fabs(ref[i] - got[i]) / scale);
  return worst;
}

int failures = 0;

// Average milliseconds of one launch over many, after the result was checked. Under the CPU
// emulation one launch is timed: the numbers are CPU times and say nothing about a GPU.
template <typename Launch>
float time_launches(Launch launch) {
  cudaEvent_t a, b;
  cudaEventCreate(&a);
  cudaEventCreate(&b);
#ifdef MODCOMP_CUDA_EMULATION
  const int reps = 1;
#else
  const int reps = 50;
#endif
  cudaEventRecord(a);
  for (int r = 0; r < reps; ++r) launch();
  cudaEventRecord(b);
  CHECK(cudaEventSynchronize(b));
  float ms = 0;
  cudaEventElapsedTime(&ms, a, b);
  cudaEventDestroy(a);
  cudaEventDestroy(b);
  return ms / reps;
}

// A core's name and the error it must stay under against the f64 reference: f32 arithmetic
// differs only by summation order; TF32 rounds every input to a 10-bit mantissa.
template <typename Core>
struct CoreInfo;
// " min2": the compiler had to leave registers for two blocks per SM.
inline std::string min_blocks_tag(int min_blocks) { return min_blocks > 1 ? " min" + std::to_string(min_blocks) : ""; }
template <typename T, int BM, int BN, int TM, int TN, int MinBlocks>
struct CoreInfo<modcomp::cuda::SimtCore<T, BM, BN, TM, TN, MinBlocks>> {
  static std::string name() {
    return "simt " + std::to_string(BM) + "x" + std::to_string(BN) + " (" + std::to_string(TM) + "x" +
           std::to_string(TN) + "/thread)" + min_blocks_tag(MinBlocks);
  }
  static constexpr double tolerance = 1e-5;
};
template <int BM, int BN, int WM, int WN, int MinBlocks>
struct CoreInfo<modcomp::cuda::Tf32Core<BM, BN, WM, WN, MinBlocks>> {
  static std::string name() {
    return "tf32 " + std::to_string(BM) + "x" + std::to_string(BN) + " (" + std::to_string(WM) + "x" +
           std::to_string(WN) + "/warp)" + min_blocks_tag(MinBlocks);
  }
  static constexpr double tolerance = 5e-3;
};

template <typename Core>
void report(const char* product, int stages, int splits, double err, float ms, const Problem& p) {
  const double flops = 2.0 * p.encoders * p.rows * p.d * p.m;
  const bool ok = err < CoreInfo<Core>::tolerance;
  if (!ok) ++failures;
  std::printf("%-8s %-28s stages %d splits %2d  max rel err %.2e %s  %8.4f ms  %7.0f GFLOP/s\n", product,
              CoreInfo<Core>::name().c_str(), stages, splits, err, ok ? "ok  " : "FAIL", ms, flops / (ms * 1e-3) / 1e9);
}

template <typename Core, int Stages = 1>
void forward_version(const Problem& p, const std::vector<double>& ref, const float* dx, const float* dw, float* dz,
                     int splits) {
  using Launch = modcomp::cuda::ForwardLaunch<float, Core, Stages>;
  if (splits == 0) splits = modcomp::cuda::choose_splits(Launch::tiles(p.rows, p.m, p.encoders), p.d, p.sms);
  auto launch = [&] { Launch::launch(nullptr, dx, dw, dz, p.rows, p.d, p.m, p.encoders, splits); };
  launch();
  CHECK(cudaDeviceSynchronize());
  const size_t count = static_cast<size_t>(p.encoders) * p.rows * p.m;
  std::vector<float> parts(count * splits), z(count, 0.f);
  CHECK(cudaMemcpy(parts.data(), dz, parts.size() * sizeof(float), cudaMemcpyDeviceToHost));
  for (int s = 0; s < splits; ++s)
    for (size_t i = 0; i < count; ++i) z[i] += parts[s * count + i];
  report<Core>("forward", Stages, splits, max_relative_error(ref, z), time_launches(launch), p);
}

template <typename Core, int Stages = 1>
void backward_version(const Problem& p, const std::vector<double>& ref, const float* dx, const float* ds,
                      const double* dg, const int* drow_sample, float* dgpart, int splits) {
  using Launch = modcomp::cuda::BackwardLaunch<float, Core, Stages>;
  if (splits == 0) splits = modcomp::cuda::choose_splits(Launch::tiles(p.m, p.d, p.encoders), p.rows, p.sms);
  auto launch = [&] {
    Launch::launch(nullptr, dx, ds, dg, drow_sample, dgpart, p.rows, p.rows, p.d, p.m, p.samples(), p.encoders, splits,
                   1);
  };
  launch();
  CHECK(cudaDeviceSynchronize());
  const size_t per = static_cast<size_t>(p.m) * p.d;
  std::vector<float> parts(per * splits * p.encoders), gsum(per * p.encoders, 0.f);
  CHECK(cudaMemcpy(parts.data(), dgpart, parts.size() * sizeof(float), cudaMemcpyDeviceToHost));
  for (int e = 0; e < p.encoders; ++e)
    for (int s = 0; s < splits; ++s)
      for (size_t i = 0; i < per; ++i) gsum[e * per + i] += parts[(static_cast<size_t>(e) * splits + s) * per + i];
  report<Core>("backward", Stages, splits, max_relative_error(ref, gsum), time_launches(launch), p);
}

int main(int argc, char** argv) {
  Problem p;
  p.rows = argc > 1 ? std::atoi(argv[1]) : 2048;
  p.d = argc > 2 ? std::atoi(argv[2]) : 512;
  p.m = argc > 3 ? std::atoi(argv[3]) : 64;
  p.encoders = argc > 4 ? std::atoi(argv[4]) : 2;
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.f, 1.f);
  p.x.resize(static_cast<size_t>(p.encoders) * p.rows * p.d);
  p.w.resize(static_cast<size_t>(p.encoders) * p.m * p.d);
  p.s.resize(static_cast<size_t>(p.encoders) * p.rows * p.m);
  p.g.resize(static_cast<size_t>(p.encoders) * p.samples());
  // Every seventh row stands for a padding row of the backend's row layout.
  p.rowSample.resize(static_cast<size_t>(p.encoders) * p.rows);
  for (size_t i = 0; i < p.rowSample.size(); ++i) {
    const int row = static_cast<int>(i % p.rows);
    p.rowSample[i] = row % 7 == 6 ? -1 : row / p.P;
  }
  for (float& v : p.x) v = normal(rng);
  for (float& v : p.w) v = normal(rng);
  for (float& v : p.s) v = std::fabs(normal(rng));
  for (double& v : p.g) v = normal(rng);
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  std::printf("%s: rows %d, d %d, m %d, encoders %d\n", prop.name, p.rows, p.d, p.m, p.encoders);
  const std::vector<double> fref = forward_reference(p), bref = backward_reference(p);
  float *dx, *dw, *ds, *dz, *dgp;
  double* dg;
  int* drow_sample;
  p.sms = prop.multiProcessorCount;
  // choose_splits never exceeds the reduction length / 64: d for the forward product, rows for
  // the backward one.
  const int forward_splits = std::max(4, p.d / 64), backward_splits = std::max(4, p.rows / 64);
  CHECK(cudaMalloc(&dx, p.x.size() * 4));
  CHECK(cudaMalloc(&dw, p.w.size() * 4));
  CHECK(cudaMalloc(&ds, p.s.size() * 4));
  CHECK(cudaMalloc(&dz, p.s.size() * 4 * forward_splits));
  CHECK(cudaMalloc(&dgp, p.w.size() * 4 * backward_splits));
  CHECK(cudaMalloc(&dg, p.g.size() * 8));
  CHECK(cudaMalloc(&drow_sample, p.rowSample.size() * sizeof(int)));
  CHECK(cudaMemcpy(dx, p.x.data(), p.x.size() * 4, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dw, p.w.data(), p.w.size() * 4, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(ds, p.s.data(), p.s.size() * 4, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(dg, p.g.data(), p.g.size() * 8, cudaMemcpyHostToDevice));
  CHECK(cudaMemcpy(drow_sample, p.rowSample.data(), p.rowSample.size() * sizeof(int), cudaMemcpyHostToDevice));
  // Every core shape the backend's plan uses (product_plan.cuh), with one split, four, and as
  // many as the backend would choose on this device for this shape (0 below).
  for (int splits : {1, 4, 0}) {
    forward_version<SimtCore<float, 128, 32, 8, 4>>(p, fref, dx, dw, dz, splits);
    forward_version<SimtCore<float, 128, 64, 8, 4>>(p, fref, dx, dw, dz, splits);
    forward_version<SimtCore<float, 128, 128, 8, 8>>(p, fref, dx, dw, dz, splits);
    forward_version<Tf32Core<128, 32, 32, 16>>(p, fref, dx, dw, dz, splits);
    forward_version<Tf32Core<128, 64, 32, 32>>(p, fref, dx, dw, dz, splits);
    forward_version<Tf32Core<128, 128, 64, 32>>(p, fref, dx, dw, dz, splits);
    backward_version<SimtCore<float, 32, 128, 4, 8>>(p, bref, dx, ds, dg, drow_sample, dgp, splits);
    backward_version<SimtCore<float, 64, 128, 4, 8>>(p, bref, dx, ds, dg, drow_sample, dgp, splits);
    backward_version<SimtCore<float, 128, 128, 8, 8>>(p, bref, dx, ds, dg, drow_sample, dgp, splits);
    backward_version<Tf32Core<32, 128, 16, 32>>(p, bref, dx, ds, dg, drow_sample, dgp, splits);
    backward_version<Tf32Core<64, 128, 32, 32>>(p, bref, dx, ds, dg, drow_sample, dgp, splits);
    backward_version<Tf32Core<128, 128, 64, 32>>(p, bref, dx, ds, dg, drow_sample, dgp, splits);
    // Candidates not yet in the plan, to be timed against the above: the next slice's loads
    // issued before the current slice's arithmetic (two shared-memory stages), and the 128 x 128
    // tiles held to two blocks per SM (ptxas gives them 140 to 190 registers a thread, so one
    // 256-thread block fills an SM's registers and nothing hides its memory latency).
    forward_version<SimtCore<float, 128, 64, 8, 4>, 2>(p, fref, dx, dw, dz, splits);
    forward_version<SimtCore<float, 128, 128, 8, 8>, 2>(p, fref, dx, dw, dz, splits);
    forward_version<Tf32Core<128, 128, 64, 32>, 2>(p, fref, dx, dw, dz, splits);
    forward_version<SimtCore<float, 128, 128, 8, 8, 2>>(p, fref, dx, dw, dz, splits);
    forward_version<Tf32Core<128, 128, 64, 32, 2>>(p, fref, dx, dw, dz, splits);
    backward_version<SimtCore<float, 64, 128, 4, 8>, 2>(p, bref, dx, ds, dg, drow_sample, dgp, splits);
    backward_version<SimtCore<float, 128, 128, 8, 8>, 2>(p, bref, dx, ds, dg, drow_sample, dgp, splits);
    backward_version<Tf32Core<128, 128, 64, 32>, 2>(p, bref, dx, ds, dg, drow_sample, dgp, splits);
    backward_version<SimtCore<float, 128, 128, 8, 8, 2>>(p, bref, dx, ds, dg, drow_sample, dgp, splits);
    backward_version<Tf32Core<128, 128, 64, 32, 2>>(p, bref, dx, ds, dg, drow_sample, dgp, splits);
  }
  for (void* ptr : {static_cast<void*>(dx), static_cast<void*>(dw), static_cast<void*>(ds), static_cast<void*>(dz),
                    static_cast<void*>(dgp), static_cast<void*>(dg), static_cast<void*>(drow_sample)})
    CHECK(cudaFree(ptr));
  std::printf("%s\n", failures ? "kernels: FAILED" : "kernels: all ok");
  return failures ? 1 : 0;
}
