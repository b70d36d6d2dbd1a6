#include "remedies.h"

#include <algorithm>
#include <cmath>

#include "logistic.h"
#include "philox.h"

namespace modcomp {

std::vector<std::vector<uint8_t>> dropout_keep(const RunSpec& spec, const Mode& mode, int64_t step) {
  const std::vector<double>& p = spec.remedies.dropout;
  const bool any = std::any_of(p.begin(), p.end(), [](double x) { return x > 0; });
  if (!mode.joint() || !any || step < 0) return {};
  const int K = spec.data.K, n = spec.data.n;
  std::vector<std::vector<uint8_t>> keep(static_cast<size_t>(K), std::vector<uint8_t>(static_cast<size_t>(n), 1));
  const CounterRng rng(spec.seed);
  const uint64_t base = static_cast<uint64_t>(step) * static_cast<uint64_t>(n);
  for (int i = 0; i < n; ++i) {
    int kept = 0;
    for (int r = 0; r < K; ++r) {
      const double u =
          rng.uniform(stream_id(Purpose::ModalityDropout, Split::Train, static_cast<uint32_t>(r)), base + i);
      keep[r][i] = u < p[r] ? 0 : 1;
      kept += keep[r][i];
    }
    if (kept == 0) {
      const double u = rng.uniform(stream_id(Purpose::ModalityDropout, Split::None, 0), base + i);
      keep[std::min(K - 1, static_cast<int>(u * K))][i] = 1;
    }
  }
  return keep;
}

double remedied_loss_gradient(const LossWeights& w, const std::vector<int>& active,
                              const std::vector<std::vector<double>>& outputs, const std::vector<double>& labels,
                              const std::vector<uint8_t>* batch, const std::vector<std::vector<uint8_t>>& keep,
                              std::vector<std::vector<double>>& grads) {
  const size_t n = labels.size();
  const double count = batch ? static_cast<double>(std::count(batch->begin(), batch->end(), uint8_t{1})) : n;
  for (int r : active) grads[r].assign(n, 0.0);
  double loss = 0;
  for (size_t i = 0; i < n; ++i) {
    if (batch && !(*batch)[i]) continue;
    const double y = labels[i];
    double f = 0;
    for (int r : active)
      if (keep.empty() || keep[r][i]) f += outputs[r][i];
    const double joint = -w.joint * y * sigmoid(-y * f) / count;
    loss += w.joint * softplus(-y * f);
    for (int r : active) {
      const double own = outputs[r][i], lambda = w.unimodal[r];
      double g = keep.empty() || keep[r][i] ? joint : 0.0;
      if (lambda != 0) {
        loss += lambda * softplus(-y * own);
        g += -lambda * y * sigmoid(-y * own) / count;
      }
      grads[r][i] = g;
    }
  }
  return loss / count;
}

namespace {

bool in_ogm_window(const RunSpec& spec, const Mode& mode, int64_t step) {
  const OgmSpec& ogm = spec.remedies.ogm;
  return mode.joint() && step >= 0 && step >= ogm.startStep && step < ogm.endStep;
}

}  // namespace

std::vector<double> ogm_factors(const RunSpec& spec, const Mode& mode, const std::vector<int>& active,
                                const std::vector<std::vector<double>>& outputs, const std::vector<double>& labels,
                                const std::vector<uint8_t>* batch, int64_t step) {
  const int K = spec.data.K, n = spec.data.n;
  std::vector<double> factor(static_cast<size_t>(K), 1.0);
  const double alpha = spec.remedies.ogm.alpha;
  if (!(alpha > 0) || active.size() < 2 || !in_ogm_window(spec, mode, step)) return factor;
  std::vector<double> score(static_cast<size_t>(K), 0.0);
  for (int r : active)
    for (int i = 0; i < n; ++i)
      if (!batch || (*batch)[i]) score[r] += sigmoid(labels[i] * outputs[r][i]);
  double total = 0;
  for (int r : active) total += score[r];
  for (int r : active) {
    const double others = (total - score[r]) / static_cast<double>(active.size() - 1);
    // Scores are sums of sigmoids, so positive whenever the batch is not empty.
    const double ratio = others > 0 ? score[r] / others : 1.0;
    if (ratio > 1) factor[r] = 1.0 - std::tanh(alpha * (ratio - 1.0));
  }
  return factor;
}

bool ogm_noise_at(const RunSpec& spec, const Mode& mode, int64_t step) {
  return spec.remedies.ogm.noise && in_ogm_window(spec, mode, step);
}

}  // namespace modcomp
