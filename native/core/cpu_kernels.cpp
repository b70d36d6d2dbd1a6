#include "cpu_kernels.h"

#include <algorithm>
#include <cstring>

namespace modcomp {
namespace {

template <typename T>
using V = typename Vec<T>::type;

static_assert(kTileRows == 6, "backward_panels dispatches neuron groups of 6 by a switch");

template <typename T>
inline V<T> load(const T* p) {
  V<T> v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

template <typename T>
inline void store(T* p, const V<T>& v) {
  std::memcpy(p, &v, sizeof v);
}

// Starts a tile's accumulators at zero, or at the partial sums a previous pass stored at `out`.
// Stored partial sums are exact, so splitting a reduction into passes leaves every output bit
// unchanged: each element is still summed in one order, by one task.
template <typename T, int ROWS>
inline void start_tile(V<T> (&acc)[ROWS][kTileVectors], bool resume, const T* out, size_t stride) {
  constexpr int W = Vec<T>::width;
  for (int r = 0; r < ROWS; ++r)
    for (int c = 0; c < kTileVectors; ++c)
      acc[r][c] = resume ? load<T>(out + static_cast<size_t>(r) * stride + c * W) : V<T>{};
}

template <typename T, int ROWS>
inline void store_tile(const V<T> (&acc)[ROWS][kTileVectors], T* out, size_t stride) {
  constexpr int W = Vec<T>::width;
  for (int r = 0; r < ROWS; ++r)
    for (int c = 0; c < kTileVectors; ++c) store<T>(out + static_cast<size_t>(r) * stride + c * W, acc[r][c]);
}

// One forward micro-tile: ROWS rows x C neurons (column tile `tile`), over panels
// [p_begin, p_end) of the reduction.
template <typename T, int ROWS>
inline void forward_tile(const T* x_panels, size_t rows, int panels, int p_begin, int p_end, size_t first_row,
                         const T* wt_tiles, int z_stride, int tile, T* z) {
  constexpr int W = Vec<T>::width, C = tile_columns<T>();
  T* out = z + first_row * static_cast<size_t>(z_stride) + static_cast<size_t>(tile) * C;
  V<T> acc[ROWS][kTileVectors];
  start_tile<T, ROWS>(acc, p_begin > 0, out, z_stride);
  const T* b = wt_tiles + (static_cast<size_t>(tile) * panels + p_begin) * C * C;
  for (int p = p_begin; p < p_end; ++p) {
    const T* a = x_panels + (static_cast<size_t>(p) * rows + first_row) * C;
    for (int c = 0; c < C; ++c, b += C) {
      const V<T> b0 = load<T>(b), b1 = load<T>(b + W);
      for (int r = 0; r < ROWS; ++r) {
        const T x = a[r * C + c];
        acc[r][0] += b0 * x;
        acc[r][1] += b1 * x;
      }
    }
  }
  store_tile<T, ROWS>(acc, out, z_stride);
}

// kTileRows (or fewer) rows from first_row, every column tile, over one block of panels.
template <typename T, int ROWS>
void forward_group(const T* x_panels, size_t rows, int panels, int p_begin, int p_end, size_t first_row,
                   const T* wt_tiles, int z_stride, T* z) {
  for (int tile = 0; tile < z_stride / tile_columns<T>(); ++tile)
    forward_tile<T, ROWS>(x_panels, rows, panels, p_begin, p_end, first_row, wt_tiles, z_stride, tile, z);
}

// One backward micro-tile: ROWS neurons (j..j+ROWS) x one panel of dims, over `rows` rows; `e`
// is that neuron group's block of E from the first of those rows (kTileRows values per row).
// `resume` continues the partial sums a previous pass stored in G.
template <typename T, int ROWS>
inline void backward_tile(const T* e, const T* panel, size_t rows, bool resume, int j, T* g, size_t g_stride) {
  constexpr int W = Vec<T>::width, C = tile_columns<T>();
  T* out = g + static_cast<size_t>(j) * g_stride;
  V<T> acc[ROWS][kTileVectors];
  start_tile<T, ROWS>(acc, resume, out, g_stride);
  const T* xr = panel;
  const T* er = e;
  for (size_t i = 0; i < rows; ++i, xr += C, er += kTileRows) {
    const V<T> b0 = load<T>(xr), b1 = load<T>(xr + W);
    for (int r = 0; r < ROWS; ++r) {
      const T a = er[r];
      acc[r][0] += b0 * a;
      acc[r][1] += b1 * a;
    }
  }
  store_tile<T, ROWS>(acc, out, g_stride);
}

template <typename T>
inline V<T> splat(T x) {
  return V<T>{} + x;
}

// One side of the smoothed ReLU on a vector: value and slope.
template <typename T>
inline void one_sided(const V<T>& z, const VectorActivation<T>& act, V<T>& value, V<T>& slope) {
  const V<T> zero{}, one = splat<T>(1), rho = splat(act.rho);
  const V<T> clamped = z < zero ? zero : (z > rho ? rho : z);
  const V<T> t = clamped * act.inv_rho;
  V<T> tq1 = one;
  for (int i = 0; i < act.power; ++i) tq1 *= t;
  tq1 = z > zero ? tq1 : zero;  // q = 1: the slope is 0, not 1, below zero
  const V<T> above = z - rho;
  value = act.scale * tq1 * t + (above > zero ? above : zero);
  slope = z >= rho ? one : tq1;
}

}  // namespace

template <typename T>
void activate_rows(const T* z, T* slope, size_t row_begin, size_t row_end, int z_stride, const VectorActivation<T>& act,
                   double* row_sums) {
  constexpr int W = Vec<T>::width;
  for (size_t row = row_begin; row < row_end; ++row) {
    const T* zr = z + row * static_cast<size_t>(z_stride);
    T* sr = slope + row * static_cast<size_t>(z_stride);
    V<T> sum{};
    for (int j = 0; j < z_stride; j += W) {
      const V<T> zv = load<T>(zr + j);
      V<T> value, sl;
      one_sided<T>(zv, act, value, sl);
      if (act.odd) {
        V<T> value_neg, slope_neg;
        one_sided<T>(-zv, act, value_neg, slope_neg);
        value -= value_neg;
        sl += slope_neg;
      }
      store<T>(sr + j, sl);
      sum += load<T>(act.signs + j) * value;
    }
    double total = 0;
    for (int lane = 0; lane < W; ++lane) total += static_cast<double>(sum[lane]);
    row_sums[row - row_begin] = total;
  }
}

template <typename T>
void forward_rows(const T* x_panels, size_t rows, int panels, size_t row_begin, size_t row_end, const T* wt_tiles,
                  int z_stride, T* z) {
  constexpr size_t C = tile_columns<T>();
  const int block = static_cast<int>(std::max<size_t>(1, kForwardWtBlockBytes / (C * z_stride * sizeof(T))));
  for (int p_begin = 0; p_begin < panels; p_begin += block) {
    const int p_end = std::min(panels, p_begin + block);
    size_t row = row_begin;
    for (; row + kTileRows <= row_end; row += kTileRows)
      forward_group<T, kTileRows>(x_panels, rows, panels, p_begin, p_end, row, wt_tiles, z_stride, z);
    switch (row_end - row) {
      case 5:
        forward_group<T, 5>(x_panels, rows, panels, p_begin, p_end, row, wt_tiles, z_stride, z);
        break;
      case 4:
        forward_group<T, 4>(x_panels, rows, panels, p_begin, p_end, row, wt_tiles, z_stride, z);
        break;
      case 3:
        forward_group<T, 3>(x_panels, rows, panels, p_begin, p_end, row, wt_tiles, z_stride, z);
        break;
      case 2:
        forward_group<T, 2>(x_panels, rows, panels, p_begin, p_end, row, wt_tiles, z_stride, z);
        break;
      case 1:
        forward_group<T, 1>(x_panels, rows, panels, p_begin, p_end, row, wt_tiles, z_stride, z);
        break;
      default:
        break;
    }
  }
}

template <typename T>
void backward_panels(const T* e_groups, const T* x_panels, size_t rows, int panel_begin, int panel_end, int m, T* g,
                     size_t g_stride) {
  constexpr int C = tile_columns<T>();
  const size_t chunk = std::max<size_t>(1, kBackwardXBlockBytes / ((panel_end - panel_begin) * C * sizeof(T)));
  // `|| i0 == 0`: with no rows at all, one empty pass still writes the zero gradient.
  for (size_t i0 = 0; i0 < rows || i0 == 0; i0 += chunk) {
    const size_t count = std::min(chunk, rows - i0);
    const bool resume = i0 > 0;
    for (int j = 0; j < m; j += kTileRows) {
      const T* e = e_groups + (static_cast<size_t>(j / kTileRows) * rows + i0) * kTileRows;
      for (int panel = panel_begin; panel < panel_end; ++panel) {
        const T* xp = x_panels + (static_cast<size_t>(panel) * rows + i0) * C;
        T* gp = g + static_cast<size_t>(panel) * C;
        switch (std::min(kTileRows, m - j)) {
          case 6:
            backward_tile<T, 6>(e, xp, count, resume, j, gp, g_stride);
            break;
          case 5:
            backward_tile<T, 5>(e, xp, count, resume, j, gp, g_stride);
            break;
          case 4:
            backward_tile<T, 4>(e, xp, count, resume, j, gp, g_stride);
            break;
          case 3:
            backward_tile<T, 3>(e, xp, count, resume, j, gp, g_stride);
            break;
          case 2:
            backward_tile<T, 2>(e, xp, count, resume, j, gp, g_stride);
            break;
          case 1:
            backward_tile<T, 1>(e, xp, count, resume, j, gp, g_stride);
            break;
          default:
            break;
        }
      }
    }
  }
}

template void activate_rows<float>(const float*, float*, size_t, size_t, int, const VectorActivation<float>&, double*);
template void activate_rows<double>(const double*, double*, size_t, size_t, int, const VectorActivation<double>&,
                                    double*);
template void forward_rows<float>(const float*, size_t, int, size_t, size_t, const float*, int, float*);
template void forward_rows<double>(const double*, size_t, int, size_t, size_t, const double*, int, double*);
template void backward_panels<float>(const float*, const float*, size_t, int, int, int, float*, size_t);
template void backward_panels<double>(const double*, const double*, size_t, int, int, int, double*, size_t);

}  // namespace modcomp
