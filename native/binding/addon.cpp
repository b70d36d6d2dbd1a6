// The Node-API surface of the engine. Every entry point converts and checks its arguments on
// the JavaScript thread (throwing JS errors), then calls the portable core; long work runs on a
// worker thread. No C++ exception can leave this file except as a JavaScript error.
#include <napi.h>

#include <thread>

#include "convert.h"
#include "cuda_status.h"
#include "dataset.h"
#include "limits.h"
#include "packed_data.h"
#include "results_to_js.h"
#include "thread_pool.h"
#include "train_worker.h"
#include "trainer.h"

namespace modcomp_binding {
namespace {

constexpr const char* kVersion = "0.1.0";

void require_args(const Napi::CallbackInfo& info, size_t count, const char* usage) {
  if (info.Length() < count) throw Napi::TypeError::New(info.Env(), std::string("expected ") + usage);
}

Napi::Value Version(const Napi::CallbackInfo& info) { return Napi::String::New(info.Env(), kVersion); }

// The engine's limits table (limits.h), keyed by schema path, so TypeScript can hold the settings
// schema and the reference engine to the very numbers the engine checks.
Napi::Object limits_to_js(Napi::Env env) {
  Napi::Object out = Napi::Object::New(env);
  for (const modcomp::Limit& limit : modcomp::kLimits) {
    Napi::Object row = Napi::Object::New(env);
    row.Set("integer", limit.integer);
    row.Set("min", limit.min);
    row.Set("max", limit.max);
    row.Set("aboveMin", limit.aboveMin);
    out.Set(limit.path, row);
  }
  return out;
}

Napi::Value Capabilities(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
#if defined(__AVX512F__)
  out.Set("simd", "avx512");
#elif defined(__AVX2__)
  out.Set("simd", "avx2+fma");
#elif defined(__ARM_NEON)
  out.Set("simd", "neon");
#else
  out.Set("simd", "generic");
#endif
  out.Set("hardwareThreads", static_cast<double>(std::max(1u, std::thread::hardware_concurrency())));
  const CudaStatus cuda = query_cuda_status();
  Napi::Object c = Napi::Object::New(env);
  c.Set("compiled", cuda.compiled);
  c.Set("available", cuda.available);
  c.Set("reason", cuda.reason);
  Napi::Array devices = Napi::Array::New(env, cuda.devices.size());
  for (size_t i = 0; i < cuda.devices.size(); ++i) devices.Set(static_cast<uint32_t>(i), cuda.devices[i]);
  c.Set("devices", devices);
  out.Set("cuda", c);
  out.Set("limits", limits_to_js(env));
  return out;
}

Napi::Value Train(const Napi::CallbackInfo& info) {
  require_args(info, 4, "train(specs, options, onProgress, onDone)");
  std::vector<modcomp::RunSpec> specs = specs_from_js(info[0]);
  double interval_ms = 0;  // set by options_from_js
  modcomp::EngineOptions options = options_from_js(info[1], interval_ms);
  if (!info[2].IsFunction()) throw Napi::TypeError::New(info.Env(), "onProgress must be a function");
  if (!info[3].IsFunction()) throw Napi::TypeError::New(info.Env(), "onDone must be a function");
  for (size_t i = 0; i < specs.size(); ++i)
    check_trainable(info.Env(), specs[i], batch_position(i), options.memoryLimitBytes);
  return start_training(info.Env(), std::move(specs), options, interval_ms, info[2].As<Napi::Function>(),
                        info[3].As<Napi::Function>());
}

// The small synchronous helpers below refuse big work: they block the JavaScript thread.
constexpr double kSyncLimitBytes = 1.0 * 1024 * 1024 * 1024;

modcomp::RunSpec sync_spec(const Napi::CallbackInfo& info, const char* usage) {
  require_args(info, 1, usage);
  modcomp::RunSpec spec = spec_from_js(info[0], "spec");
  // These helpers never record a series, so the training schedule does not count here.
  modcomp::RunSpec sized = spec;
  sized.train.steps = 0;
  check_trainable(info.Env(), sized, "spec", kSyncLimitBytes);
  return spec;
}

template <typename T>
Napi::Value generate_data(Napi::Env env, const modcomp::RunSpec& spec) {
  modcomp::ThreadPool pool(modcomp::resolve_thread_count(0));
  return dataset_to_js<T>(env, modcomp::build_dataset<T>(spec, pool));
}

Napi::Value GenerateData(const Napi::CallbackInfo& info) {
  const modcomp::RunSpec spec = sync_spec(info, "generateData(spec)");
  return spec.precision == modcomp::Precision::F64 ? generate_data<double>(info.Env(), spec)
                                                   : generate_data<float>(info.Env(), spec);
}

template <typename T>
Napi::Value initial_weights(Napi::Env env, const modcomp::RunSpec& spec) {
  modcomp::ThreadPool pool(modcomp::resolve_thread_count(0));
  const std::vector<std::vector<T>> weights = modcomp::initial_weights<T>(spec, pool);
  Napi::Array out = Napi::Array::New(env, weights.size());
  for (size_t r = 0; r < weights.size(); ++r)
    out.Set(static_cast<uint32_t>(r),
            reals_to_js(env, std::vector<double>(weights[r].begin(), weights[r].end()), spec.precision));
  return out;
}

Napi::Value InitialWeights(const Napi::CallbackInfo& info) {
  const modcomp::RunSpec spec = sync_spec(info, "initialWeights(spec)");
  return spec.precision == modcomp::Precision::F64 ? initial_weights<double>(info.Env(), spec)
                                                   : initial_weights<float>(info.Env(), spec);
}

template <typename T>
Napi::Value evaluate(Napi::Env env, const modcomp::RunSpec& spec, const std::vector<std::vector<double>>& weights,
                     const modcomp::Mode& mode, int64_t step) {
  modcomp::ThreadPool pool(modcomp::resolve_thread_count(0));
  const modcomp::PackedData<T> packed = modcomp::pack_dataset<T>(modcomp::build_dataset<T>(spec, pool));
  std::vector<std::vector<T>> w;
  for (const auto& src : weights) w.emplace_back(src.begin(), src.end());
  const modcomp::Evaluation<T> ev = modcomp::evaluate_mode<T>(spec, packed, w, mode, pool, step);
  Napi::Object out = Napi::Object::New(env);
  out.Set("loss", ev.loss);
  Napi::Array grads = Napi::Array::New(env, ev.grads.size());
  for (size_t r = 0; r < ev.grads.size(); ++r)
    grads.Set(static_cast<uint32_t>(r), reals_to_js(env, ev.grads[r], spec.precision));
  out.Set("grads", grads);
  out.Set("outputs", reals_to_js(env, ev.outputs, modcomp::Precision::F64));
  Napi::Array scale = Napi::Array::New(env, ev.gradientScale.size());
  for (size_t r = 0; r < ev.gradientScale.size(); ++r) scale.Set(static_cast<uint32_t>(r), ev.gradientScale[r]);
  out.Set("gradientScale", scale);
  return out;
}

Napi::Value Evaluate(const Napi::CallbackInfo& info) {
  require_args(info, 3, "evaluate(spec, weights, mode, step?)");
  const modcomp::RunSpec spec = sync_spec(info, "evaluate(spec, weights, mode, step?)");
  const std::vector<std::vector<double>> weights = weights_from_js(info[1], spec);
  const modcomp::Mode mode = mode_from_js(info[2], "mode", spec.data.K);
  // The optional step: the loss training minimises at that step (its mini-batch and dropout).
  int64_t step = -1;
  if (info.Length() > 3 && !info[3].IsUndefined()) step = static_cast<int64_t>(read_evaluation_step(info[3], spec));
  return spec.precision == modcomp::Precision::F64 ? evaluate<double>(info.Env(), spec, weights, mode, step)
                                                   : evaluate<float>(info.Env(), spec, weights, mode, step);
}

// Wraps an entry point so that any C++ exception that is not already a JS error becomes one.
template <Napi::Value (*Fn)(const Napi::CallbackInfo&)>
Napi::Value guarded(const Napi::CallbackInfo& info) {
  try {
    return Fn(info);
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(info.Env(), "out of memory");
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), e.what());
  }
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("version", Napi::Function::New(env, guarded<Version>, "version"));
  exports.Set("capabilities", Napi::Function::New(env, guarded<Capabilities>, "capabilities"));
  exports.Set("train", Napi::Function::New(env, guarded<Train>, "train"));
  exports.Set("generateData", Napi::Function::New(env, guarded<GenerateData>, "generateData"));
  exports.Set("initialWeights", Napi::Function::New(env, guarded<InitialWeights>, "initialWeights"));
  exports.Set("evaluate", Napi::Function::New(env, guarded<Evaluate>, "evaluate"));
  return exports;
}

}  // namespace
}  // namespace modcomp_binding

static Napi::Object InitModcompNative(Napi::Env env, Napi::Object exports) {
  return modcomp_binding::Init(env, exports);
}

NODE_API_MODULE(modcomp_native, InitModcompNative)
