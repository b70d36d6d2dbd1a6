// The CUDA backend's interface, in plain C++ (no CUDA types), so the dispatch layer and the
// binding compile the same with or without nvcc. With no CUDA build, probe_cuda() says so and
// nothing else is called. The backend builds on the core (data, packing, metrics); the core
// knows nothing of it.
#pragma once

#include <string>
#include <vector>

#include "dataset.h"
#include "packed_data.h"
#include "progress.h"
#include "results.h"
#include "run_spec.h"
#include "thread_pool.h"

namespace modcomp {

struct CudaProbe {
  bool compiled = false;
  bool available = false;
  std::string reason;  // why not available, in words
  std::vector<std::string> devices;
};

CudaProbe probe_cuda();

// One run of a GPU batch: everything the kernels and the CPU-side metrics need.
template <typename T>
struct CudaRunInput {
  const RunSpec* spec;
  const Dataset<T>* data;       // uploaded to the device
  const PackedData<T>* packed;  // the CPU computes the metric records from it
  const std::vector<std::vector<T>>* init;
  int runIndex;
};

struct CudaContext {
  Parallel& par;
  const CancelFlag* cancel = nullptr;
  ProgressSink* sink = nullptr;
  int modeIndex = 0;
};

// Trains `mode` of every run (all of one shape, precision and schedule) together: one launch
// sequence per step for the whole batch. Throws std::runtime_error with a clear message on
// device errors, including out-of-memory with the size needed.
template <typename T>
std::vector<ModeResult> train_mode_batch_cuda(const std::vector<CudaRunInput<T>>& runs, const Mode& mode,
                                              CudaContext& ctx);

}  // namespace modcomp
