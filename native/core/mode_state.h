// One mode's network on one run's packed data: the encoders the mode trains, at their current
// weights, and the outputs of its last forward pass over the training set. The CPU trainer steps
// it; a backend that trains elsewhere (CUDA) loads its weights into one so that its metric
// records (mode_metrics.h) are computed by the very code the CPU uses.
#pragma once

#include <cstdint>
#include <vector>

#include "encoder_state.h"
#include "packed_data.h"
#include "run_spec.h"
#include "smooth_relu.h"
#include "thread_pool.h"

namespace modcomp {

template <typename T>
class ModeState {
 public:
  ModeState(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& weights,
            const Mode& mode, Parallel& par);

  // Each trained encoder's outputs f_r(X_i) on the training set, and the fused output f(X_i).
  void forward_train();
  // The mean logistic loss over a batch at the last forward pass, with dLoss/df(X_i) in `g`
  // (zero outside the batch). `batch` marks a mini-batch's samples; null is the full batch.
  double loss_gradient(const std::vector<uint8_t>* batch, std::vector<double>& g) const;
  // Weight gradients of the trained encoders from dLoss/df_r(X_i), one list per modality.
  void backward(const std::vector<std::vector<double>>& output_grads);
  // One gradient step of every trained encoder, its gradient scaled by grad_scale[r], plus
  // noise of standard deviation noise_spread[r] per entry where that is above 0 (OGM-GE).
  void update(const std::vector<double>& grad_scale, const std::vector<double>& noise_spread = {}, int64_t step = 0);
  // Sets cross[r] = t for each trained modality whose gamma first exceeds rho.
  void note_crossings(int64_t t, std::vector<int64_t>& cross) const;

  const RunSpec& spec() const { return spec_; }
  const PackedData<T>& data() const { return data_; }
  const Mode& mode() const { return mode_; }
  Parallel& par() const { return par_; }
  const SmoothRelu<T>& activation() const { return act_; }
  const std::vector<double>& signs() const { return signs_; }
  double head_scale() const { return head_scale_; }
  const std::vector<int>& active() const { return active_; }
  EncoderState<T>& encoder(int r) { return encoders_[static_cast<size_t>(r)]; }
  const EncoderState<T>& encoder(int r) const { return encoders_[static_cast<size_t>(r)]; }
  const std::vector<std::vector<double>>& outputs() const { return outputs_; }
  const std::vector<double>& fused_output() const { return fused_output_; }
  const std::vector<double>& labels() const { return labels_; }

 private:
  const RunSpec& spec_;
  const PackedData<T>& data_;
  Mode mode_;
  Parallel& par_;
  SmoothRelu<T> act_;
  double head_scale_ = 1;
  std::vector<double> signs_;
  std::vector<int> active_;
  std::vector<EncoderState<T>> encoders_;
  std::vector<std::vector<double>> outputs_;
  std::vector<double> labels_, fused_output_;
};

}  // namespace modcomp
