#include "engine.h"

#include "cuda_runs.h"
#include "run_trainer.h"
#include "thread_pool.h"

namespace modcomp {

std::vector<RunResult> train_batch(const std::vector<RunSpec>& specs, const EngineOptions& options) {
  std::vector<RunResult> results(specs.size());
  ThreadPool pool(resolve_thread_count(options.threads));
  std::vector<size_t> cpu_runs, cuda_runs;
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].backend == Backend::Cuda) {
      cuda_runs.push_back(i);
    } else if (specs[i].precision == Precision::TF32) {
      results[i].index = static_cast<int>(i);
      results[i].error =
          "precision 'tf32' runs the products on CUDA tensor cores, so it needs backend 'cuda' (use precision 'f32' "
          "on the CPU)";
    } else {
      cpu_runs.push_back(i);
    }
  }
  if (!cuda_runs.empty())
    train_cuda_runs(specs, cuda_runs, pool, CudaRunsControl{options.cancel, options.sink}, results);
  // Many runs: one run per thread, each single-threaded. Few runs: all threads inside each run.
  // Either way every number is the same, because no kernel's rounding depends on the split.
  const RunControl control{options.memoryLimitBytes, options.cancel, options.sink};
  if (cpu_runs.size() >= 2 && cpu_runs.size() >= static_cast<size_t>(pool.threads())) {
    pool.run(cpu_runs.size(), [&](size_t k) {
      SerialExecutor serial;
      const size_t i = cpu_runs[k];
      train_run(specs[i], static_cast<int>(i), serial, control, results[i]);
    });
  } else {
    for (size_t i : cpu_runs) train_run(specs[i], static_cast<int>(i), pool, control, results[i]);
  }
  return results;
}

}  // namespace modcomp
