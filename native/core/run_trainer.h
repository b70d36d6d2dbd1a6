// One run on the CPU: checked (its settings and the memory it needs), its data and initial
// weights built from its seed, and each of its modes trained from the same initial weights on
// the same data. Which runs train here, and on how many threads each, is the dispatch layer's
// choice (native/dispatch).
#pragma once

#include "progress.h"
#include "results.h"
#include "run_spec.h"
#include "thread_pool.h"

namespace modcomp {

struct RunControl {
  double memoryLimitBytes = 0;
  const CancelFlag* cancel = nullptr;
  ProgressSink* sink = nullptr;
};

// Never throws: a refused or failed run carries its error in result.error.
void train_run(const RunSpec& spec, int index, Parallel& par, const RunControl& control, RunResult& result);

}  // namespace modcomp
