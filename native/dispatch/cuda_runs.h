// The runs of a batch that train on the GPU: each checked, those the CUDA backend cannot train
// refused with the reason, the rest grouped by shape, precision and schedule, and each group
// trained together, one mode at a time, by the CUDA backend (native/cuda).
//
// A new setting that the CUDA backend does not implement yet is refused in cuda_refusal
// (cuda_runs.cpp), with a message naming it; one that changes the kernels' launch shape or
// schedule enters cuda_group_key, so only runs that agree on it share a launch.
#pragma once

#include <cstddef>
#include <vector>

#include "progress.h"
#include "results.h"
#include "run_spec.h"
#include "thread_pool.h"

namespace modcomp {

struct CudaRunsControl {
  const CancelFlag* cancel = nullptr;
  ProgressSink* sink = nullptr;
};

// Trains specs[i] for every i in `indices` (all with backend 'cuda') into results[i].
void train_cuda_runs(const std::vector<RunSpec>& specs, const std::vector<size_t>& indices, Parallel& par,
                     const CudaRunsControl& control, std::vector<RunResult>& results);

}  // namespace modcomp
