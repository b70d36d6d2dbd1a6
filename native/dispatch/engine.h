// The engine's front door, above both backends: trains a batch of runs, each on the backend its
// spec names. CPU runs train one per thread when there are many, or each on every thread when
// there are few; CUDA runs of the same shape train together on the GPU (cuda_runs.h). Each run
// gets its own data and initial weights from its seed; every mode of a run starts from the same
// initial weights on the same data, whichever backend trains it.
#pragma once

#include <vector>

#include "progress.h"
#include "results.h"
#include "run_spec.h"

namespace modcomp {

struct EngineOptions {
  int threads = 0;  // 0: all hardware threads
  double memoryLimitBytes = 8.0 * 1024 * 1024 * 1024;
  const CancelFlag* cancel = nullptr;
  ProgressSink* sink = nullptr;
};

// Never throws for a bad run: its RunResult carries the error and the others still train.
std::vector<RunResult> train_batch(const std::vector<RunSpec>& specs, const EngineOptions& options);

}  // namespace modcomp
