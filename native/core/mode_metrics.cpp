#include "mode_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "logistic.h"

namespace modcomp {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

template <typename T>
double dot(const std::vector<T>& a, const std::vector<T>& b) {
  double sum = 0;
  for (size_t k = 0; k < a.size(); ++k) sum += static_cast<double>(a[k]) * static_cast<double>(b[k]);
  return sum;
}

// Per trained encoder of a joint mode with two or more encoders: the cosine between the
// gradient of the plain joint loss and that of the encoder's own unimodal loss L(f_r(X_r), y),
// both over the full training set at the current weights. Runs two backward passes and puts the
// state's gradients back as they were.
template <typename T>
std::vector<double> unimodal_cosines(ModeState<T>& state) {
  const int K = state.data().K, n = state.data().n;
  std::vector<double> cosine(static_cast<size_t>(K), kNaN);
  const std::vector<int>& active = state.active();
  if (!state.mode().joint() || active.size() < 2) return cosine;
  std::vector<std::vector<T>> saved(static_cast<size_t>(K)), joint(static_cast<size_t>(K));
  for (int r : active) saved[r] = state.encoder(r).raw_gradient();
  std::vector<double> g;
  state.loss_gradient(nullptr, g);
  std::vector<std::vector<double>> grads(static_cast<size_t>(K));
  for (int r : active) grads[r] = g;
  state.backward(grads);
  for (int r : active) joint[r] = state.encoder(r).raw_gradient();
  const std::vector<double>& labels = state.labels();
  for (int r : active) {
    grads[r].assign(static_cast<size_t>(n), 0.0);
    for (int i = 0; i < n; ++i) grads[r][i] = -labels[i] * sigmoid(-labels[i] * state.outputs()[r][i]) / n;
  }
  state.backward(grads);
  for (int r : active) {
    // The head's signs and scale multiply both gradients' rows alike, so raw rows give the cosine.
    const std::vector<T>& own = state.encoder(r).raw_gradient();
    const double norms = std::sqrt(dot(joint[r], joint[r]) * dot(own, own));
    cosine[r] = norms > 0 ? dot(joint[r], own) / norms : kNaN;
    state.encoder(r).restore_gradient(saved[r]);
  }
  return cosine;
}

}  // namespace

template <typename T>
void append_record(ModeState<T>& state, int64_t t, Series& series, const std::vector<double>* grad_scale) {
  const PackedData<T>& data = state.data();
  const std::vector<int>& active = state.active();
  const std::vector<std::vector<double>>& outputs = state.outputs();
  const std::vector<double>& labels = state.labels();
  const std::vector<double>& fused = state.fused_output();
  const int K = data.K, m = state.spec().model.m;
  std::vector<double> row(series.width(), kNaN);
  const int n = data.n;
  // The step's loss may be a mini-batch loss; the recorded train loss is always the full set's.
  double full_loss = 0, train_err = 0;
  for (int i = 0; i < n; ++i) {
    const double margin = labels[i] * fused[i];
    full_loss += softplus(-margin);
    train_err += margin <= 0 ? 1 : 0;
  }
  row[0] = full_loss / n;
  row[1] = train_err / n;
  const std::vector<double> cosine = unimodal_cosines(state);
  // Test set: every active encoder alone, then fused.
  const int nt = data.nTest;
  std::vector<double> test_fused(static_cast<size_t>(nt), 0.0);
  std::vector<std::vector<double>> test_out(static_cast<size_t>(K));
  double total_abs = 0;
  std::vector<double> mean_abs(static_cast<size_t>(K), 0.0);
  for (int r : active) {
    EncoderState<T>& encoder = state.encoder(r);
    encoder.forward(data.modalities[r].test, data.modalities[r].v, state.activation(), state.signs(),
                    state.head_scale(), data.P, false, state.par());
    test_out[r] = encoder.sample_outputs();
    const std::vector<double>& out = test_out[r];
    double alone_err = 0;
    for (int i = 0; i < nt; ++i) {
      test_fused[i] += out[i];
      alone_err += data.yTest[i] * out[i] <= 0 ? 1 : 0;
    }
    for (int i = 0; i < n; ++i) mean_abs[r] += std::fabs(outputs[r][i]);
    mean_abs[r] /= n;
    total_abs += mean_abs[r];
    double* col = row.data() + kRunScalars + kPerModality * r;
    double plus = 0, minus = 0;
    encoder.gamma_parts(state.signs(), plus, minus);
    col[0] = std::min(plus, minus);
    col[1] = plus;
    col[2] = minus;
    col[3] = encoder.noise_memorisation(data.modalities[r].train);
    col[4] = encoder.gradient_norm(state.head_scale());
    col[6] = alone_err / nt;
    col[8] = cosine[r];
  }
  double applied_total = 0;
  for (int r : active) applied_total += row[kRunScalars + kPerModality * r + 4] * (grad_scale ? (*grad_scale)[r] : 1.0);
  for (int r : active) {
    double* col = row.data() + kRunScalars + kPerModality * r;
    col[5] = total_abs > 0 ? mean_abs[r] / total_abs : 1.0 / active.size();
    col[7] = applied_total > 0 ? col[4] * (grad_scale ? (*grad_scale)[r] : 1.0) / applied_total : kNaN;
    // The joint net with modality r masked (its output zeroed): its utilisation is this error
    // less the joint test error. Defined for joint modes with two or more encoders.
    if (state.mode().joint() && active.size() >= 2) {
      double masked_err = 0;
      for (int i = 0; i < nt; ++i) {
        double others = 0;
        for (int o : active)
          if (o != r) others += test_out[o][i];
        masked_err += data.yTest[i] * others <= 0 ? 1 : 0;
      }
      col[9] = masked_err / nt;
    }
  }
  double test_loss = 0, test_err = 0;
  for (int i = 0; i < nt; ++i) {
    const double margin = data.yTest[i] * test_fused[i];
    test_loss += softplus(-margin);
    test_err += margin <= 0 ? 1 : 0;
  }
  row[2] = test_loss / nt;
  row[3] = test_err / nt;
  series.steps.push_back(static_cast<int32_t>(std::min<int64_t>(t, std::numeric_limits<int32_t>::max())));
  series.scalars.insert(series.scalars.end(), row.begin(), row.end());
  for (int r = 0; r < K; ++r) {
    const EncoderState<T>& encoder = state.encoder(r);
    const bool trained = encoder.active();
    for (int j = 0; j < m; ++j)
      series.alignments.push_back(trained ? static_cast<float>(encoder.alignment(j)) : std::nanf(""));
  }
}

template <typename T>
void complete_mode_result(const ModeState<T>& state, const std::vector<int64_t>& cross, ModeResult& result) {
  const Series& s = result.series;
  const size_t w = s.width();
  const double* last = s.scalars.data() + (s.count() - 1) * w;
  result.trainLoss = last[0];
  result.trainErr = last[1];
  result.testLoss = last[2];
  result.testErr = last[3];
  const int K = state.data().K;
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
    f.gradShare = col[7];
    f.unimodalCosine = col[8];
    f.maskedTestErr = col[9];
    f.crossStep = cross[r];
    if (!state.encoder(r).active()) continue;
    result.weights[r] = state.encoder(r).weights_unpadded();
  }
}

template <typename T>
void append_record_at(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& weights,
                      const Mode& mode, int64_t t, Parallel& par, Series& series) {
  ModeState<T> state(spec, data, weights, mode, par);
  if (series.K == 0) {
    series.K = data.K;
    series.m = spec.model.m;
  }
  // The full-batch pass at these weights, which the record reads (the gradient norm included).
  state.forward_train();
  std::vector<double> g;
  state.loss_gradient(nullptr, g);
  std::vector<std::vector<double>> output_grads(static_cast<size_t>(data.K));
  for (int r : state.active()) output_grads[r] = g;
  state.backward(output_grads);
  append_record(state, t, series);
}

template <typename T>
void complete_mode_result_at(const RunSpec& spec, const PackedData<T>& data, const std::vector<std::vector<T>>& weights,
                             const Mode& mode, Parallel& par, const std::vector<int64_t>& cross, ModeResult& result) {
  const ModeState<T> state(spec, data, weights, mode, par);
  result.mode = mode.name();
  complete_mode_result(state, cross, result);
}

#define MODCOMP_INSTANTIATE_MODE_METRICS(T)                                                                          \
  template void append_record<T>(ModeState<T>&, int64_t, Series&, const std::vector<double>*);                       \
  template void complete_mode_result<T>(const ModeState<T>&, const std::vector<int64_t>&, ModeResult&);              \
  template void append_record_at<T>(const RunSpec&, const PackedData<T>&, const std::vector<std::vector<T>>&,        \
                                    const Mode&, int64_t, Parallel&, Series&);                                       \
  template void complete_mode_result_at<T>(const RunSpec&, const PackedData<T>&, const std::vector<std::vector<T>>&, \
                                           const Mode&, Parallel&, const std::vector<int64_t>&, ModeResult&);
MODCOMP_INSTANTIATE_MODE_METRICS(float)
MODCOMP_INSTANTIATE_MODE_METRICS(double)
#undef MODCOMP_INSTANTIATE_MODE_METRICS

}  // namespace modcomp
