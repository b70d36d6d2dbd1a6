// Checks the CPU product kernels bit for bit against plain loops that sum in the same order.
// The kernels split long reductions into passes (cpu_kernels.h) and store partial sums between
// them; that must change no bit of the result, and the engine's other tests use shapes too small
// to need a second pass. So the shapes here force several passes each way, with every tail: rows
// and neurons not multiples of the tile, the last pass short, tasks of one panel and of many,
// and no rows at all. Prints one "ok" line per case; exits 1 on the first mismatch.
//
// The kernels are built with -ffp-contract=fast, so each `acc += a * b` is one fused multiply-add
// wherever the target has FMA; the reference rounds the same way on purpose (multiply_add), since
// a compiler need not contract a scalar loop as it does the vector one.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>

#include "cpu_kernels.h"

namespace {

using modcomp::kTileRows;

template <typename T>
T multiply_add(T a, T b, T acc) {
#if defined(__FMA__) || defined(__ARM_FEATURE_FMA)
  return std::fma(a, b, acc);
#else
  return acc + a * b;
#endif
}
using modcomp::tile_columns;

struct Shape {
  size_t rows;
  int d, m;
};

template <typename T>
struct Operands {
  int C, panels, mp, groups;
  std::vector<T> x_panels, wt_tiles, e_groups;
  std::vector<T> x, w, e;  // plain row-major copies for the reference
};

template <typename T>
Operands<T> make_operands(const Shape& s, unsigned seed) {
  Operands<T> o;
  o.C = tile_columns<T>();
  o.panels = modcomp::round_up(s.d, o.C) / o.C;
  o.mp = modcomp::round_up(s.m, o.C);
  o.groups = (s.m + kTileRows - 1) / kTileRows;
  const int depth = o.panels * o.C;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  o.x.assign(s.rows * depth, T(0));
  o.w.assign(static_cast<size_t>(s.m) * depth, T(0));
  o.e.assign(s.rows * s.m, T(0));
  for (size_t i = 0; i < s.rows; ++i)
    for (int k = 0; k < s.d; ++k) o.x[i * depth + k] = static_cast<T>(u(rng));
  for (int j = 0; j < s.m; ++j)
    for (int k = 0; k < s.d; ++k) o.w[static_cast<size_t>(j) * depth + k] = static_cast<T>(u(rng));
  for (auto& v : o.e) v = static_cast<T>(u(rng));
  // The layouts documented in cpu_kernels.h.
  o.x_panels.assign(o.x.size(), T(0));
  for (size_t i = 0; i < s.rows; ++i)
    for (int k = 0; k < depth; ++k)
      o.x_panels[(static_cast<size_t>(k / o.C) * s.rows + i) * o.C + k % o.C] = o.x[i * depth + k];
  o.wt_tiles.assign(static_cast<size_t>(depth) * o.mp, T(0));
  for (int j = 0; j < s.m; ++j)
    for (int k = 0; k < depth; ++k)
      o.wt_tiles[(static_cast<size_t>(j / o.C) * depth + k) * o.C + j % o.C] = o.w[static_cast<size_t>(j) * depth + k];
  o.e_groups.assign(static_cast<size_t>(o.groups) * s.rows * kTileRows, T(0));
  for (size_t i = 0; i < s.rows; ++i)
    for (int j = 0; j < s.m; ++j)
      o.e_groups[(static_cast<size_t>(j / kTileRows) * s.rows + i) * kTileRows + j % kTileRows] = o.e[i * s.m + j];
  return o;
}

template <typename T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

template <typename T>
bool check_forward(const Shape& s, size_t rows_per_task, const char* name) {
  const Operands<T> o = make_operands<T>(s, 7);
  const int depth = o.panels * o.C;
  std::vector<T> z(s.rows * o.mp, T(-1)), want(s.rows * o.mp, T(0));
  for (size_t begin = 0; begin < s.rows; begin += rows_per_task)
    modcomp::forward_rows<T>(o.x_panels.data(), s.rows, o.panels, begin, std::min(s.rows, begin + rows_per_task),
                             o.wt_tiles.data(), o.mp, z.data());
  for (size_t i = 0; i < s.rows; ++i)
    for (int j = 0; j < s.m; ++j) {
      T acc = 0;
      for (int k = 0; k < depth; ++k)
        acc = multiply_add(o.x[i * depth + k], o.w[static_cast<size_t>(j) * depth + k], acc);
      want[i * o.mp + j] = acc;
    }
  const bool ok = same_bits(z, want);
  std::printf("%s forward %s: rows %zu d %d m %d, %zu rows a task\n", ok ? "ok" : "FAIL", name, s.rows, s.d, s.m,
              rows_per_task);
  return ok;
}

template <typename T>
bool check_backward(const Shape& s, int panels_per_task, const char* name) {
  const Operands<T> o = make_operands<T>(s, 11);
  const int depth = o.panels * o.C;
  std::vector<T> g(static_cast<size_t>(s.m) * depth, T(-1)), want(g.size(), T(0));
  for (int begin = 0; begin < o.panels; begin += panels_per_task)
    modcomp::backward_panels<T>(o.e_groups.data(), o.x_panels.data(), s.rows, begin,
                                std::min(o.panels, begin + panels_per_task), s.m, g.data(), depth);
  for (int j = 0; j < s.m; ++j)
    for (int k = 0; k < depth; ++k) {
      T acc = 0;
      for (size_t i = 0; i < s.rows; ++i) acc = multiply_add(o.x[i * depth + k], o.e[i * s.m + j], acc);
      want[static_cast<size_t>(j) * depth + k] = acc;
    }
  const bool ok = same_bits(g, want);
  std::printf("%s backward %s: rows %zu d %d m %d, %d panels a task\n", ok ? "ok" : "FAIL", name, s.rows, s.d, s.m,
              panels_per_task);
  return ok;
}

template <typename T>
bool check_all(const char* name) {
  // Forward passes hold kForwardWtBlockBytes of Wt: with m = 200 (208 padded columns), a few
  // dozen panels, so d = 1500 takes several passes and a short last one.
  // Backward passes hold kBackwardXBlockBytes of X: 4096 rows for one panel of float, 256 rows
  // for 16 panels, so 9000 and 700 rows take several passes and a short last one.
  bool ok = true;
  ok &= check_forward<T>({301, 1500, 200}, 96, name);
  ok &= check_forward<T>({97, 2100, 37}, 40, name);
  ok &= check_forward<T>({5, 30, 3}, 96, name);
  ok &= check_backward<T>({9000, 40, 13}, 1, name);
  ok &= check_backward<T>({700, 260, 25}, 16, name);
  ok &= check_backward<T>({700, 260, 25}, 5, name);
  ok &= check_backward<T>({0, 50, 7}, 2, name);  // no rows at all: the gradient is zero
  return ok;
}

}  // namespace

int main() {
  const bool ok = check_all<float>("f32") & check_all<double>("f64");
  std::printf(ok ? "all kernel checks passed\n" : "kernel checks FAILED\n");
  return ok ? 0 : 1;
}
