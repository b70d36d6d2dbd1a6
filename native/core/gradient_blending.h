// Gradient blending with re-estimated weights (Wang et al., CVPR 2020; beyond the paper). The
// joint mode's loss is w_0 L_joint + sum_r w_r L(f_r(X_r), y). A fixed fraction of the training
// samples (remedies.blending.holdout, drawn once per seed from the counter-based generator) is
// held out: the joint mode does not train on it. Every remedies.blending.everySteps steps, from
// step 0 on, each loss term j (the joint output, and each encoder's own output) is measured on
// the training part (T_j) and on the held-out part (V_j). Between two such measurements,
//   generalisation  G_j = V_j(before) - V_j(now)             (how much the held-out loss fell),
//   overfitting     O_j = (V_j - T_j)(now) - (V_j - T_j)(before)  (how much the gap grew),
// and the new weights are w_j = S * g_j / sum_k g_k with g_j = max(G_j, 0) / max(O_j^2, 1e-12),
// S being the sum of the starting weights (remedies.jointWeight and remedies.unimodalWeights),
// so the loss keeps its scale. Where no term generalised (every g_j = 0), the weights are kept.
// Everything is computed serially in double from the encoders' outputs, so no thread count or
// batching changes a weight.
#pragma once

#include <cstdint>
#include <vector>

#include "run_spec.h"

namespace modcomp {

// Samples held out of n for a holdout fraction: the fraction of n, rounded to the nearest.
int blending_holdout_count(int n, double holdout);

// trained[i] = 1 for the samples the joint mode trains on, 0 for the held-out ones; empty when
// the weights are not re-estimated. A pure function of the seed (partial Fisher-Yates draws).
std::vector<uint8_t> blending_training_part(const RunSpec& spec);

// The weights of the joint loss (joint) and of each encoder's own loss (unimodal, K entries).
struct LossWeights {
  double joint = 1;
  std::vector<double> unimodal;
};

// The weights as set: remedies.jointWeight and remedies.unimodalWeights (0 where absent).
LossWeights set_loss_weights(const RunSpec& spec);

class BlendingEstimator {
 public:
  BlendingEstimator(const RunSpec& spec, const std::vector<int>& active);

  // Whether a measurement is due at `step` (joint re-estimation on, step >= 0, a multiple of
  // everySteps).
  bool due(int64_t step) const;
  // Measures every term at the current outputs f_r(X_i) on the training set, and from the second
  // measurement on re-estimates the weights.
  void observe(const std::vector<std::vector<double>>& outputs, const std::vector<double>& labels,
               const std::vector<uint8_t>& trained);
  const LossWeights& weights() const { return weights_; }

 private:
  struct Losses {
    std::vector<double> trained, heldOut;  // per term: 0 the joint output, 1 + k the k-th active encoder
  };
  Losses measure(const std::vector<std::vector<double>>& outputs, const std::vector<double>& labels,
                 const std::vector<uint8_t>& trained) const;

  const RunSpec& spec_;
  std::vector<int> active_;
  LossWeights weights_;
  double total_ = 0;
  bool measured_ = false;
  Losses before_;
};

}  // namespace modcomp
