#include "results_to_js.h"

#include <algorithm>
#include <cstring>

namespace modcomp_binding {
namespace {

Napi::Value nullable_step(Napi::Env env, int64_t step) {
  return step < 0 ? env.Null() : Napi::Number::New(env, static_cast<double>(step));
}

template <typename T>
Napi::Value typed_copy(Napi::Env env, const std::vector<T>& values);

template <>
Napi::Value typed_copy<float>(Napi::Env env, const std::vector<float>& values) {
  Napi::Float32Array out = Napi::Float32Array::New(env, values.size());
  if (!values.empty()) std::memcpy(out.Data(), values.data(), values.size() * sizeof(float));
  return out;
}

template <>
Napi::Value typed_copy<double>(Napi::Env env, const std::vector<double>& values) {
  Napi::Float64Array out = Napi::Float64Array::New(env, values.size());
  if (!values.empty()) std::memcpy(out.Data(), values.data(), values.size() * sizeof(double));
  return out;
}

Napi::Object mode_to_js(Napi::Env env, const modcomp::ModeResult& mode, modcomp::Precision precision) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("mode", mode.mode);
  out.Set("stepsRun", Napi::Number::New(env, static_cast<double>(mode.stepsRun)));
  out.Set("cancelled", Napi::Boolean::New(env, mode.cancelled));
  out.Set("divergedAtStep", nullable_step(env, mode.divergedAtStep));
  Napi::Object final_values = Napi::Object::New(env);
  final_values.Set("trainLoss", mode.trainLoss);
  final_values.Set("trainErr", mode.trainErr);
  final_values.Set("testLoss", mode.testLoss);
  final_values.Set("testErr", mode.testErr);
  Napi::Array modalities = Napi::Array::New(env, mode.modalities.size());
  for (size_t r = 0; r < mode.modalities.size(); ++r) {
    const modcomp::ModalityFinal& f = mode.modalities[r];
    Napi::Object m = Napi::Object::New(env);
    m.Set("gamma", f.gamma);
    m.Set("gammaPlus", f.gammaPlus);
    m.Set("gammaMinus", f.gammaMinus);
    m.Set("phi", f.phi);
    m.Set("aloneTestErr", f.aloneTestErr);
    m.Set("gradNorm", f.gradNorm);
    m.Set("outputShare", f.outputShare);
    m.Set("gradShare", f.gradShare);
    m.Set("unimodalCosine", f.unimodalCosine);
    m.Set("maskedTestErr", f.maskedTestErr);
    m.Set("crossStep", nullable_step(env, f.crossStep));
    modalities.Set(static_cast<uint32_t>(r), m);
  }
  final_values.Set("modalities", modalities);
  out.Set("final", final_values);
  Napi::Object timing = Napi::Object::New(env);
  timing.Set("stepSeconds", mode.stepSeconds);
  timing.Set("recordSeconds", mode.recordSeconds);
  out.Set("timing", timing);
  out.Set("series", series_to_js(env, mode.series));
  Napi::Array weights = Napi::Array::New(env, mode.weights.size());
  for (size_t r = 0; r < mode.weights.size(); ++r)
    weights.Set(static_cast<uint32_t>(r), reals_to_js(env, mode.weights[r], precision));
  out.Set("weights", weights);
  return out;
}

Napi::Array numbers(Napi::Env env, const std::vector<double>& values) {
  Napi::Array out = Napi::Array::New(env, values.size());
  for (size_t i = 0; i < values.size(); ++i) out.Set(static_cast<uint32_t>(i), values[i]);
  return out;
}

}  // namespace

Napi::Value reals_to_js(Napi::Env env, const std::vector<double>& values, modcomp::Precision precision) {
  if (precision == modcomp::Precision::F64) return typed_copy<double>(env, values);
  std::vector<float> narrowed(values.begin(), values.end());  // exact: the values were floats
  return typed_copy<float>(env, narrowed);
}

Napi::Object series_to_js(Napi::Env env, const modcomp::Series& series) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("K", series.K);
  out.Set("m", series.m);
  Napi::Int32Array steps = Napi::Int32Array::New(env, series.steps.size());
  std::copy(series.steps.begin(), series.steps.end(), steps.Data());
  out.Set("steps", steps);
  const std::vector<std::string> names = modcomp::scalar_names(series.K);
  Napi::Array name_array = Napi::Array::New(env, names.size());
  for (size_t i = 0; i < names.size(); ++i) name_array.Set(static_cast<uint32_t>(i), names[i]);
  out.Set("scalarNames", name_array);
  out.Set("scalars", typed_copy<double>(env, series.scalars));
  out.Set("alignments", typed_copy<float>(env, series.alignments));
  return out;
}

Napi::Object run_result_to_js(Napi::Env env, const modcomp::RunResult& run, modcomp::Precision precision) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("index", run.index);
  out.Set("error", run.error.empty() ? env.Null() : Napi::String::New(env, run.error));
  out.Set("predictedWinner", run.predictedWinner);
  out.Set("predictedScores", numbers(env, run.predictedScores));
  out.Set("initialGamma", numbers(env, run.initialGamma));
  Napi::Array modes = Napi::Array::New(env, run.modes.size());
  for (size_t i = 0; i < run.modes.size(); ++i)
    modes.Set(static_cast<uint32_t>(i), mode_to_js(env, run.modes[i], precision));
  out.Set("modes", modes);
  return out;
}

template <typename T>
Napi::Object dataset_to_js(Napi::Env env, const modcomp::Dataset<T>& data) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("yTrain", typed_copy<T>(env, data.yTrain));
  out.Set("yTest", typed_copy<T>(env, data.yTest));
  Napi::Array x_train = Napi::Array::New(env), x_test = Napi::Array::New(env), v = Napi::Array::New(env),
              s_train = Napi::Array::New(env), s_test = Napi::Array::New(env);
  for (size_t r = 0; r < data.modalities.size(); ++r) {
    const auto& mod = data.modalities[r];
    const uint32_t i = static_cast<uint32_t>(r);
    x_train.Set(i, typed_copy<T>(env, mod.train.x));
    x_test.Set(i, typed_copy<T>(env, mod.test.x));
    v.Set(i, typed_copy<T>(env, mod.v));
    s_train.Set(i, typed_copy<T>(env, mod.train.signal));
    s_test.Set(i, typed_copy<T>(env, mod.test.signal));
  }
  out.Set("xTrain", x_train);
  out.Set("xTest", x_test);
  out.Set("v", v);
  out.Set("signalTrain", s_train);
  out.Set("signalTest", s_test);
  return out;
}

template Napi::Object dataset_to_js<float>(Napi::Env, const modcomp::Dataset<float>&);
template Napi::Object dataset_to_js<double>(Napi::Env, const modcomp::Dataset<double>&);

}  // namespace modcomp_binding
