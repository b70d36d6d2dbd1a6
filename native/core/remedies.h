// The balancing remedies' arithmetic (beyond the paper), apart from the trainer's loop: which
// modalities each sample keeps at a step (modality dropout), the remedied loss and its gradient
// with respect to each encoder's outputs (unimodal auxiliary losses, fixed gradient blending),
// and OGM-GE's per-encoder gradient factor. Every random draw is counter-based, a pure function
// of (seed, step, sample, modality), so no thread count or batch changes a result.
#pragma once

#include <cstdint>
#include <vector>

#include "gradient_blending.h"
#include "run_spec.h"

namespace modcomp {

// keep[r][i] = 1 when sample i's modality r enters the fused output at `step`. Empty when the
// mode is not joint, no dropout is set, or step < 0 (an evaluation outside training). A sample
// whose every modality would be dropped keeps one, drawn uniformly among them.
std::vector<std::vector<uint8_t>> dropout_keep(const RunSpec& spec, const Mode& mode, int64_t step);

// The mean over the batch of w.joint * softplus(-y f) + sum_r w.unimodal[r] softplus(-y f_r),
// f = sum_r keep_ir f_r (keep = 1 when not set), with dLoss/df_r(X_i) in grads[r] for every
// active r (zero outside the batch). `batch` marks the samples trained on at this step (a
// mini-batch, or blending's training part); null is all n.
double remedied_loss_gradient(const LossWeights& w, const std::vector<int>& active,
                              const std::vector<std::vector<double>>& outputs, const std::vector<double>& labels,
                              const std::vector<uint8_t>* batch, const std::vector<std::vector<uint8_t>>& keep,
                              std::vector<std::vector<double>>& grads);

// OGM's factor per modality at `step` (1 outside the window, in unimodal modes, or off):
// s_r = sum over the batch of sigmoid(y_i f_r(X_i)); ratio_r = s_r / mean of the other active
// modalities' s; k_r = 1 - tanh(alpha (ratio_r - 1)) where ratio_r > 1, else 1.
std::vector<double> ogm_factors(const RunSpec& spec, const Mode& mode, const std::vector<int>& active,
                                const std::vector<std::vector<double>>& outputs, const std::vector<double>& labels,
                                const std::vector<uint8_t>* batch, int64_t step);

// Whether OGM-GE's noise applies at `step` (joint mode, noise on, inside the window).
bool ogm_noise_at(const RunSpec& spec, const Mode& mode, int64_t step);

}  // namespace modcomp
