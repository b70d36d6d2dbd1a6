#include "mode_state.h"

#include <cmath>

#include "logistic.h"

namespace modcomp {

template <typename T>
ModeState<T>::ModeState(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& weights,
                        const Mode& mode, Parallel& par)
    : spec_(spec), data_(data), mode_(mode), par_(par), act_(spec.model.q, spec.model.rho, spec.model.head) {
  const int K = data.K;
  head_scale_ = spec.model.headScale == HeadScale::InverseM ? 1.0 / spec.model.m : 1.0;
  signs_ = head_signs(spec.model);
  for (int r = 0; r < K; ++r)
    if (mode.joint() || mode.modality == r) active_.push_back(r);
  encoders_.resize(static_cast<size_t>(K));
  for (int r : active_) encoders_[r].init(weights[r], data, r, spec.model.m);
  outputs_.assign(static_cast<size_t>(K), {});
  labels_.assign(data.yTrain.begin(), data.yTrain.end());
}

template <typename T>
void ModeState<T>::forward_train() {
  for (int r : active_) {
    encoders_[r].forward(data_.modalities[r].train, data_.modalities[r].v, act_, signs_, head_scale_, data_.P, true,
                         par_);
    outputs_[r] = encoders_[r].sample_outputs();
  }
  const int n = data_.n;
  fused_output_.assign(static_cast<size_t>(n), 0.0);
  for (int r : active_)
    for (int i = 0; i < n; ++i) fused_output_[i] += outputs_[r][i];
}

template <typename T>
double ModeState<T>::loss_gradient(const std::vector<uint8_t>* batch, std::vector<double>& g) const {
  const int n = data_.n;
  const double count = batch ? spec_.train.batchSize : n;
  g.assign(static_cast<size_t>(n), 0.0);
  double loss = 0;
  for (int i = 0; i < n; ++i) {
    if (batch && !(*batch)[i]) continue;
    const double margin = labels_[i] * fused_output_[i];
    loss += softplus(-margin);
    g[i] = -labels_[i] * sigmoid(-margin) / count;
  }
  return loss / count;
}

template <typename T>
void ModeState<T>::backward(const std::vector<std::vector<double>>& output_grads) {
  for (int r : active_)
    encoders_[r].backward(data_.modalities[r].train, data_.modalities[r].v, output_grads[r], data_.P, par_);
}

template <typename T>
void ModeState<T>::update(const std::vector<double>& grad_scale, const std::vector<double>& noise_spread,
                          int64_t step) {
  for (int r : active_) {
    encoders_[r].apply_update(spec_.train.eta, grad_scale[r], spec_.train.weightDecay, signs_, head_scale_, par_);
    if (!noise_spread.empty() && noise_spread[r] > 0)
      encoders_[r].apply_noise(spec_.train.eta, noise_spread[r], spec_.seed, r, step, par_);
  }
}

template <typename T>
void ModeState<T>::note_crossings(int64_t t, std::vector<int64_t>& cross) const {
  for (int r : active_)
    if (cross[r] < 0 && encoders_[r].gamma(signs_) > spec_.model.rho) cross[r] = t;
}

template class ModeState<float>;
template class ModeState<double>;

}  // namespace modcomp
