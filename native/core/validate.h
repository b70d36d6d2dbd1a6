// Structural checks the engine itself relies on: every number within its row of the limits table
// (limits.h), and the rules that tie settings together. The TypeScript schema checks narrower
// ranges first; these run again because the addon is a public boundary.
#pragma once

#include <cstddef>
#include <string>

#include "run_spec.h"

namespace modcomp {

// Returns an empty string when the spec is trainable, else a message naming the setting.
std::string validate_run_spec(const RunSpec& spec);

// Bytes the engine will hold for this run while training `concurrent_modes` modes at once.
double estimate_run_bytes(const RunSpec& spec, int concurrent_modes);

std::string format_bytes(double bytes);

// The memory-limit error: total need, what it is made of, the limit, and what to change.
std::string describe_memory_need(const RunSpec& spec, double limit);

}  // namespace modcomp
