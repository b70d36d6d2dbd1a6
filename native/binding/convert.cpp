#include "convert.h"

#include <cmath>
#include <sstream>

#include "validate.h"

namespace modcomp_binding {
namespace {

using modcomp::RunSpec;

std::string describe(const Napi::Value& v) {
  if (v.IsUndefined()) return "undefined";
  if (v.IsNull()) return "null";
  if (v.IsBoolean()) return v.As<Napi::Boolean>().Value() ? "true" : "false";
  if (v.IsNumber()) {
    std::ostringstream out;
    out << v.As<Napi::Number>().DoubleValue();
    return out.str();
  }
  if (v.IsString()) return "a string";
  if (v.IsArray()) return "an array";
  if (v.IsTypedArray()) return "a typed array";
  if (v.IsFunction()) return "a function";
  if (v.IsObject()) return "an object";
  return "an unsupported value";
}

[[noreturn]] void type_error(const Napi::Env& env, const std::string& path, const std::string& expected,
                             const Napi::Value& got) {
  throw Napi::TypeError::New(env, path + " must be " + expected + ", got " + describe(got));
}

Napi::Object require_object(const Napi::Value& v, const std::string& path) {
  // Typed arrays, buffers, dates and promises are objects too, but never a settings object.
  if (!v.IsObject() || v.IsArray() || v.IsFunction() || v.IsTypedArray() || v.IsArrayBuffer() || v.IsDataView() ||
      v.IsDate() || v.IsPromise())
    type_error(v.Env(), path, "a plain object", v);
  return v.As<Napi::Object>();
}

// Reads obj[key] if present; returns false when absent (the engine default stays).
bool field(const Napi::Object& obj, const char* key, Napi::Value& out) {
  if (!obj.HasOwnProperty(key)) return false;
  out = obj.Get(key);
  return !out.IsUndefined();
}

double read_number(const Napi::Value& v, const std::string& path) {
  if (!v.IsNumber()) type_error(v.Env(), path, "a number", v);
  const double x = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(x)) type_error(v.Env(), path, "a finite number", v);
  return x;
}

long long read_integer(const Napi::Value& v, const std::string& path, long long lo, long long hi) {
  const double x = read_number(v, path);
  if (x != std::floor(x) || x < static_cast<double>(lo) || x > static_cast<double>(hi)) {
    std::ostringstream out;
    out << path << " must be an integer in [" << lo << ", " << hi << "], got " << x;
    throw Napi::RangeError::New(v.Env(), out.str());
  }
  return static_cast<long long>(x);
}

bool read_bool(const Napi::Value& v, const std::string& path) {
  if (!v.IsBoolean()) type_error(v.Env(), path, "true or false", v);
  return v.As<Napi::Boolean>().Value();
}

std::string read_choice(const Napi::Value& v, const std::string& path, const std::vector<std::string>& choices) {
  std::string allowed;
  for (size_t i = 0; i < choices.size(); ++i) allowed += (i ? ", '" : "'") + choices[i] + "'";
  if (!v.IsString()) type_error(v.Env(), path, "one of " + allowed, v);
  const std::string s = v.As<Napi::String>().Utf8Value();
  for (const std::string& c : choices)
    if (s == c) return s;
  throw Napi::RangeError::New(v.Env(), path + " must be one of " + allowed + ", got '" + s.substr(0, 40) + "'");
}

std::vector<double> read_number_list(const Napi::Value& v, const std::string& path, size_t max_length) {
  if (!v.IsArray()) type_error(v.Env(), path, "an array of numbers", v);
  const Napi::Array array = v.As<Napi::Array>();
  if (array.Length() > max_length)
    throw Napi::RangeError::New(v.Env(), path + " has " + std::to_string(array.Length()) + " entries; at most " +
                                             std::to_string(max_length) + " are allowed");
  std::vector<double> out;
  for (uint32_t i = 0; i < array.Length(); ++i) out.push_back(read_number(array.Get(i), path + "[" + std::to_string(i) + "]"));
  return out;
}

// A Float32Array or Float64Array, copied to doubles; the length must equal `expected`.
std::vector<double> read_real_array(const Napi::Value& v, const std::string& path, size_t expected) {
  if (!v.IsTypedArray()) type_error(v.Env(), path, "a Float32Array or Float64Array", v);
  const Napi::TypedArray typed = v.As<Napi::TypedArray>();
  if (typed.ElementLength() != expected)
    throw Napi::RangeError::New(v.Env(), path + " must hold " + std::to_string(expected) + " values, got " +
                                             std::to_string(typed.ElementLength()));
  std::vector<double> out(expected);
  if (typed.TypedArrayType() == napi_float64_array) {
    const double* data = v.As<Napi::Float64Array>().Data();
    for (size_t i = 0; i < expected; ++i) out[i] = data[i];
  } else if (typed.TypedArrayType() == napi_float32_array) {
    const float* data = v.As<Napi::Float32Array>().Data();
    for (size_t i = 0; i < expected; ++i) out[i] = data[i];
  } else {
    type_error(v.Env(), path, "a Float32Array or Float64Array", v);
  }
  for (size_t i = 0; i < expected; ++i)
    if (!std::isfinite(out[i]))
      throw Napi::RangeError::New(v.Env(), path + "[" + std::to_string(i) + "] is not finite");
  return out;
}

std::vector<std::vector<double>> read_real_arrays(const Napi::Value& v, const std::string& path, size_t count,
                                                  size_t each) {
  if (!v.IsArray()) type_error(v.Env(), path, "an array of typed arrays", v);
  const Napi::Array array = v.As<Napi::Array>();
  if (array.Length() != count)
    throw Napi::RangeError::New(v.Env(), path + " must have " + std::to_string(count) + " entries (one per modality), got " +
                                             std::to_string(array.Length()));
  std::vector<std::vector<double>> out;
  for (uint32_t i = 0; i < count; ++i) out.push_back(read_real_array(array.Get(i), path + "[" + std::to_string(i) + "]", each));
  return out;
}

constexpr long long kMaxSize = 1LL << 26;  // sizes beyond any memory limit; validate() narrows further

void read_data(const Napi::Object& obj, const std::string& path, modcomp::DataSpec& ds) {
  Napi::Value v;
  if (field(obj, "K", v)) ds.K = static_cast<int>(read_integer(v, path + ".K", 1, 64));
  if (field(obj, "d", v)) ds.d = static_cast<int>(read_integer(v, path + ".d", 1, kMaxSize));
  if (field(obj, "P", v)) ds.P = static_cast<int>(read_integer(v, path + ".P", 1, 256));
  if (field(obj, "n", v)) ds.n = static_cast<int>(read_integer(v, path + ".n", 1, kMaxSize));
  if (field(obj, "nTest", v)) ds.nTest = static_cast<int>(read_integer(v, path + ".nTest", 1, kMaxSize));
  if (field(obj, "alpha", v)) ds.alpha = read_number_list(v, path + ".alpha", 64);
  else ds.alpha.resize(static_cast<size_t>(ds.K), ds.alpha.empty() ? 1.0 : ds.alpha.back());
  if (field(obj, "mu", v)) ds.mu = read_number_list(v, path + ".mu", 64);
  else ds.mu.resize(static_cast<size_t>(ds.K), 0.0);
  if (field(obj, "sigmaXi", v)) ds.sigmaXi = read_number(v, path + ".sigmaXi");
  if (field(obj, "insufficiency", v))
    ds.insufficiency = read_choice(v, path + ".insufficiency", {"independent", "disjoint"}) == "disjoint"
                           ? modcomp::Insufficiency::Disjoint
                           : modcomp::Insufficiency::Independent;
  if (field(obj, "dictionary", v))
    ds.dictionary = read_choice(v, path + ".dictionary", {"basis", "random"}) == "random" ? modcomp::Dictionary::Random
                                                                                          : modcomp::Dictionary::Basis;
  if (field(obj, "noiseOrthogonal", v)) ds.noiseOrthogonal = read_bool(v, path + ".noiseOrthogonal");
  if (field(obj, "cleanSignal", v)) ds.cleanSignal = read_bool(v, path + ".cleanSignal");
  if (field(obj, "nuisanceCount", v)) ds.nuisanceCount = static_cast<int>(read_integer(v, path + ".nuisanceCount", 0, kMaxSize));
  if (field(obj, "nuisanceScale", v)) ds.nuisanceScale = read_number(v, path + ".nuisanceScale");
}

void read_model(const Napi::Object& obj, const std::string& path, modcomp::ModelSpec& ms) {
  Napi::Value v;
  if (field(obj, "m", v)) ms.m = static_cast<int>(read_integer(v, path + ".m", 1, 1 << 16));
  if (field(obj, "q", v)) ms.q = read_number(v, path + ".q");
  if (field(obj, "rho", v)) ms.rho = read_number(v, path + ".rho");
  if (field(obj, "sigma0", v)) ms.sigma0 = read_number(v, path + ".sigma0");
  if (field(obj, "head", v))
    ms.head = read_choice(v, path + ".head", {"twoClass", "odd"}) == "odd" ? modcomp::Head::Odd : modcomp::Head::TwoClass;
  if (field(obj, "headScale", v))
    ms.headScale = read_choice(v, path + ".headScale", {"one", "inverseM"}) == "inverseM" ? modcomp::HeadScale::InverseM
                                                                                         : modcomp::HeadScale::One;
}

void read_train(const Napi::Object& obj, const std::string& path, int K, modcomp::TrainSpec& ts) {
  Napi::Value v;
  if (field(obj, "eta", v)) ts.eta = read_number(v, path + ".eta");
  if (field(obj, "steps", v)) ts.steps = read_integer(v, path + ".steps", 0, 1000000000LL);
  if (field(obj, "recordEvery", v)) ts.recordEvery = read_integer(v, path + ".recordEvery", 1, 1000000000LL);
  if (field(obj, "batchSize", v)) ts.batchSize = static_cast<int>(read_integer(v, path + ".batchSize", 0, kMaxSize));
  if (field(obj, "weightDecay", v)) ts.weightDecay = read_number(v, path + ".weightDecay");
  if (field(obj, "modes", v)) {
    if (!v.IsArray()) type_error(v.Env(), path + ".modes", "an array of mode names", v);
    const Napi::Array modes = v.As<Napi::Array>();
    if (modes.Length() > 65) throw Napi::RangeError::New(v.Env(), path + ".modes has too many entries");
    for (uint32_t i = 0; i < modes.Length(); ++i)
      ts.modes.push_back(mode_from_js(modes.Get(i), path + ".modes[" + std::to_string(i) + "]", K));
  } else {
    ts.modes.push_back(modcomp::Mode{-1});
    for (int r = 0; r < K; ++r) ts.modes.push_back(modcomp::Mode{r});
  }
}

void read_imported(const Napi::Object& obj, const std::string& path, RunSpec& spec) {
  Napi::Value v;
  const size_t K = static_cast<size_t>(spec.data.K), n = static_cast<size_t>(spec.data.n),
               nt = static_cast<size_t>(spec.data.nTest);
  const size_t row = static_cast<size_t>(spec.data.P) * static_cast<size_t>(spec.data.d);
  if (field(obj, "importedData", v)) {
    const Napi::Object im = require_object(v, path + ".importedData");
    auto data = std::make_shared<modcomp::ImportedData>();
    Napi::Value f;
    if (!field(im, "yTrain", f) || !field(im, "yTest", f) || !field(im, "xTrain", f) || !field(im, "xTest", f))
      throw Napi::TypeError::New(v.Env(), path + ".importedData needs yTrain, yTest, xTrain and xTest");
    data->yTrain = read_real_array(im.Get("yTrain"), path + ".importedData.yTrain", n);
    data->yTest = read_real_array(im.Get("yTest"), path + ".importedData.yTest", nt);
    data->xTrain = read_real_arrays(im.Get("xTrain"), path + ".importedData.xTrain", K, n * row);
    data->xTest = read_real_arrays(im.Get("xTest"), path + ".importedData.xTest", K, nt * row);
    if (field(im, "v", f)) data->v = read_real_arrays(f, path + ".importedData.v", K, static_cast<size_t>(spec.data.d));
    spec.importedData = data;
  }
  if (field(obj, "importedInit", v)) {
    spec.importedInit = std::make_shared<const std::vector<std::vector<double>>>(read_real_arrays(
        v, path + ".importedInit", K, static_cast<size_t>(spec.model.m) * static_cast<size_t>(spec.data.d)));
  }
}

}  // namespace

modcomp::Mode mode_from_js(const Napi::Value& value, const std::string& where, int K) {
  if (!value.IsString()) type_error(value.Env(), where, "'joint' or 'unimodal:r'", value);
  const std::string s = value.As<Napi::String>().Utf8Value();
  if (s == "joint") return modcomp::Mode{-1};
  const std::string prefix = "unimodal:";
  if (s.compare(0, prefix.size(), prefix) == 0 && s.size() > prefix.size() && s.size() <= prefix.size() + 3) {
    const std::string digits = s.substr(prefix.size());
    bool ok = digits == "0" || digits[0] != '0';  // one spelling per modality: no leading zeros
    for (char c : digits) ok = ok && c >= '0' && c <= '9';
    if (ok) {
      const int r = std::stoi(digits);
      if (r < K) return modcomp::Mode{r};
      throw Napi::RangeError::New(value.Env(), where + ": " + s + " needs a modality index below data.K = " + std::to_string(K));
    }
  }
  throw Napi::RangeError::New(value.Env(), where + " must be 'joint' or 'unimodal:r' (r a modality index), got '" +
                                               s.substr(0, 40) + "'");
}

RunSpec spec_from_js(const Napi::Value& value, const std::string& where) {
  const Napi::Object obj = require_object(value, where);
  RunSpec spec;
  Napi::Value v;
  if (field(obj, "seed", v)) spec.seed = static_cast<uint64_t>(read_integer(v, where + ".seed", 0, 9007199254740991LL));
  if (field(obj, "data", v)) read_data(require_object(v, where + ".data"), where + ".data", spec.data);
  if (field(obj, "model", v)) read_model(require_object(v, where + ".model"), where + ".model", spec.model);
  Napi::Object train = Napi::Object::New(value.Env());
  if (field(obj, "train", v)) train = require_object(v, where + ".train");
  read_train(train, where + ".train", spec.data.K, spec.train);
  if (field(obj, "precision", v)) {
    const std::string precision = read_choice(v, where + ".precision", {"f32", "f64", "tf32"});
    spec.precision = precision == "f64"    ? modcomp::Precision::F64
                     : precision == "tf32" ? modcomp::Precision::TF32
                                           : modcomp::Precision::F32;
  }
  if (field(obj, "backend", v))
    spec.backend = read_choice(v, where + ".backend", {"cpu", "cuda"}) == "cuda" ? modcomp::Backend::Cuda
                                                                              : modcomp::Backend::Cpu;
  // Shapes are known only after data/model are read.
  const std::string invalid = modcomp::validate_run_spec(spec);
  if (!invalid.empty()) throw Napi::RangeError::New(value.Env(), where + ": " + invalid);
  read_imported(obj, where, spec);
  return spec;
}

std::vector<RunSpec> specs_from_js(const Napi::Value& value) {
  if (!value.IsArray()) type_error(value.Env(), "specs", "an array of run specs", value);
  const Napi::Array array = value.As<Napi::Array>();
  if (array.Length() == 0) throw Napi::RangeError::New(value.Env(), "specs must contain at least one run spec");
  if (array.Length() > 1000000) throw Napi::RangeError::New(value.Env(), "specs holds more than 1,000,000 runs");
  std::vector<RunSpec> specs;
  specs.reserve(array.Length());
  for (uint32_t i = 0; i < array.Length(); ++i) specs.push_back(spec_from_js(array.Get(i), "specs[" + std::to_string(i) + "]"));
  return specs;
}

modcomp::EngineOptions options_from_js(const Napi::Value& value, double& progress_interval_ms) {
  modcomp::EngineOptions options;
  progress_interval_ms = 50;
  if (value.IsUndefined() || value.IsNull()) return options;
  const Napi::Object obj = require_object(value, "options");
  Napi::Value v;
  if (field(obj, "threads", v)) options.threads = static_cast<int>(read_integer(v, "options.threads", 0, 256));
  if (field(obj, "memoryLimitBytes", v)) {
    options.memoryLimitBytes = read_number(v, "options.memoryLimitBytes");
    if (options.memoryLimitBytes <= 0) throw Napi::RangeError::New(value.Env(), "options.memoryLimitBytes must be > 0");
  }
  if (field(obj, "progressIntervalMs", v)) {
    progress_interval_ms = read_number(v, "options.progressIntervalMs");
    if (progress_interval_ms < 0) throw Napi::RangeError::New(value.Env(), "options.progressIntervalMs must be >= 0");
  }
  return options;
}

std::vector<std::vector<double>> weights_from_js(const Napi::Value& value, const RunSpec& spec) {
  return read_real_arrays(value, "weights", static_cast<size_t>(spec.data.K),
                          static_cast<size_t>(spec.model.m) * static_cast<size_t>(spec.data.d));
}

void check_trainable(Napi::Env env, const RunSpec& spec, const std::string& where, double memory_limit) {
  const std::string invalid = modcomp::validate_run_spec(spec);
  if (!invalid.empty()) throw Napi::RangeError::New(env, where + ": " + invalid);
  if (modcomp::estimate_run_bytes(spec, 1) > memory_limit)
    throw Napi::RangeError::New(env, where + ": " + modcomp::describe_memory_need(spec, memory_limit));
}

}  // namespace modcomp_binding
