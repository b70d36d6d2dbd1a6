// The metrics every backend reports for a mode: one record of the series (losses and errors,
// each modality's gamma, noise memorisation, gradient norm, output share and error alone, the
// neurons' alignments) and the final summary read from the last record. The CPU trainer and the
// CUDA backend both call these, so the two report the same quantities computed the same way.
#pragma once

#include <cstdint>
#include <vector>

#include "mode_state.h"
#include "packed_data.h"
#include "results.h"
#include "run_spec.h"
#include "thread_pool.h"

namespace modcomp {

// Appends the record of step t. The state's last forward pass and backward pass must be of the
// training set at its current weights (the gradient norm is read from the backward pass);
// grad_scale[r] is the factor the update applies to encoder r's gradient (OGM), null for 1. The
// record leaves the state's gradients as it found them.
template <typename T>
void append_record(ModeState<T>& state, int64_t t, Series& series, const std::vector<double>* grad_scale = nullptr);

// Fills a result's finals from its series' last record and its weights from the state.
template <typename T>
void complete_mode_result(const ModeState<T>& state, const std::vector<int64_t>& cross, ModeResult& result);

// For backends that train elsewhere: the record of step t at the given weights, and the final
// summary at the given (final) weights, after the last record.
template <typename T>
void append_record_at(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& weights,
                      const Mode& mode, int64_t t, Parallel& par, Series& series);
template <typename T>
void complete_mode_result_at(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& weights,
                             const Mode& mode, Parallel& par, const std::vector<int64_t>& cross, ModeResult& result);

}  // namespace modcomp
