#include "encoder_state.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "philox.h"

namespace modcomp {
namespace {

// Rows per forward task. Each output element is reduced whole by one task in any case, so the
// split of work never changes a rounding; this size keeps a task's rows of Z in L2.
constexpr size_t kRowsPerTask = 96;

}  // namespace

std::vector<double> head_signs(const ModelSpec& model) {
  std::vector<double> signs(static_cast<size_t>(model.m), 1.0);
  if (model.head == Head::TwoClass)
    for (int j = model.m / 2; j < model.m; ++j) signs[j] = -1.0;
  return signs;
}

template <typename T>
void EncoderState<T>::init(const std::vector<T>& w0, const PackedData<T>& data, int r, int m) {
  (void)r;
  m_ = m;
  d_ = data.d;
  stride_ = data.stride;
  mp_ = round_up(m, tile_columns<T>());
  w_.assign(static_cast<size_t>(m) * stride_, T(0));
  for (int j = 0; j < m; ++j) std::copy_n(w0.data() + static_cast<size_t>(j) * d_, d_, w_.data() + j * stride_);
  wt_.assign(static_cast<size_t>(stride_) * mp_, T(0));  // entries past d and past m stay zero
  g_.assign(static_cast<size_t>(m) * stride_, T(0));
  u_.assign(static_cast<size_t>(m), 0.0);
}

template <typename T>
void EncoderState<T>::refresh_projections(const std::vector<T>& v, Parallel& par) {
  // One task per column tile of C neurons: its <w_j, v> (each summed in k order, as before) and
  // its tile of Wt (tile t holds neurons [t*C, t*C + C), row k after row k; see forward_rows).
  // Run serially this was a few percent of a paper-single step with the other thread idle.
  constexpr int C = tile_columns<T>();
  const size_t tiles = static_cast<size_t>((m_ + C - 1) / C);
  par.run(tiles, [&](size_t tile) {
    const int j_begin = static_cast<int>(tile) * C, j_end = std::min(m_, j_begin + C);
    T* tile_rows = wt_.data() + tile * static_cast<size_t>(stride_) * C;
    for (int j = j_begin; j < j_end; ++j) {
      const T* w = w_.data() + static_cast<size_t>(j) * stride_;
      T* column = tile_rows + (j - j_begin);
      for (int k = 0; k < d_; ++k) column[static_cast<size_t>(k) * C] = w[k];
    }
    // <w_j, v> from the transposed tile, the C neurons side by side: each neuron's sum is still
    // one chain of fused multiply-adds in k order (so the same bits as summing its row alone),
    // but C chains advance together instead of one chain's latency per neuron.
    double dot[C] = {};
    for (int k = 0; k < d_; ++k) {
      const T* row = tile_rows + static_cast<size_t>(k) * C;
      const double vk = v[k];
      for (int c = 0; c < C; ++c) dot[c] = std::fma(static_cast<double>(row[c]), vk, dot[c]);
    }
    for (int j = j_begin; j < j_end; ++j) u_[j] = dot[j - j_begin];
  });
}

template <typename T>
void EncoderState<T>::forward_pure_rows(const PackedSplit<T>& split, const SmoothRelu<T>& act,
                                        const std::vector<double>& signs, size_t begin, size_t end,
                                        PassBuffers& buf) const {
  // A pure row's activations depend only on its coefficient s, and synthetic data has two
  // (+alpha and -alpha), so each task evaluates a coefficient once and copies it for the rows
  // that repeat it: the same bits, a fraction of the work.
  struct Evaluated {
    T s;
    size_t first;  // a row of this task that holds its slopes
    double sum;
  };
  Evaluated seen[4];
  int seen_count = 0;
  for (size_t i = begin; i < end; ++i) {
    const uint32_t row = split.pureRow[i];
    const T coefficient = split.signal[row];
    T* slope = buf.pure_slope.data() + i * m_;
    const Evaluated* hit = nullptr;
    for (int e = 0; e < seen_count && !hit; ++e)
      if (std::memcmp(&seen[e].s, &coefficient, sizeof(T)) == 0) hit = &seen[e];
    if (hit) {
      std::copy_n(buf.pure_slope.data() + hit->first * m_, m_, slope);
      buf.row_act[row] = hit->sum;
      continue;
    }
    const double s = coefficient;
    double sum = 0;
    for (int j = 0; j < m_; ++j) {
      T value, sl;
      act.eval(static_cast<T>(s * u_[j]), value, sl);
      slope[j] = sl;
      sum += signs[j] * static_cast<double>(value);
    }
    buf.row_act[row] = sum;
    if (seen_count < 4) seen[seen_count++] = {coefficient, i, sum};
  }
}

template <typename T>
void EncoderState<T>::forward(const PackedSplit<T>& split, const std::vector<T>& v, const SmoothRelu<T>& act,
                              const std::vector<double>& signs, double head_scale, int P, bool is_train,
                              Parallel& par) {
  refresh_projections(v, par);
  PassBuffers& buf = is_train ? train_ : test_;
  if (is_train) train_split_ = &split;
  const size_t dense = split.denseRow.size(), pure = split.pureRow.size();
  buf.z.resize(dense * mp_);
  buf.slope.resize(dense * mp_, T(0));
  buf.pure_slope.resize(pure * static_cast<size_t>(m_));
  buf.row_act.assign(split.rows, 0.0);
  const size_t tasks = (dense + kRowsPerTask - 1) / kRowsPerTask;
  VectorActivation<T> vector_act{};
  const bool vectorised =
      act.vector_parameters(vector_act.rho, vector_act.inv_rho, vector_act.scale, vector_act.power, vector_act.odd);
  if (vectorised) {
    if (padded_signs_.size() != static_cast<size_t>(mp_)) {
      padded_signs_.assign(static_cast<size_t>(mp_), T(0));
      for (int j = 0; j < m_; ++j) padded_signs_[j] = static_cast<T>(signs[j]);
    }
    vector_act.signs = padded_signs_.data();
  }
  // Dense row tasks first, then the pure signal rows' tasks, in one parallel run (one wake-up of
  // the pool instead of two, and the pure rows no longer run on one thread alone).
  const size_t pure_tasks = (pure + kRowsPerTask - 1) / kRowsPerTask;
  par.run(tasks + pure_tasks, [&](size_t task) {
    if (task >= tasks) {
      const size_t begin = (task - tasks) * kRowsPerTask, end = std::min(pure, begin + kRowsPerTask);
      forward_pure_rows(split, act, signs, begin, end, buf);
      return;
    }
    const size_t begin = task * kRowsPerTask, end = std::min(dense, begin + kRowsPerTask);
    forward_rows<T>(split.dense.data(), dense, stride_ / tile_columns<T>(), begin, end, wt_.data(), mp_, buf.z.data());
    if (vectorised) {
      double sums[kRowsPerTask];
      activate_rows<T>(buf.z.data(), buf.slope.data(), begin, end, mp_, vector_act, sums);
      for (size_t i = begin; i < end; ++i) buf.row_act[split.denseRow[i]] = sums[i - begin];
      return;
    }
    // Non-integer q: the scalar form, summed in double in neuron order.
    for (size_t i = begin; i < end; ++i) {
      const T* z = buf.z.data() + i * mp_;
      T* slope = buf.slope.data() + i * mp_;
      double sum = 0;
      for (int j = 0; j < m_; ++j) {
        T value;
        act.eval(z[j], value, slope[j]);
        sum += signs[j] * static_cast<double>(value);
      }
      buf.row_act[split.denseRow[i]] = sum;
    }
  });
  const size_t samples = split.rows / static_cast<size_t>(P);
  buf.sample_out.assign(samples, 0.0);
  for (size_t i = 0; i < samples; ++i) {
    double total = 0;
    for (int p = 0; p < P; ++p) total += buf.row_act[i * P + p];
    buf.sample_out[i] = head_scale * total;
  }
  last_ = &buf;
}

template <typename T>
void EncoderState<T>::backward(const PackedSplit<T>& split, const std::vector<T>& v, const std::vector<double>& g,
                               int P, Parallel& par) {
  PassBuffers& buf = train_;
  const size_t dense = split.denseRow.size(), pure = split.pureRow.size();
  // E = g * slope, written in neuron groups (see cpu_kernels.h) so the backward reduction reads
  // it contiguously instead of one cache line per row.
  const int groups = (m_ + kTileRows - 1) / kTileRows;
  const size_t needed = static_cast<size_t>(groups) * dense * kTileRows;
  if (buf.e.size() != needed) buf.e.assign(needed, T(0));  // slots past m stay zero
  const size_t row_tasks = (dense + kRowsPerTask - 1) / kRowsPerTask;
  par.run(row_tasks, [&](size_t task) {
    const size_t begin = task * kRowsPerTask, end = std::min(dense, begin + kRowsPerTask);
    for (size_t i = begin; i < end; ++i) {
      const T gi = static_cast<T>(g[split.denseRow[i] / P]);
      const T* slope = buf.slope.data() + i * mp_;
      for (int group = 0; group < groups; ++group) {
        T* dst = buf.e.data() + (static_cast<size_t>(group) * dense + i) * kTileRows;
        const int j0 = group * kTileRows, count = std::min(kTileRows, m_ - j0);
        for (int r = 0; r < count; ++r) dst[r] = gi * slope[j0 + r];
      }
    }
  });
  // Each task reads all of E once, so tasks take as many panels as still leaves four tasks a
  // thread (so a thread slowed by a busy neighbour is caught up by the others), up to
  // kBackwardPanelsPerTask. The grouping changes no result.
  const int panels = stride_ / tile_columns<T>();
  const int per_task = std::clamp(panels / (4 * par.threads()), 1, kBackwardPanelsPerTask);
  const size_t panel_tasks = static_cast<size_t>((panels + per_task - 1) / per_task);
  par.run(panel_tasks, [&](size_t task) {
    const int begin = static_cast<int>(task) * per_task, end = std::min(panels, begin + per_task);
    backward_panels<T>(buf.e.data(), split.dense.data(), dense, begin, end, m_, g_.data(),
                       static_cast<size_t>(stride_));
  });
  if (pure == 0) return;
  // Pure signal rows are s * v: their whole contribution is (sum_i e_ij s_i) v for neuron j.
  // One task per column tile of neurons; each h_j is still summed over the pure rows in order.
  constexpr int C = tile_columns<T>();
  const size_t tiles = static_cast<size_t>((m_ + C - 1) / C);
  par.run(tiles, [&](size_t tile) {
    const int j_begin = static_cast<int>(tile) * C, j_end = std::min(m_, j_begin + C);
    double h[C] = {};
    for (size_t i = 0; i < pure; ++i) {
      const uint32_t row = split.pureRow[i];
      const T* slope = buf.pure_slope.data() + i * m_;
      for (int j = j_begin; j < j_end; ++j)
        h[j - j_begin] += g[row / P] * static_cast<double>(slope[j]) * static_cast<double>(split.signal[row]);
    }
    for (int j = j_begin; j < j_end; ++j) {
      T* gj = g_.data() + static_cast<size_t>(j) * stride_;
      for (int k = 0; k < d_; ++k) gj[k] += static_cast<T>(h[j - j_begin] * static_cast<double>(v[k]));
    }
  });
}

template <typename T>
void EncoderState<T>::apply_update(double eta, double grad_scale, double weight_decay, const std::vector<double>& signs,
                                   double head_scale, Parallel& par) {
  const size_t tasks = static_cast<size_t>(m_);
  par.run(tasks, [&](size_t j) {
    const T step = static_cast<T>(eta * grad_scale * head_scale * signs[j]);
    const T decay = static_cast<T>(eta * weight_decay);
    T* w = w_.data() + j * stride_;
    const T* gj = g_.data() + j * stride_;
    if (weight_decay > 0)
      for (int k = 0; k < d_; ++k) w[k] -= step * gj[k] + decay * w[k];
    else
      for (int k = 0; k < d_; ++k) w[k] -= step * gj[k];
  });
}

template <typename T>
double EncoderState<T>::gradient_spread(const std::vector<double>& signs, double head_scale) const {
  double sum = 0, sum2 = 0;
  for (int j = 0; j < m_; ++j)
    for (int k = 0; k < d_; ++k) {
      const double x = head_scale * signs[j] * static_cast<double>(g_[static_cast<size_t>(j) * stride_ + k]);
      sum += x;
      sum2 += x * x;
    }
  const double count = static_cast<double>(m_) * d_;
  if (count < 2) return 0;
  // torch.std's unbiased form, which OGM-GE's code uses.
  return std::sqrt(std::fmax(0.0, (sum2 - sum * sum / count) / (count - 1)));
}

template <typename T>
void EncoderState<T>::apply_noise(double eta, double spread, uint64_t seed, int r, int64_t step, Parallel& par) {
  const CounterRng rng(seed);
  const uint32_t stream = stream_id(Purpose::GradientNoise, Split::Train, static_cast<uint32_t>(r));
  const uint64_t base = static_cast<uint64_t>(step) * static_cast<uint64_t>(m_) * static_cast<uint64_t>(d_);
  par.run(static_cast<size_t>(m_), [&](size_t j) {
    T* w = w_.data() + j * stride_;
    for (int k = 0; k < d_; ++k)
      w[k] -= static_cast<T>(eta * spread * rng.normal(stream, base + j * static_cast<uint64_t>(d_) + k));
  });
}

template <typename T>
std::vector<double> EncoderState<T>::true_gradient(const std::vector<double>& signs, double head_scale) const {
  std::vector<double> out(static_cast<size_t>(m_) * d_);
  for (int j = 0; j < m_; ++j)
    for (int k = 0; k < d_; ++k)
      out[static_cast<size_t>(j) * d_ + k] = head_scale * signs[j] * static_cast<double>(g_[j * stride_ + k]);
  return out;
}

template <typename T>
double EncoderState<T>::gradient_norm(double head_scale) const {
  double sum = 0;
  for (int j = 0; j < m_; ++j)
    for (int k = 0; k < d_; ++k) {
      const double x = g_[static_cast<size_t>(j) * stride_ + k];
      sum += x * x;
    }
  return head_scale * std::sqrt(sum);
}

template <typename T>
void EncoderState<T>::gamma_parts(const std::vector<double>& signs, double& plus, double& minus) const {
  plus = -HUGE_VAL;
  minus = -HUGE_VAL;
  bool any_negative = false;
  for (int j = 0; j < m_; ++j) {
    if (signs[j] > 0) {
      plus = std::fmax(plus, u_[j]);
    } else {
      any_negative = true;
      minus = std::fmax(minus, -u_[j]);
    }
  }
  // Odd head: one neuron answers both classes, so both parts are its alignment with +v.
  if (!any_negative) minus = plus;
}

template <typename T>
double EncoderState<T>::noise_memorisation(const PackedSplit<T>& train) const {
  // xi = x - s v, so <w_j, xi> = z_j - s <w_j, v>; pure signal rows have xi = 0.
  double best = 0;
  for (size_t i = 0; i < train.denseRow.size(); ++i) {
    const double s = train.signal[train.denseRow[i]];
    const T* z = train_.z.data() + i * mp_;
    for (int j = 0; j < m_; ++j) best = std::fmax(best, std::fabs(static_cast<double>(z[j]) - s * u_[j]));
  }
  return best;
}

template <typename T>
std::vector<double> EncoderState<T>::weights_unpadded() const {
  std::vector<double> out(static_cast<size_t>(m_) * d_);
  for (int j = 0; j < m_; ++j)
    for (int k = 0; k < d_; ++k) out[static_cast<size_t>(j) * d_ + k] = w_[static_cast<size_t>(j) * stride_ + k];
  return out;
}

template class EncoderState<float>;
template class EncoderState<double>;

}  // namespace modcomp
