#include "cpu_kernels.h"

#include <cstring>

namespace modcomp {
namespace {

template <typename T>
using V = typename Vec<T>::type;

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

// One forward micro-tile: ROWS rows x (kTileVectors * width) neurons starting at column j.
template <typename T, int ROWS>
inline void forward_tile(const T* x_panels, size_t rows, int panels, size_t first_row, const T* wt, int wt_stride,
                         int j, T* z) {
  constexpr int W = Vec<T>::width, C = tile_columns<T>();
  V<T> acc[ROWS][kTileVectors];
  for (int r = 0; r < ROWS; ++r)
    for (int c = 0; c < kTileVectors; ++c) acc[r][c] = V<T>{};
  const T* b = wt + j;
  for (int p = 0; p < panels; ++p) {
    const T* a = x_panels + (static_cast<size_t>(p) * rows + first_row) * C;
    for (int c = 0; c < C; ++c, b += wt_stride) {
      const V<T> b0 = load<T>(b), b1 = load<T>(b + W);
      for (int r = 0; r < ROWS; ++r) {
        const T x = a[r * C + c];
        acc[r][0] += b0 * x;
        acc[r][1] += b1 * x;
      }
    }
  }
  for (int r = 0; r < ROWS; ++r) {
    T* out = z + (first_row + r) * static_cast<size_t>(wt_stride) + j;
    store<T>(out, acc[r][0]);
    store<T>(out + W, acc[r][1]);
  }
}

template <typename T, int ROWS>
void forward_group(const T* x_panels, size_t rows, int panels, size_t first_row, const T* wt, int wt_stride, T* z) {
  for (int j = 0; j < wt_stride; j += tile_columns<T>())
    forward_tile<T, ROWS>(x_panels, rows, panels, first_row, wt, wt_stride, j, z);
}

// One backward micro-tile: ROWS neurons (j..j+ROWS) x one panel of dims; `e` is that neuron
// group's block of E (kTileRows values per row, row after row).
template <typename T, int ROWS>
inline void backward_tile(const T* e, const T* panel, size_t rows, int j, T* g, size_t g_stride) {
  constexpr int W = Vec<T>::width, C = tile_columns<T>();
  V<T> acc[ROWS][kTileVectors];
  for (int r = 0; r < ROWS; ++r)
    for (int c = 0; c < kTileVectors; ++c) acc[r][c] = V<T>{};
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
  for (int r = 0; r < ROWS; ++r) {
    store<T>(g + static_cast<size_t>(j + r) * g_stride, acc[r][0]);
    store<T>(g + static_cast<size_t>(j + r) * g_stride + W, acc[r][1]);
  }
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
void activate_rows(const T* z, T* slope, size_t row_begin, size_t row_end, int z_stride,
                   const VectorActivation<T>& act, double* row_sums) {
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
void forward_rows(const T* x_panels, size_t rows, int panels, size_t row_begin, size_t row_end, const T* wt,
                  int wt_stride, T* z) {
  size_t row = row_begin;
  for (; row + kTileRows <= row_end; row += kTileRows)
    forward_group<T, kTileRows>(x_panels, rows, panels, row, wt, wt_stride, z);
  switch (row_end - row) {
    case 5: forward_group<T, 5>(x_panels, rows, panels, row, wt, wt_stride, z); break;
    case 4: forward_group<T, 4>(x_panels, rows, panels, row, wt, wt_stride, z); break;
    case 3: forward_group<T, 3>(x_panels, rows, panels, row, wt, wt_stride, z); break;
    case 2: forward_group<T, 2>(x_panels, rows, panels, row, wt, wt_stride, z); break;
    case 1: forward_group<T, 1>(x_panels, rows, panels, row, wt, wt_stride, z); break;
    default: break;
  }
}

template <typename T>
void backward_panel(const T* e_groups, const T* x_panels, size_t rows, int panel, int m, T* g, size_t g_stride) {
  const T* xp = x_panels + static_cast<size_t>(panel) * rows * tile_columns<T>();
  T* gp = g + static_cast<size_t>(panel) * tile_columns<T>();
  auto group = [&](int j) { return e_groups + static_cast<size_t>(j / kTileRows) * rows * kTileRows; };
  int j = 0;
  for (; j + kTileRows <= m; j += kTileRows) backward_tile<T, kTileRows>(group(j), xp, rows, j, gp, g_stride);
  switch (m - j) {
    case 5: backward_tile<T, 5>(group(j), xp, rows, j, gp, g_stride); break;
    case 4: backward_tile<T, 4>(group(j), xp, rows, j, gp, g_stride); break;
    case 3: backward_tile<T, 3>(group(j), xp, rows, j, gp, g_stride); break;
    case 2: backward_tile<T, 2>(group(j), xp, rows, j, gp, g_stride); break;
    case 1: backward_tile<T, 1>(group(j), xp, rows, j, gp, g_stride); break;
    default: break;
  }
}

template void activate_rows<float>(const float*, float*, size_t, size_t, int, const VectorActivation<float>&,
                                   double*);
template void activate_rows<double>(const double*, double*, size_t, size_t, int, const VectorActivation<double>&,
                                    double*);
template void forward_rows<float>(const float*, size_t, int, size_t, size_t, const float*, int, float*);
template void forward_rows<double>(const double*, size_t, int, size_t, size_t, const double*, int, double*);
template void backward_panel<float>(const float*, const float*, size_t, int, int, float*, size_t);
template void backward_panel<double>(const double*, const double*, size_t, int, int, double*, size_t);

}  // namespace modcomp
