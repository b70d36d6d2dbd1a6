#include "trainer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "cpu_kernels.h"
#include "encoder_state.h"
#include "philox.h"

namespace modcomp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Partial Fisher-Yates with counter-based draws: the mini-batch of a step is a pure function of
// (seed, step), so it is the same for any thread count.
std::vector<uint8_t> minibatch_mask(const RunSpec& spec, int64_t step) {
  const int n = spec.data.n, B = spec.train.batchSize;
  std::vector<uint8_t> mask(static_cast<size_t>(n), 0);
  std::vector<int> order(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) order[i] = i;
  const CounterRng rng(spec.seed);
  const uint32_t stream = stream_id(Purpose::MiniBatch, Split::None, 0);
  for (int k = 0; k < B; ++k) {
    const double u = rng.uniform(stream, static_cast<uint64_t>(step) * static_cast<uint64_t>(n) + k);
    const int pick = k + std::min(n - k - 1, static_cast<int>(u * (n - k)));
    std::swap(order[k], order[pick]);
    mask[order[k]] = 1;
  }
  return mask;
}

template <typename T>
class ModeTrainer {
 public:
  ModeTrainer(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& init, const Mode& mode,
              Parallel& par)
      : spec_(spec), data_(data), mode_(mode), par_(par), act_(spec.model.q, spec.model.rho, spec.model.head) {
    const int K = data.K;
    head_scale_ = spec.model.headScale == HeadScale::InverseM ? 1.0 / spec.model.m : 1.0;
    signs_ = head_signs(spec.model);
    for (int r = 0; r < K; ++r)
      if (mode.joint() || mode.modality == r) active_.push_back(r);
    encoders_.resize(static_cast<size_t>(K));
    for (int r : active_) encoders_[r].init(init[r], data, r, spec.model.m);
    outputs_.assign(static_cast<size_t>(K), {});
    grads_.assign(static_cast<size_t>(K), {});
    labels_.assign(data.yTrain.begin(), data.yTrain.end());
    grad_scale_.assign(static_cast<size_t>(K), 1.0);
  }

  ModeResult run(ModeContext& ctx) {
    ModeResult result;
    result.mode = mode_.name();
    const int K = data_.K;
    result.series.K = K;
    result.series.m = spec_.model.m;
    std::vector<int64_t> cross(static_cast<size_t>(K), -1);
    const int64_t total = spec_.train.steps, every = spec_.train.recordEvery;
    int64_t t = 0;
    const auto started = std::chrono::steady_clock::now();
    double record_seconds = 0;
    for (;; ++t) {
      forward_train();
      const double loss = loss_and_output_grads(t);
      for (int r : active_)
        if (cross[r] < 0 && encoders_[r].gamma(signs_) > spec_.model.rho) cross[r] = t;
      const bool diverged = !std::isfinite(loss);
      const bool cancelled = ctx.cancel && ctx.cancel->is_set();
      const bool last = t == total || diverged || cancelled;
      if (!diverged) backward(t);
      if (last || t % every == 0) {
        const auto before = std::chrono::steady_clock::now();
        record(t, result.series);
        record_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count();
      }
      if (diverged) result.divergedAtStep = t;
      if (cancelled && t < total) result.cancelled = true;
      if (ctx.sink)
        ctx.sink->on_progress(ctx.runIndex, ctx.modeIndex, result.mode, t, total, result.series, last);
      if (last) break;
      update();
    }
    result.stepsRun = t;
    result.recordSeconds = record_seconds;
    result.stepSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() - record_seconds;
    finish(result, cross);
    return result;
  }

  Evaluation<T> evaluate() {
    forward_train();
    Evaluation<T> ev;
    ev.loss = loss_and_output_grads(-1);
    backward(-1);
    ev.grads.assign(static_cast<size_t>(data_.K),
                    std::vector<double>(static_cast<size_t>(spec_.model.m) * data_.d, 0.0));
    for (int r : active_) ev.grads[r] = encoders_[r].true_gradient(signs_, head_scale_);
    ev.outputs = fused_output_;
    return ev;
  }

 private:
  void forward_train() {
    for (int r : active_) {
      encoders_[r].forward(data_.modalities[r].train, data_.modalities[r].v, act_, signs_, head_scale_, data_.P, true,
                           par_);
      outputs_[r] = encoders_[r].sample_outputs();
    }
  }

  // Fills grads_ with dLoss/df_r(X_i) and returns the loss of this step's (mini-)batch.
  double loss_and_output_grads(int64_t step) {
    const int n = data_.n;
    fused_output_.assign(static_cast<size_t>(n), 0.0);
    for (int r : active_)
      for (int i = 0; i < n; ++i) fused_output_[i] += outputs_[r][i];
    std::vector<uint8_t> mask;
    const bool minibatch = spec_.train.batchSize > 0 && spec_.train.batchSize < n && step >= 0;
    if (minibatch) mask = minibatch_mask(spec_, step);
    const double count = minibatch ? spec_.train.batchSize : n;
    std::vector<double> g(static_cast<size_t>(n), 0.0);
    double loss = 0;
    for (int i = 0; i < n; ++i) {
      if (minibatch && !mask[i]) continue;
      const double margin = labels_[i] * fused_output_[i];
      loss += softplus(-margin);
      g[i] = -labels_[i] * sigmoid(-margin) / count;
    }
    for (int r : active_) grads_[r] = g;
    if (hooks_) {
      const StepView view{step, mode_, outputs_, labels_};
      hooks_->adjust_output_gradients(view, grads_);
    }
    return loss / count;
  }

  void backward(int64_t step) {
    std::vector<double> scale(static_cast<size_t>(data_.K), 1.0);
    if (hooks_ && step >= 0) {
      const StepView view{step, mode_, outputs_, labels_};
      hooks_->scale_gradients(view, scale);
    }
    for (int r : active_) {
      encoders_[r].backward(data_.modalities[r].train, data_.modalities[r].v, grads_[r], data_.P, par_);
      grad_scale_[r] = scale[r];
    }
  }

  void update() {
    for (int r : active_)
      encoders_[r].apply_update(spec_.train.eta, grad_scale_[r], spec_.train.weightDecay, signs_, head_scale_, par_);
  }

  void record(int64_t t, Series& series) {
    const int K = data_.K, m = spec_.model.m;
    std::vector<double> row(series.width(), kNaN);
    const int n = data_.n;
    // The step's loss may be a mini-batch loss; the recorded train loss is always the full set's.
    double full_loss = 0, train_err = 0;
    for (int i = 0; i < n; ++i) {
      const double margin = labels_[i] * fused_output_[i];
      full_loss += softplus(-margin);
      train_err += margin <= 0 ? 1 : 0;
    }
    row[0] = full_loss / n;
    row[1] = train_err / n;
    // Test set: every active encoder alone, then fused.
    const int nt = data_.nTest;
    std::vector<double> test_fused(static_cast<size_t>(nt), 0.0);
    double total_abs = 0;
    std::vector<double> mean_abs(static_cast<size_t>(K), 0.0);
    for (int r : active_) {
      encoders_[r].forward(data_.modalities[r].test, data_.modalities[r].v, act_, signs_, head_scale_, data_.P, false,
                           par_);
      const std::vector<double> out = encoders_[r].sample_outputs();
      double alone_err = 0;
      for (int i = 0; i < nt; ++i) {
        test_fused[i] += out[i];
        alone_err += data_.yTest[i] * out[i] <= 0 ? 1 : 0;
      }
      for (int i = 0; i < n; ++i) mean_abs[r] += std::fabs(outputs_[r][i]);
      mean_abs[r] /= n;
      total_abs += mean_abs[r];
      double* col = row.data() + kRunScalars + kPerModality * r;
      double plus = 0, minus = 0;
      encoders_[r].gamma_parts(signs_, plus, minus);
      col[0] = std::min(plus, minus);
      col[1] = plus;
      col[2] = minus;
      col[3] = encoders_[r].noise_memorisation(data_.modalities[r].train);
      col[4] = encoders_[r].gradient_norm(head_scale_);
      col[6] = alone_err / nt;
    }
    for (int r : active_)
      row[kRunScalars + kPerModality * r + 5] = total_abs > 0 ? mean_abs[r] / total_abs : 1.0 / active_.size();
    double test_loss = 0, test_err = 0;
    for (int i = 0; i < nt; ++i) {
      const double margin = data_.yTest[i] * test_fused[i];
      test_loss += softplus(-margin);
      test_err += margin <= 0 ? 1 : 0;
    }
    row[2] = test_loss / nt;
    row[3] = test_err / nt;
    series.steps.push_back(static_cast<int32_t>(std::min<int64_t>(t, std::numeric_limits<int32_t>::max())));
    series.scalars.insert(series.scalars.end(), row.begin(), row.end());
    for (int r = 0; r < K; ++r) {
      const bool trained = encoders_[r].active();
      for (int j = 0; j < m; ++j)
        series.alignments.push_back(trained ? static_cast<float>(encoders_[r].alignment(j)) : std::nanf(""));
    }
  }

  void finish(ModeResult& result, const std::vector<int64_t>& cross) {
    const Series& s = result.series;
    const size_t w = s.width();
    const double* last = s.scalars.data() + (s.count() - 1) * w;
    result.trainLoss = last[0];
    result.trainErr = last[1];
    result.testLoss = last[2];
    result.testErr = last[3];
    const int K = data_.K;
    result.modalities.resize(static_cast<size_t>(K));
    result.weights.resize(static_cast<size_t>(K));
    for (int r = 0; r < K; ++r) {
      const double* col = last + kRunScalars + kPerModality * r;
      ModalityFinal& f = result.modalities[r];
      f.gamma = col[0];
      f.gammaPlus = col[1];
      f.gammaMinus = col[2];
      f.phi = col[3];
      f.gradNorm = col[4];
      f.outputShare = col[5];
      f.aloneTestErr = col[6];
      f.crossStep = cross[r];
      if (!encoders_[r].active()) continue;
      result.weights[r] = encoders_[r].weights_unpadded();
    }
  }

  static double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }
  static double sigmoid(double x) {
    if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
    const double e = std::exp(x);
    return e / (1.0 + e);
  }

  const RunSpec& spec_;
  const PackedData<T>& data_;
  Mode mode_;
  Parallel& par_;
  SmoothRelu<T> act_;
  TrainHooks* hooks_ = nullptr;
  double head_scale_ = 1;
  std::vector<double> signs_;
  std::vector<int> active_;
  std::vector<EncoderState<T>> encoders_;
  std::vector<std::vector<double>> outputs_, grads_;
  std::vector<double> labels_, fused_output_;
  std::vector<double> grad_scale_;

 public:
  void set_hooks(TrainHooks* hooks) { hooks_ = hooks; }

  // For backends that train elsewhere: one record at these weights, and the final summary.
  void record_now(int64_t t, Series& series) {
    forward_train();
    loss_and_output_grads(-1);  // fills the output gradients; the record computes its own loss
    backward(-1);
    record(t, series);
  }
  void complete(ModeResult& result, const std::vector<int64_t>& cross) { finish(result, cross); }
};

}  // namespace

template <typename T>
ModeResult train_mode(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& init,
                      const Mode& mode, ModeContext& ctx) {
  ModeTrainer<T> trainer(spec, data, init, mode, ctx.par);
  trainer.set_hooks(ctx.hooks);
  return trainer.run(ctx);
}

template <typename T>
Evaluation<T> evaluate_mode(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& weights,
                            const Mode& mode, Parallel& par) {
  ModeTrainer<T> trainer(spec, data, weights, mode, par);
  return trainer.evaluate();
}

template <typename T>
void append_record(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& weights,
                   const Mode& mode, int64_t step, Parallel& par, Series& series) {
  ModeTrainer<T> trainer(spec, data, weights, mode, par);
  if (series.K == 0) {
    series.K = data.K;
    series.m = spec.model.m;
  }
  trainer.record_now(step, series);
}

template <typename T>
void complete_mode_result(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& weights,
                          const Mode& mode, Parallel& par, const std::vector<int64_t>& cross, ModeResult& result) {
  ModeTrainer<T> trainer(spec, data, weights, mode, par);
  result.mode = mode.name();
  trainer.complete(result, cross);
}

#define MODCOMP_INSTANTIATE_BACKEND_HELPERS(T)                                                                       \
  template void append_record<T>(const RunSpec&, const PackedData<T>&, const std::vector<std::vector<T>>&,          \
                                 const Mode&, int64_t, Parallel&, Series&);                                         \
  template void complete_mode_result<T>(const RunSpec&, const PackedData<T>&, const std::vector<std::vector<T>>&,   \
                                        const Mode&, Parallel&, const std::vector<int64_t>&, ModeResult&);
MODCOMP_INSTANTIATE_BACKEND_HELPERS(float)
MODCOMP_INSTANTIATE_BACKEND_HELPERS(double)
#undef MODCOMP_INSTANTIATE_BACKEND_HELPERS

template ModeResult train_mode<float>(const RunSpec&, const PackedData<float>&, const std::vector<std::vector<float>>&,
                                      const Mode&, ModeContext&);
template ModeResult train_mode<double>(const RunSpec&, const PackedData<double>&,
                                       const std::vector<std::vector<double>>&, const Mode&, ModeContext&);
template Evaluation<float> evaluate_mode<float>(const RunSpec&, const PackedData<float>&,
                                                const std::vector<std::vector<float>>&, const Mode&, Parallel&);
template Evaluation<double> evaluate_mode<double>(const RunSpec&, const PackedData<double>&,
                                                  const std::vector<std::vector<double>>&, const Mode&, Parallel&);

}  // namespace modcomp
