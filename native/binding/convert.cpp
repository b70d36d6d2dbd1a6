#include "convert.h"

#include <cmath>

#include "limits.h"
#include "validate.h"

namespace modcomp_binding {
namespace {

using modcomp::RunSpec;

// A string a message quotes back is cut to this many characters: enough to recognise a typo.
constexpr size_t kQuotedChars = 40;
std::string quoted(const std::string& s) { return s.substr(0, kQuotedChars); }

// The least time between two progress batches of one (run, mode), unless options say otherwise.
constexpr double kDefaultProgressIntervalMs = 50;

std::string describe(const Napi::Value& v) {
  if (v.IsUndefined()) return "undefined";
  if (v.IsNull()) return "null";
  if (v.IsBoolean()) return v.As<Napi::Boolean>().Value() ? "true" : "false";
  if (v.IsNumber()) return modcomp::format_number(v.As<Napi::Number>().DoubleValue());
  if (v.IsString()) return "a string";
  if (v.IsArray()) return "an array";
  if (v.IsTypedArray()) return "a typed array";
  if (v.IsFunction()) return "a function";
  if (v.IsObject()) return "an object";
  return "an unsupported value";
}

// Messages name a setting by its schema path ("data.P"), after the run's place in a batch when
// there is one ("specs[2]: data.P must be ..."), so callers can drop the place for single runs.
std::string named(const std::string& run, const std::string& message) {
  return run.empty() ? message : run + ": " + message;
}

[[noreturn]] void type_error(const Napi::Env& env, const std::string& run, const std::string& path,
                             const std::string& expected, const Napi::Value& got) {
  throw Napi::TypeError::New(env, named(run, path + " must be " + expected + ", got " + describe(got)));
}

[[noreturn]] void range_error(const Napi::Env& env, const std::string& run, const std::string& message) {
  throw Napi::RangeError::New(env, named(run, message));
}

Napi::Object require_object(const Napi::Value& v, const std::string& run, const std::string& path) {
  // Typed arrays, buffers, dates and promises are objects too, but never a settings object.
  if (!v.IsObject() || v.IsArray() || v.IsFunction() || v.IsTypedArray() || v.IsArrayBuffer() || v.IsDataView() ||
      v.IsDate() || v.IsPromise()) {
    if (path.empty()) throw Napi::TypeError::New(v.Env(), run + " must be a plain object, got " + describe(v));
    type_error(v.Env(), run, path, "a plain object", v);
  }
  return v.As<Napi::Object>();
}

// Reads obj[key] if present; returns false when absent (the engine default stays).
bool field(const Napi::Object& obj, const char* key, Napi::Value& out) {
  if (!obj.HasOwnProperty(key)) return false;
  out = obj.Get(key);
  return !out.IsUndefined();
}

// A number within its row of the limits table; `path` is the row's, or a list entry's.
double read_setting(const Napi::Value& v, const std::string& run, const modcomp::Limit& limit,
                    const std::string& path) {
  if (!v.IsNumber()) type_error(v.Env(), run, path, limit.integer ? "an integer" : "a number", v);
  const double x = v.As<Napi::Number>().DoubleValue();
  const std::string invalid = modcomp::check_limit(limit, x, path);
  if (!invalid.empty()) range_error(v.Env(), run, invalid);
  return x;
}

double read_setting(const Napi::Value& v, const std::string& run, modcomp::Setting setting) {
  const modcomp::Limit& limit = modcomp::limit(setting);
  return read_setting(v, run, limit, limit.path);
}

// Sizes and counts: the table keeps each within int.
int read_int_setting(const Napi::Value& v, const std::string& run, modcomp::Setting setting) {
  return static_cast<int>(read_setting(v, run, setting));
}

// A positive (or non-negative) engine option that is not a setting of a run.
double read_option(const Napi::Value& v, const std::string& path, bool zero_allowed) {
  if (!v.IsNumber()) type_error(v.Env(), "", path, "a number", v);
  const double x = v.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(x) || x < 0 || (!zero_allowed && x == 0))
    range_error(v.Env(), "",
                path + " must be a finite number " + (zero_allowed ? ">= 0" : "> 0") + ", got " + describe(v));
  return x;
}

bool read_bool(const Napi::Value& v, const std::string& run, const std::string& path) {
  if (!v.IsBoolean()) type_error(v.Env(), run, path, "true or false", v);
  return v.As<Napi::Boolean>().Value();
}

std::string read_choice(const Napi::Value& v, const std::string& run, const std::string& path,
                        const std::vector<std::string>& choices) {
  std::string allowed;
  for (size_t i = 0; i < choices.size(); ++i) allowed += (i ? ", '" : "'") + choices[i] + "'";
  if (!v.IsString()) type_error(v.Env(), run, path, "one of " + allowed, v);
  const std::string s = v.As<Napi::String>().Utf8Value();
  for (const std::string& c : choices)
    if (s == c) return s;
  range_error(v.Env(), run, path + " must be one of " + allowed + ", got '" + quoted(s) + "'");
}

// One entry per modality, each within the setting's row.
std::vector<double> read_per_modality(const Napi::Value& v, const std::string& run, modcomp::Setting setting) {
  const modcomp::Limit& limit = modcomp::limit(setting);
  const std::string path = limit.path;
  if (!v.IsArray()) type_error(v.Env(), run, path, "an array of numbers", v);
  const Napi::Array array = v.As<Napi::Array>();
  const double max_length = modcomp::limit(modcomp::Setting::DataK).max;
  if (array.Length() > max_length)
    range_error(v.Env(), run,
                path + " has " + std::to_string(array.Length()) + " entries; at most " +
                    modcomp::format_number(max_length) + " (one per modality) are allowed");
  std::vector<double> out;
  for (uint32_t i = 0; i < array.Length(); ++i)
    out.push_back(read_setting(array.Get(i), run, limit, path + "[" + std::to_string(i) + "]"));
  return out;
}

// A Float32Array or Float64Array, copied to doubles; the length must equal `expected`.
std::vector<double> read_real_array(const Napi::Value& v, const std::string& run, const std::string& path,
                                    size_t expected) {
  if (!v.IsTypedArray()) type_error(v.Env(), run, path, "a Float32Array or Float64Array", v);
  const Napi::TypedArray typed = v.As<Napi::TypedArray>();
  if (typed.ElementLength() != expected)
    range_error(
        v.Env(), run,
        path + " must hold " + std::to_string(expected) + " values, got " + std::to_string(typed.ElementLength()));
  std::vector<double> out(expected);
  if (typed.TypedArrayType() == napi_float64_array) {
    const double* data = v.As<Napi::Float64Array>().Data();
    for (size_t i = 0; i < expected; ++i) out[i] = data[i];
  } else if (typed.TypedArrayType() == napi_float32_array) {
    const float* data = v.As<Napi::Float32Array>().Data();
    for (size_t i = 0; i < expected; ++i) out[i] = data[i];
  } else {
    type_error(v.Env(), run, path, "a Float32Array or Float64Array", v);
  }
  for (size_t i = 0; i < expected; ++i)
    if (!std::isfinite(out[i])) range_error(v.Env(), run, path + "[" + std::to_string(i) + "] is not finite");
  return out;
}

std::vector<std::vector<double>> read_real_arrays(const Napi::Value& v, const std::string& run, const std::string& path,
                                                  size_t count, size_t each) {
  if (!v.IsArray()) type_error(v.Env(), run, path, "an array of typed arrays", v);
  const Napi::Array array = v.As<Napi::Array>();
  if (array.Length() != count)
    range_error(v.Env(), run,
                path + " must have " + std::to_string(count) + " entries (one per modality), got " +
                    std::to_string(array.Length()));
  std::vector<std::vector<double>> out;
  for (uint32_t i = 0; i < count; ++i)
    out.push_back(read_real_array(array.Get(i), run, path + "[" + std::to_string(i) + "]", each));
  return out;
}

using modcomp::Setting;

void read_data(const Napi::Object& obj, const std::string& run, modcomp::DataSpec& ds) {
  Napi::Value v;
  if (field(obj, "K", v)) ds.K = read_int_setting(v, run, Setting::DataK);
  if (field(obj, "d", v)) ds.d = read_int_setting(v, run, Setting::DataD);
  if (field(obj, "P", v)) ds.P = read_int_setting(v, run, Setting::DataP);
  if (field(obj, "n", v)) ds.n = read_int_setting(v, run, Setting::DataN);
  if (field(obj, "nTest", v)) ds.nTest = read_int_setting(v, run, Setting::DataNTest);
  if (field(obj, "alpha", v))
    ds.alpha = read_per_modality(v, run, Setting::DataAlpha);
  else
    ds.alpha.resize(static_cast<size_t>(ds.K), ds.alpha.empty() ? 1.0 : ds.alpha.back());
  if (field(obj, "mu", v))
    ds.mu = read_per_modality(v, run, Setting::DataMu);
  else
    ds.mu.resize(static_cast<size_t>(ds.K), 0.0);
  if (field(obj, "sigmaXi", v)) ds.sigmaXi = read_setting(v, run, Setting::DataSigmaXi);
  if (field(obj, "insufficiency", v))
    ds.insufficiency = read_choice(v, run, "data.insufficiency", {"independent", "disjoint"}) == "disjoint"
                           ? modcomp::Insufficiency::Disjoint
                           : modcomp::Insufficiency::Independent;
  if (field(obj, "dictionary", v))
    ds.dictionary = read_choice(v, run, "data.dictionary", {"basis", "random"}) == "random"
                        ? modcomp::Dictionary::Random
                        : modcomp::Dictionary::Basis;
  if (field(obj, "noiseOrthogonal", v)) ds.noiseOrthogonal = read_bool(v, run, "data.noiseOrthogonal");
  if (field(obj, "cleanSignal", v)) ds.cleanSignal = read_bool(v, run, "data.cleanSignal");
  if (field(obj, "nuisanceCount", v)) ds.nuisanceCount = read_int_setting(v, run, Setting::DataNuisanceCount);
  if (field(obj, "nuisanceScale", v)) ds.nuisanceScale = read_setting(v, run, Setting::DataNuisanceScale);
}

void read_model(const Napi::Object& obj, const std::string& run, modcomp::ModelSpec& ms) {
  Napi::Value v;
  if (field(obj, "m", v)) ms.m = read_int_setting(v, run, Setting::ModelM);
  if (field(obj, "q", v)) ms.q = read_setting(v, run, Setting::ModelQ);
  if (field(obj, "rho", v)) ms.rho = read_setting(v, run, Setting::ModelRho);
  if (field(obj, "sigma0", v)) ms.sigma0 = read_setting(v, run, Setting::ModelSigma0);
  if (field(obj, "head", v))
    ms.head =
        read_choice(v, run, "model.head", {"twoClass", "odd"}) == "odd" ? modcomp::Head::Odd : modcomp::Head::TwoClass;
  if (field(obj, "headScale", v))
    ms.headScale = read_choice(v, run, "model.headScale", {"one", "inverseM"}) == "inverseM"
                       ? modcomp::HeadScale::InverseM
                       : modcomp::HeadScale::One;
}

modcomp::Mode read_mode(const Napi::Value& value, const std::string& run, const std::string& path, int K);

void read_train(const Napi::Object& obj, const std::string& run, int K, modcomp::TrainSpec& ts) {
  Napi::Value v;
  if (field(obj, "eta", v)) ts.eta = read_setting(v, run, Setting::TrainEta);
  if (field(obj, "steps", v)) ts.steps = static_cast<int64_t>(read_setting(v, run, Setting::TrainSteps));
  if (field(obj, "recordEvery", v))
    ts.recordEvery = static_cast<int64_t>(read_setting(v, run, Setting::TrainRecordEvery));
  if (field(obj, "batchSize", v)) ts.batchSize = read_int_setting(v, run, Setting::TrainBatchSize);
  if (field(obj, "weightDecay", v)) ts.weightDecay = read_setting(v, run, Setting::TrainWeightDecay);
  if (field(obj, "modes", v)) {
    if (!v.IsArray()) type_error(v.Env(), run, "train.modes", "an array of mode names", v);
    const Napi::Array modes = v.As<Napi::Array>();
    if (modes.Length() > modcomp::kMaxModes)
      range_error(v.Env(), run,
                  "train.modes has " + std::to_string(modes.Length()) + " entries; at most " +
                      std::to_string(modcomp::kMaxModes) + " (joint and one per modality) are allowed");
    for (uint32_t i = 0; i < modes.Length(); ++i)
      ts.modes.push_back(read_mode(modes.Get(i), run, "train.modes[" + std::to_string(i) + "]", K));
  } else {
    ts.modes.push_back(modcomp::Mode{-1});
    for (int r = 0; r < K; ++r) ts.modes.push_back(modcomp::Mode{r});
  }
}

// remedies: { jointWeight, unimodalWeights, dropout, ogm: { alpha, noise, startStep, endStep },
// blending: { everySteps, holdout } };
// every field optional (off), the lists one entry per modality.
void read_remedies(const Napi::Object& obj, const std::string& run, int K, modcomp::RemedySpec& rs) {
  Napi::Value v;
  if (field(obj, "jointWeight", v)) rs.jointWeight = read_setting(v, run, Setting::RemediesJointWeight);
  // A list given is one entry per modality; only an absent list means "all 0".
  const auto per_modality = [&](const Napi::Value& value, Setting setting) {
    std::vector<double> list = read_per_modality(value, run, setting);
    if (list.size() != static_cast<size_t>(K))
      range_error(value.Env(), run,
                  std::string(modcomp::limit(setting).path) + " must have one entry per modality (data.K = " +
                      std::to_string(K) + "), got " + std::to_string(list.size()));
    return list;
  };
  if (field(obj, "unimodalWeights", v)) rs.unimodalWeights = per_modality(v, Setting::RemediesUnimodalWeights);
  if (field(obj, "dropout", v)) rs.dropout = per_modality(v, Setting::RemediesDropout);
  if (field(obj, "ogm", v)) {
    const Napi::Object ogm = require_object(v, run, "remedies.ogm");
    if (field(ogm, "alpha", v)) rs.ogm.alpha = read_setting(v, run, Setting::RemediesOgmAlpha);
    if (field(ogm, "noise", v)) rs.ogm.noise = read_bool(v, run, "remedies.ogm.noise");
    if (field(ogm, "startStep", v))
      rs.ogm.startStep = static_cast<int64_t>(read_setting(v, run, Setting::RemediesOgmStartStep));
    if (field(ogm, "endStep", v))
      rs.ogm.endStep = static_cast<int64_t>(read_setting(v, run, Setting::RemediesOgmEndStep));
  }
  if (field(obj, "blending", v)) {
    const Napi::Object blending = require_object(v, run, "remedies.blending");
    if (field(blending, "everySteps", v))
      rs.blending.everySteps = static_cast<int64_t>(read_setting(v, run, Setting::RemediesBlendingEverySteps));
    if (field(blending, "holdout", v)) rs.blending.holdout = read_setting(v, run, Setting::RemediesBlendingHoldout);
  }
}

void read_imported(const Napi::Object& obj, const std::string& run, RunSpec& spec) {
  Napi::Value v;
  const size_t K = static_cast<size_t>(spec.data.K), n = static_cast<size_t>(spec.data.n),
               nt = static_cast<size_t>(spec.data.nTest);
  const size_t row = static_cast<size_t>(spec.data.P) * static_cast<size_t>(spec.data.d);
  if (field(obj, "importedData", v)) {
    const Napi::Object im = require_object(v, run, "importedData");
    auto data = std::make_shared<modcomp::ImportedData>();
    Napi::Value f;
    if (!field(im, "yTrain", f) || !field(im, "yTest", f) || !field(im, "xTrain", f) || !field(im, "xTest", f))
      throw Napi::TypeError::New(v.Env(), named(run, "importedData needs yTrain, yTest, xTrain and xTest"));
    data->yTrain = read_real_array(im.Get("yTrain"), run, "importedData.yTrain", n);
    data->yTest = read_real_array(im.Get("yTest"), run, "importedData.yTest", nt);
    data->xTrain = read_real_arrays(im.Get("xTrain"), run, "importedData.xTrain", K, n * row);
    data->xTest = read_real_arrays(im.Get("xTest"), run, "importedData.xTest", K, nt * row);
    if (field(im, "v", f)) data->v = read_real_arrays(f, run, "importedData.v", K, static_cast<size_t>(spec.data.d));
    spec.importedData = data;
  }
  if (field(obj, "importedInit", v)) {
    spec.importedInit = std::make_shared<const std::vector<std::vector<double>>>(read_real_arrays(
        v, run, "importedInit", K, static_cast<size_t>(spec.model.m) * static_cast<size_t>(spec.data.d)));
  }
}

// 'joint' or 'unimodal:r', one spelling per modality (no leading zeros).
modcomp::Mode read_mode(const Napi::Value& value, const std::string& run, const std::string& path, int K) {
  if (!value.IsString()) type_error(value.Env(), run, path, "'joint' or 'unimodal:r'", value);
  const std::string s = value.As<Napi::String>().Utf8Value();
  if (s == "joint") return modcomp::Mode{-1};
  const std::string prefix = "unimodal:";
  if (s.compare(0, prefix.size(), prefix) == 0 && s.size() > prefix.size()) {
    const std::string digits = s.substr(prefix.size());
    bool ok = digits == "0" || digits[0] != '0';
    long long r = 0;
    for (char c : digits) {
      ok = ok && c >= '0' && c <= '9';
      if (ok && r <= K) r = r * 10 + (c - '0');  // decimal digits; stops growing past every index
    }
    if (ok) {
      if (r < K) return modcomp::Mode{static_cast<int>(r)};
      range_error(value.Env(), run,
                  path + ": " + quoted(s) + " needs a modality index below data.K = " + std::to_string(K));
    }
  }
  range_error(value.Env(), run,
              path + " must be 'joint' or 'unimodal:r' (r a modality index), got '" + quoted(s) + "'");
}

}  // namespace

modcomp::Mode mode_from_js(const Napi::Value& value, const std::string& where, int K) {
  return read_mode(value, "", where, K);
}

RunSpec spec_from_js(const Napi::Value& value, const std::string& run) {
  const Napi::Object obj = require_object(value, run, "");
  RunSpec spec;
  Napi::Value v;
  if (field(obj, "seed", v)) spec.seed = static_cast<uint64_t>(read_setting(v, run, Setting::Seed));
  if (field(obj, "data", v)) read_data(require_object(v, run, "data"), run, spec.data);
  if (field(obj, "model", v)) read_model(require_object(v, run, "model"), run, spec.model);
  Napi::Object train = Napi::Object::New(value.Env());
  if (field(obj, "train", v)) train = require_object(v, run, "train");
  read_train(train, run, spec.data.K, spec.train);
  if (field(obj, "remedies", v)) read_remedies(require_object(v, run, "remedies"), run, spec.data.K, spec.remedies);
  if (field(obj, "precision", v)) {
    const std::string precision = read_choice(v, run, "precision", {"f32", "f64", "tf32"});
    spec.precision = precision == "f64"    ? modcomp::Precision::F64
                     : precision == "tf32" ? modcomp::Precision::TF32
                                           : modcomp::Precision::F32;
  }
  if (field(obj, "backend", v))
    spec.backend =
        read_choice(v, run, "backend", {"cpu", "cuda"}) == "cuda" ? modcomp::Backend::Cuda : modcomp::Backend::Cpu;
  // Shapes are known only after data/model are read.
  const std::string invalid = modcomp::validate_run_spec(spec);
  if (!invalid.empty()) range_error(value.Env(), run, invalid);
  read_imported(obj, run, spec);
  return spec;
}

std::vector<RunSpec> specs_from_js(const Napi::Value& value) {
  if (!value.IsArray()) type_error(value.Env(), "", "specs", "an array of run specs", value);
  const Napi::Array array = value.As<Napi::Array>();
  if (array.Length() == 0) range_error(value.Env(), "", "specs must contain at least one run spec");
  if (array.Length() > modcomp::kMaxRunsPerBatch)
    range_error(value.Env(), "",
                "specs holds " + std::to_string(array.Length()) + " runs; at most " +
                    std::to_string(modcomp::kMaxRunsPerBatch) + " train in one call");
  std::vector<RunSpec> specs;
  specs.reserve(array.Length());
  for (uint32_t i = 0; i < array.Length(); ++i) specs.push_back(spec_from_js(array.Get(i), batch_position(i)));
  return specs;
}

std::string batch_position(size_t index) { return "specs[" + std::to_string(index) + "]"; }

modcomp::EngineOptions options_from_js(const Napi::Value& value, double& progress_interval_ms) {
  modcomp::EngineOptions options;
  progress_interval_ms = kDefaultProgressIntervalMs;
  if (value.IsUndefined() || value.IsNull()) return options;
  const Napi::Object obj = require_object(value, "", "options");
  Napi::Value v;
  if (field(obj, "threads", v)) options.threads = read_int_setting(v, "", Setting::OptionsThreads);
  if (field(obj, "memoryLimitBytes", v)) options.memoryLimitBytes = read_option(v, "options.memoryLimitBytes", false);
  if (field(obj, "progressIntervalMs", v)) progress_interval_ms = read_option(v, "options.progressIntervalMs", true);
  return options;
}

std::vector<std::vector<double>> weights_from_js(const Napi::Value& value, const RunSpec& spec) {
  return read_real_arrays(value, "", "weights", static_cast<size_t>(spec.data.K),
                          static_cast<size_t>(spec.model.m) * static_cast<size_t>(spec.data.d));
}

double read_evaluation_step(const Napi::Value& value, const RunSpec& spec) {
  if (!value.IsNumber()) type_error(value.Env(), "", "step", "an integer", value);
  const double x = value.As<Napi::Number>().DoubleValue();
  if (!std::isfinite(x) || x != std::floor(x) || x < 0 || x > static_cast<double>(spec.train.steps))
    range_error(value.Env(), "",
                "step must be an integer in [0, " + std::to_string(spec.train.steps) + "] (train.steps), got " +
                    describe(value));
  return x;
}

void check_trainable(Napi::Env env, const RunSpec& spec, const std::string& run, double memory_limit) {
  const std::string invalid = modcomp::validate_run_spec(spec);
  if (!invalid.empty()) range_error(env, run, invalid);
  if (modcomp::estimate_run_bytes(spec, 1) > memory_limit)
    range_error(env, run, modcomp::describe_memory_need(spec, memory_limit));
}

}  // namespace modcomp_binding
