// Gradient descent of the late-fusion network on the CPU, one mode at a time (joint, or one
// encoder alone), from given initial weights on packed data: full batch, or mini-batches drawn
// from the counter-based generator. The metrics it records are mode_metrics.h's.
#pragma once

#include <vector>

#include "packed_data.h"
#include "progress.h"
#include "results.h"
#include "run_spec.h"
#include "thread_pool.h"
#include "train_hooks.h"

namespace modcomp {

struct ModeContext {
  Parallel& par;
  const CancelFlag* cancel = nullptr;
  ProgressSink* sink = nullptr;
  TrainHooks* hooks = nullptr;
  int runIndex = 0;
  int modeIndex = 0;
};

template <typename T>
ModeResult train_mode(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& init,
                      const Mode& mode, ModeContext& ctx);

// Loss and dLoss/dW (per modality, m*d; zeros for encoders the mode does not train) at the
// given weights on the training set, plus the network outputs. For gradient checks. A step >= 0
// evaluates the loss training minimises at that step (its mini-batch, its dropout masks, the
// remedies' loss); a negative step the full batch without dropout.
template <typename T>
struct Evaluation {
  double loss = 0;
  std::vector<std::vector<double>> grads;
  std::vector<double> outputs;
  // The factor each encoder's gradient would be scaled by in an update (OGM; 1 otherwise).
  std::vector<double> gradientScale;
};

template <typename T>
Evaluation<T> evaluate_mode(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& weights,
                            const Mode& mode, Parallel& par, int64_t step = -1);

}  // namespace modcomp
