// How training reports progress while it runs. Implementations must be thread-safe: modes of
// different runs call them from different threads.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "results.h"

namespace modcomp {

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  // Called after every step. `series` is the mode's whole series so far; the sink forwards
  // whatever part of it is new, at whatever pace suits it.
  virtual void on_progress(int run, int mode_index, const std::string& mode, int64_t steps_done, int64_t steps_total,
                           const Series& series, bool finished) = 0;
};

struct CancelFlag {
  std::atomic<bool> requested{false};
  bool is_set() const { return requested.load(std::memory_order_relaxed); }
};

}  // namespace modcomp
