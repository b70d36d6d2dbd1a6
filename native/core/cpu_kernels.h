// The two dense products of a gradient step, as register-blocked CPU kernels:
//   forward   Z[i, j]  = sum_k X[i, k] * Wt[k, j]        (rows x padded neurons)
//   backward  G[j, k]  = sum_i E[i, j] * X[i, k]         (neurons x padded dims)
// Each output element is reduced over k (forward) or over every row in one fixed order
// (backward) by a single task, so results never depend on the thread count.
//
// Long reductions run in passes (blocks of panels forward, chunks of rows backward) so that the
// operand a pass re-reads stays in cache; between passes a tile's partial sums are stored in the
// output and reloaded exactly, so passes change no bit of the result, only the memory traffic.
//
// Vectors are GCC/Clang vector extensions: portable C++ that compiles to AVX2/FMA, AVX-512 or
// NEON as the build target allows.
#pragma once

#include <cstddef>

namespace modcomp {

template <typename T>
struct Vec;

template <>
struct Vec<float> {
  typedef float type __attribute__((vector_size(32)));
  static constexpr int width = 8;
};

template <>
struct Vec<double> {
  typedef double type __attribute__((vector_size(32)));
  static constexpr int width = 4;
};

// Rows of the micro-tile and vectors per row; a tile holds kTileRows * kTileVectors
// accumulators, which fit the 16 vector registers of AVX2 with room for the operands.
constexpr int kTileRows = 6;
constexpr int kTileVectors = 2;

// Padded widths: neuron and dimension counts are rounded up to whole tile columns so the
// kernels never need a scalar tail.
template <typename T>
constexpr int tile_columns() {
  return Vec<T>::width * kTileVectors;
}

inline int round_up(int value, int multiple) { return (value + multiple - 1) / multiple * multiple; }

// Forward pass depth: as many panels as keep the pass's rows of Wt (panels x C rows, all
// neurons) within this many bytes, half of a 512 KiB L2, beside a task's rows of Z. Without
// passes, all of Wt (4 MiB at d = 2048, m = 512) was streamed from L3 for every kTileRows rows.
// (On the 2-core bench machine 128 KiB to 512 KiB measured alike; 1 MiB and more were slower.)
constexpr size_t kForwardWtBlockBytes = 256 * 1024;

// Backward pass length: as many rows as keep the pass's rows of the task's X panels within this
// many bytes (256 rows for 16 panels of float), so they stay in L2 while every neuron group goes
// by, and that group's rows of E in L1. Without passes, every panel re-read all of E (m x rows,
// 235 MiB in the large bench case) from memory.
constexpr size_t kBackwardXBlockBytes = 256 * 1024;

// Panels per backward task, at most: more panels per task re-read E fewer times; fewer make
// more tasks for many threads (the caller picks within this bound).
constexpr int kBackwardPanelsPerTask = 16;

// X is stored in column panels: panel p holds dims [p*C, (p+1)*C) of every row, row after row
// (C = tile_columns<T>()), so both products stream memory contiguously:
//   x_panels[p * rows * C + i * C + c] = X[i, p*C + c]
// Wt (panels*C x z_stride, zero past the true depth and past m) is stored in column tiles of C
// neurons, each tile's rows contiguous, so a micro-tile reads its operand sequentially:
//   wt_tiles[(t * panels * C + k) * C + c] = Wt[k, t*C + c]
// Z rows [row_begin, row_end) = X times Wt, written to Z (stride z_stride, a multiple of C).
template <typename T>
void forward_rows(const T* x_panels, size_t rows, int panels, size_t row_begin, size_t row_end, const T* wt_tiles,
                  int z_stride, T* z);

// The smoothed ReLU with an integer power, in vector form (see smooth_relu.h for the formula).
template <typename T>
struct VectorActivation {
  T rho, inv_rho, scale;  // scale = rho / q
  int power;              // q - 1, an integer in [0, 7]
  bool odd;               // odd head: act(z) - act(-z)
  const T* signs;         // a_j per padded neuron column, 0 past m
};

// For rows [row_begin, row_end) of Z (stride z_stride, a multiple of tile_columns<T>()): writes
// act'(z) to `slope` (same layout) and sum_j a_j act(z_j) to row_sums[row - row_begin]. Lanes are
// summed in a fixed order, so the result does not depend on threads.
template <typename T>
void activate_rows(const T* z, T* slope, size_t row_begin, size_t row_end, int z_stride, const VectorActivation<T>& act,
                   double* row_sums);

// G (m x panels [panel_begin, panel_end) of dims) from E and X panels; overwrites that block of
// G (row stride g_stride). E is stored in neuron groups of kTileRows, so the reduction over rows
// streams it:
//   e_groups[(group * rows + i) * kTileRows + r] = E[i, group * kTileRows + r]   (0 past m)
template <typename T>
void backward_panels(const T* e_groups, const T* x_panels, size_t rows, int panel_begin, int panel_end, int m, T* g,
                     size_t g_stride);

}  // namespace modcomp
