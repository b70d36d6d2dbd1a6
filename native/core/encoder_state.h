// One modality's encoder during training: its weights in the layouts the kernels want, and the
// buffers of its last forward pass (kept per split, so evaluating the test set for a record
// never disturbs the training pass the gradient needs).
#pragma once

#include <cmath>
#include <vector>

#include "cpu_kernels.h"
#include "packed_data.h"
#include "smooth_relu.h"
#include "thread_pool.h"

namespace modcomp {

// Second-layer weights a_j: +1 for the first m/2 neurons and -1 for the rest (two-class head),
// or +1 for all (odd head).
std::vector<double> head_signs(const ModelSpec& model);

template <typename T>
class EncoderState {
 public:
  void init(const std::vector<T>& w0, const PackedData<T>& data, int r, int m);
  bool active() const { return m_ > 0; }

  // Pre-activations, activations and slopes of every row of `split`; sample outputs f_r(X_i).
  void forward(const PackedSplit<T>& split, const std::vector<T>& v, const SmoothRelu<T>& act,
               const std::vector<double>& signs, double head_scale, int P, bool is_train, Parallel& par);
  const std::vector<double>& sample_outputs() const { return last_->sample_out; }

  // G = sum over rows of (dLoss/df_r(X_i) * slope) x_row, before the head's signs and scale.
  void backward(const PackedSplit<T>& split, const std::vector<T>& v, const std::vector<double>& g, int P,
                Parallel& par);
  void apply_update(double eta, double grad_scale, double weight_decay, const std::vector<double>& signs,
                    double head_scale, Parallel& par);

  // Standard deviation of the entries of the true gradient (OGM-GE's noise scale).
  double gradient_spread(const std::vector<double>& signs, double head_scale) const;
  // w -= eta * spread * z, z standard normal draws of (seed, modality r, step, entry): OGM-GE's
  // noise, a pure function of its counters so any thread count gives the same weights.
  void apply_noise(double eta, double spread, uint64_t seed, int r, int64_t step, Parallel& par);
  // The raw gradient buffer, so a metric may run another backward pass and put it back.
  const std::vector<T>& raw_gradient() const { return g_; }
  void restore_gradient(const std::vector<T>& g) { g_ = g; }
  std::vector<double> true_gradient(const std::vector<double>& signs, double head_scale) const;
  double gradient_norm(double head_scale) const;
  void gamma_parts(const std::vector<double>& signs, double& plus, double& minus) const;
  double gamma(const std::vector<double>& signs) const {
    double plus, minus;
    gamma_parts(signs, plus, minus);
    return std::fmin(plus, minus);
  }
  double alignment(int j) const { return u_[static_cast<size_t>(j)]; }
  double noise_memorisation(const PackedSplit<T>& train) const;
  std::vector<double> weights_unpadded() const;

 private:
  struct PassBuffers {
    std::vector<T> z, slope, pure_slope, e;
    std::vector<double> row_act, sample_out;
  };
  void refresh_projections(const std::vector<T>& v, Parallel& par);
  // Activations and slopes of pure signal rows [begin, end) (x = s v, so z_j = s <w_j, v>).
  void forward_pure_rows(const PackedSplit<T>& split, const SmoothRelu<T>& act, const std::vector<double>& signs,
                         size_t begin, size_t end, PassBuffers& buf) const;

  int m_ = 0, d_ = 0, stride_ = 0, mp_ = 0;
  std::vector<T> w_, wt_, g_;
  std::vector<double> u_;        // <w_j, v> per neuron
  std::vector<T> padded_signs_;  // a_j per padded neuron column, for the vector activation
  PassBuffers train_, test_;
  const PassBuffers* last_ = &train_;
  const PackedSplit<T>* train_split_ = nullptr;
};

}  // namespace modcomp
