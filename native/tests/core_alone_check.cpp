// The engine core linked alone (no CUDA backend, no dispatch layer): a small run trained through
// the core's own entry point, on one thread and on two, must train every mode and give the same
// numbers both ways. Its build is the proof that the core needs nothing above it; the
// architecture tests run it. Prints one line and exits 1 on a failure.
#include <cstdio>
#include <cstring>

#include "run_trainer.h"
#include "small_run.h"
#include "thread_pool.h"

int main() {
  const modcomp::RunSpec spec = small_run(3);
  const modcomp::RunControl control{1e9, nullptr, nullptr};
  modcomp::RunResult serial_result, pool_result;
  modcomp::SerialExecutor serial;
  modcomp::train_run(spec, 0, serial, control, serial_result);
  modcomp::ThreadPool pool(2);
  modcomp::train_run(spec, 0, pool, control, pool_result);
  const char* problem = nullptr;
  if (!serial_result.error.empty() || !pool_result.error.empty())
    problem = "the run was refused";
  else if (serial_result.modes.size() != 3)
    problem = "not every mode trained";
  else if (serial_result.modes[0].stepsRun != spec.train.steps)
    problem = "the joint mode stopped early";
  for (size_t k = 0; !problem && k < serial_result.modes.size(); ++k) {
    const modcomp::Series& a = serial_result.modes[k].series;
    const modcomp::Series& b = pool_result.modes[k].series;
    if (a.scalars.size() != b.scalars.size() ||
        std::memcmp(a.scalars.data(), b.scalars.data(), a.scalars.size() * sizeof(double)) != 0)
      problem = "one thread and two threads gave different records";
  }
  if (problem) {
    std::printf("FAIL core alone: %s %s\n", problem, serial_result.error.c_str());
    return 1;
  }
  std::printf("ok   core alone: %zu modes trained, joint test error %.3f, identical on 1 and 2 threads\n",
              serial_result.modes.size(), serial_result.modes[0].testErr);
  return 0;
}
