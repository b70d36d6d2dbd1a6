#include "trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "gradient_blending.h"
#include "mode_metrics.h"
#include "mode_state.h"
#include "philox.h"
#include "remedies.h"

namespace modcomp {
namespace {

// Partial Fisher-Yates with counter-based draws: the mini-batch of a step is a pure function of
// (seed, step), so it is the same for any thread count.
std::vector<uint8_t> minibatch_mask(const RunSpec& spec, int64_t step) {
  const int n = spec.data.n;
  const uint64_t base = static_cast<uint64_t>(step) * static_cast<uint64_t>(n);
  return CounterRng(spec.seed).subset(stream_id(Purpose::MiniBatch, Split::None, 0), base, n, spec.train.batchSize);
}

template <typename T>
class ModeTrainer {
 public:
  ModeTrainer(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& init, const Mode& mode,
              Parallel& par, TrainHooks* hooks)
      : spec_(spec), state_(spec, data, init, mode, par), hooks_(hooks), blending_(spec, state_.active()) {
    if (mode.joint()) training_part_ = blending_training_part(spec);
    grads_.assign(static_cast<size_t>(data.K), {});
    grad_scale_.assign(static_cast<size_t>(data.K), 1.0);
    noise_spread_.assign(static_cast<size_t>(data.K), 0.0);
  }

  ModeResult run(ModeContext& ctx) {
    ModeResult result;
    result.mode = state_.mode().name();
    const int K = state_.data().K;
    result.series.K = K;
    result.series.m = spec_.model.m;
    std::vector<int64_t> cross(static_cast<size_t>(K), -1);
    const int64_t total = spec_.train.steps, every = spec_.train.recordEvery;
    int64_t t = 0;
    const auto started = std::chrono::steady_clock::now();
    double record_seconds = 0;
    for (;; ++t) {
      state_.forward_train();
      const double loss = loss_and_output_grads(t);
      state_.note_crossings(t, cross);
      const bool diverged = !std::isfinite(loss);
      const bool cancelled = ctx.cancel && ctx.cancel->is_set();
      const bool last = t == total || diverged || cancelled;
      if (!diverged) backward(t);
      if (last || t % every == 0) {
        const auto before = std::chrono::steady_clock::now();
        append_record(state_, t, result.series, &grad_scale_);
        record_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count();
      }
      if (diverged) result.divergedAtStep = t;
      if (cancelled && t < total) result.cancelled = true;
      if (ctx.sink) ctx.sink->on_progress(ctx.runIndex, ctx.modeIndex, result.mode, t, total, result.series, last);
      if (last) break;
      state_.update(grad_scale_, noise_spread_, t);
    }
    result.stepsRun = t;
    result.recordSeconds = record_seconds;
    result.stepSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() - record_seconds;
    complete_mode_result(state_, cross, result);
    return result;
  }

  // At a negative step: the full batch without dropout; at a step >= 0, that step's mini-batch
  // and dropout masks, as training draws them.
  Evaluation<T> evaluate(int64_t step) {
    state_.forward_train();
    Evaluation<T> ev;
    ev.loss = loss_and_output_grads(step);
    backward(step);
    ev.gradientScale = grad_scale_;
    ev.grads.assign(static_cast<size_t>(state_.data().K),
                    std::vector<double>(static_cast<size_t>(spec_.model.m) * state_.data().d, 0.0));
    for (int r : state_.active()) ev.grads[r] = state_.encoder(r).true_gradient(state_.signs(), state_.head_scale());
    ev.outputs = state_.fused_output();
    return ev;
  }

 private:
  // Fills grads_ with dLoss/df_r(X_i) and returns the loss of this step's (mini-)batch; a
  // negative step is a full-batch evaluation outside training. Re-estimated blending's held-out
  // samples are never trained on (and it refuses mini-batches).
  double loss_and_output_grads(int64_t step) {
    std::vector<uint8_t> mask;
    const bool minibatch = spec_.train.batchSize > 0 && spec_.train.batchSize < state_.data().n && step >= 0;
    if (minibatch) mask = minibatch_mask(spec_, step);
    if (!training_part_.empty()) {
      mask = training_part_;
      if (blending_.due(step)) blending_.observe(state_.outputs(), state_.labels(), training_part_);
    }
    batch_mask_ = mask;
    batched_ = !mask.empty();
    double loss;
    if (state_.mode().joint() && spec_.remedies.changes_loss()) {
      const auto keep = dropout_keep(spec_, state_.mode(), step);
      loss = remedied_loss_gradient(blending_.weights(), state_.active(), state_.outputs(), state_.labels(),
                                    batched_ ? &mask : nullptr, keep, grads_);
    } else {
      std::vector<double> g;
      loss = state_.loss_gradient(minibatch ? &mask : nullptr, g);
      for (int r : state_.active()) grads_[r] = g;
    }
    if (hooks_) {
      const StepView view{step, state_.mode(), state_.outputs(), state_.labels()};
      hooks_->adjust_output_gradients(view, grads_);
    }
    return loss;
  }

  void backward(int64_t step) {
    std::vector<double> scale(static_cast<size_t>(state_.data().K), 1.0);
    if (hooks_ && step >= 0) {
      const StepView view{step, state_.mode(), state_.outputs(), state_.labels()};
      hooks_->scale_gradients(view, scale);
    }
    const std::vector<double> ogm = ogm_factors(spec_, state_.mode(), state_.active(), state_.outputs(),
                                                state_.labels(), batched_ ? &batch_mask_ : nullptr, step);
    state_.backward(grads_);
    const bool noise = ogm_noise_at(spec_, state_.mode(), step);
    for (int r : state_.active()) {
      grad_scale_[r] = scale[r] * ogm[r];
      noise_spread_[r] = noise ? state_.encoder(r).gradient_spread(state_.signs(), state_.head_scale()) : 0.0;
    }
  }

  const RunSpec& spec_;
  ModeState<T> state_;
  TrainHooks* hooks_ = nullptr;
  std::vector<std::vector<double>> grads_;
  std::vector<double> grad_scale_, noise_spread_;
  std::vector<uint8_t> batch_mask_;  // the samples trained on at this step, when batched_
  bool batched_ = false;
  BlendingEstimator blending_;          // the loss weights: as set, or re-estimated
  std::vector<uint8_t> training_part_;  // re-estimated blending's training part (joint mode); else empty
};

}  // namespace

template <typename T>
ModeResult train_mode(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& init,
                      const Mode& mode, ModeContext& ctx) {
  ModeTrainer<T> trainer(spec, data, init, mode, ctx.par, ctx.hooks);
  return trainer.run(ctx);
}

template <typename T>
Evaluation<T> evaluate_mode(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& weights,
                            const Mode& mode, Parallel& par, int64_t step) {
  ModeTrainer<T> trainer(spec, data, weights, mode, par, nullptr);
  return trainer.evaluate(step);
}

template ModeResult train_mode<float>(const RunSpec&, const PackedData<float>&, const std::vector<std::vector<float>>&,
                                      const Mode&, ModeContext&);
template ModeResult train_mode<double>(const RunSpec&, const PackedData<double>&,
                                       const std::vector<std::vector<double>>&, const Mode&, ModeContext&);
template Evaluation<float> evaluate_mode<float>(const RunSpec&, const PackedData<float>&,
                                                const std::vector<std::vector<float>>&, const Mode&, Parallel&,
                                                int64_t);
template Evaluation<double> evaluate_mode<double>(const RunSpec&, const PackedData<double>&,
                                                  const std::vector<std::vector<double>>&, const Mode&, Parallel&,
                                                  int64_t);

}  // namespace modcomp
