#include "gradient_blending.h"

#include <algorithm>
#include <cmath>

#include "logistic.h"
#include "philox.h"

namespace modcomp {

int blending_holdout_count(int n, double holdout) { return static_cast<int>(std::floor(holdout * n + 0.5)); }

std::vector<uint8_t> blending_training_part(const RunSpec& spec) {
  if (!spec.remedies.reestimates_weights()) return {};
  const int n = spec.data.n, held = blending_holdout_count(n, spec.remedies.blending.holdout);
  std::vector<uint8_t> trained =
      CounterRng(spec.seed).subset(stream_id(Purpose::BlendingHoldout, Split::Train, 0), 0, n, held);
  for (uint8_t& mark : trained) mark = mark ? 0 : 1;  // the subset drawn is the held-out one
  return trained;
}

LossWeights set_loss_weights(const RunSpec& spec) {
  LossWeights w;
  w.joint = spec.remedies.jointWeight;
  w.unimodal = spec.remedies.unimodalWeights;
  w.unimodal.resize(static_cast<size_t>(spec.data.K), 0.0);
  return w;
}

BlendingEstimator::BlendingEstimator(const RunSpec& spec, const std::vector<int>& active)
    : spec_(spec), active_(active), weights_(set_loss_weights(spec)) {
  total_ = weights_.joint;
  for (int r : active_) total_ += weights_.unimodal[r];
}

bool BlendingEstimator::due(int64_t step) const {
  const int64_t every = spec_.remedies.blending.everySteps;
  return every > 0 && active_.size() > 1 && step >= 0 && step % every == 0;
}

BlendingEstimator::Losses BlendingEstimator::measure(const std::vector<std::vector<double>>& outputs,
                                                     const std::vector<double>& labels,
                                                     const std::vector<uint8_t>& trained) const {
  const size_t terms = 1 + active_.size();
  Losses sums{std::vector<double>(terms, 0.0), std::vector<double>(terms, 0.0)};
  double count_trained = 0, count_held = 0;
  for (size_t i = 0; i < labels.size(); ++i) {
    const double y = labels[i];
    std::vector<double>& part = trained[i] ? sums.trained : sums.heldOut;
    (trained[i] ? count_trained : count_held) += 1;
    double fused = 0;
    for (size_t k = 0; k < active_.size(); ++k) {
      const double own = outputs[active_[k]][i];
      fused += own;
      part[1 + k] += softplus(-y * own);
    }
    part[0] += softplus(-y * fused);
  }
  for (size_t j = 0; j < terms; ++j) {
    sums.trained[j] /= count_trained;
    sums.heldOut[j] /= count_held;
  }
  return sums;
}

void BlendingEstimator::observe(const std::vector<std::vector<double>>& outputs, const std::vector<double>& labels,
                                const std::vector<uint8_t>& trained) {
  const Losses now = measure(outputs, labels, trained);
  if (measured_) {
    const size_t terms = now.trained.size();
    std::vector<double> score(terms, 0.0);
    double sum = 0;
    for (size_t j = 0; j < terms; ++j) {
      const double generalisation = before_.heldOut[j] - now.heldOut[j];
      const double overfitting = (now.heldOut[j] - now.trained[j]) - (before_.heldOut[j] - before_.trained[j]);
      score[j] = generalisation > 0 ? generalisation / std::max(overfitting * overfitting, 1e-12) : 0.0;
      sum += score[j];
    }
    if (sum > 0 && std::isfinite(sum)) {
      weights_.joint = total_ * score[0] / sum;
      for (size_t k = 0; k < active_.size(); ++k) weights_.unimodal[active_[k]] = total_ * score[1 + k] / sum;
    }
  }
  before_ = now;
  measured_ = true;
}

}  // namespace modcomp
