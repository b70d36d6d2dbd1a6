// What a run's initial state predicts, before any training: each modality's initial gamma and
// the heuristic score of its early growth, and the modality with the highest score. Every
// backend fills a run's predictions with this.
#pragma once

#include <vector>

#include "packed_data.h"
#include "results.h"
#include "run_spec.h"

namespace modcomp {

// Fills result.initialGamma, result.predictedScores and result.predictedWinner.
template <typename T>
void predict_run(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& init,
                 RunResult& result);

// Heuristic of the science page: early growth of Gamma_r scales as
// (1 - mu_r) alpha_r^q Gamma_r(0)^(q-2).
std::vector<double> predicted_scores(const RunSpec& spec, const std::vector<double>& initial_gamma);

}  // namespace modcomp
