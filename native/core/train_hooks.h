// Extension points of the training step, kept for balancing remedies (OGM-GE gradient
// modulation, uni-modal auxiliary losses, modality dropout). The plain paper setting uses none;
// a remedy plugs in here without touching the trainer's loop or kernels.
#pragma once

#include <cstdint>
#include <vector>

#include "run_spec.h"

namespace modcomp {

struct StepView {
  int64_t step;
  const Mode& mode;
  // Per modality: the encoder outputs f_r(X_i) on the training samples of this step (empty for
  // modalities the mode does not train), and the labels.
  const std::vector<std::vector<double>>& outputs;
  const std::vector<double>& labels;
};

class TrainHooks {
 public:
  virtual ~TrainHooks() = default;
  // dLoss/df_r(X_i) per modality; on entry each holds the fused loss's gradient.
  virtual void adjust_output_gradients(const StepView&, std::vector<std::vector<double>>& grads) { (void)grads; }
  // A factor per modality multiplying that encoder's weight gradient; on entry all 1.
  virtual void scale_gradients(const StepView&, std::vector<double>& scale) { (void)scale; }
};

}  // namespace modcomp
