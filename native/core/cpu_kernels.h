// The two dense products of a gradient step, as register-blocked CPU kernels:
//   forward   Z[i, j]  = sum_k X[i, k] * Wt[k, j]        (rows x padded neurons)
//   backward  G[j, k]  = sum_i E[i, j] * X[i, k]         (neurons x padded dims)
// Each output element is reduced over k (forward) or over every row in one fixed order
// (backward) by a single task, so results never depend on the thread count.
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

// Z rows [row_begin, row_end) of a packed X (row stride x_stride >= depth) times Wt
// (depth x wt_stride, wt_stride a multiple of tile_columns<T>()), written to Z (stride wt_stride).
template <typename T>
void forward_rows(const T* x, size_t x_stride, size_t row_begin, size_t row_end, int depth, const T* wt,
                  int wt_stride, T* z);

// G rows [j_begin, j_end) x columns [k_begin, k_end) (k range a multiple of tile_columns<T>())
// from E (rows x e_stride) and packed X (rows x x_stride). Overwrites that block of G.
template <typename T>
void backward_block(const T* e, int e_stride, const T* x, size_t x_stride, size_t rows, int j_begin, int j_end,
                    int k_begin, int k_end, T* g, size_t g_stride);

}  // namespace modcomp
