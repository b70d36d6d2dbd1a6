// The engine's front door: train a batch of runs (each with its modes) on the CPU. Each run
// gets its own data and initial weights from its seed; every mode of a run starts from the same
// initial weights on the same data.
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

// Heuristic of the science page: early growth of Gamma_r scales as (1 - mu_r) alpha_r^q Gamma_r(0)^(q-2).
std::vector<double> predicted_scores(const RunSpec& spec, const std::vector<double>& initial_gamma);

}  // namespace modcomp
