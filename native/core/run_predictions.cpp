#include "run_predictions.h"

#include <cmath>

#include "encoder_state.h"

namespace modcomp {
namespace {

template <typename T>
std::vector<double> initial_gammas(const RunSpec& spec, const PackedData<T>& data,
                                   const std::vector<std::vector<T>>& init) {
  const std::vector<double> signs = head_signs(spec.model);
  std::vector<double> gammas;
  for (int r = 0; r < data.K; ++r) {
    const std::vector<T>& w = init[r];
    const std::vector<T>& v = data.modalities[r].v;
    double plus = -HUGE_VAL, minus = -HUGE_VAL;
    bool any_negative = false;
    for (int j = 0; j < spec.model.m; ++j) {
      double u = 0;
      for (int k = 0; k < data.d; ++k) u += static_cast<double>(w[static_cast<size_t>(j) * data.d + k]) * v[k];
      if (signs[j] > 0) {
        plus = std::fmax(plus, u);
      } else {
        any_negative = true;
        minus = std::fmax(minus, -u);
      }
    }
    if (!any_negative) minus = plus;
    gammas.push_back(std::fmin(plus, minus));
  }
  return gammas;
}

}  // namespace

std::vector<double> predicted_scores(const RunSpec& spec, const std::vector<double>& initial_gamma) {
  std::vector<double> scores;
  const double q = spec.model.q;
  for (size_t r = 0; r < initial_gamma.size(); ++r) {
    const double gamma0 = initial_gamma[r];
    const double growth = gamma0 > 0 ? std::pow(gamma0, q - 2) : 0.0;
    scores.push_back((1 - spec.data.mu[r]) * std::pow(spec.data.alpha[r], q) * growth);
  }
  return scores;
}

template <typename T>
void predict_run(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& init,
                 RunResult& result) {
  result.initialGamma = initial_gammas(spec, data, init);
  result.predictedScores = predicted_scores(spec, result.initialGamma);
  result.predictedWinner = 0;
  for (size_t r = 1; r < result.predictedScores.size(); ++r)
    if (result.predictedScores[r] > result.predictedScores[static_cast<size_t>(result.predictedWinner)])
      result.predictedWinner = static_cast<int>(r);
}

template void predict_run<float>(const RunSpec&, const PackedData<float>&, const std::vector<std::vector<float>>&,
                                 RunResult&);
template void predict_run<double>(const RunSpec&, const PackedData<double>&, const std::vector<std::vector<double>>&,
                                  RunResult&);

}  // namespace modcomp
