#include "engine.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <exception>
#include <memory>
#include <new>

#include "cuda_backend.h"
#include "dataset.h"
#include "encoder_state.h"
#include "packed_data.h"
#include "thread_pool.h"
#include "trainer.h"
#include "validate.h"

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

template <typename T>
void train_run(const RunSpec& spec, int index, Parallel& par, const EngineOptions& options, RunResult& result) {
  PackedData<T> packed;
  std::vector<std::vector<T>> init;
  {
    const Dataset<T> data = build_dataset<T>(spec, par);
    init = initial_weights<T>(spec, par);
    packed = pack_dataset<T>(data);
  }  // the unpacked copy is released before training
  result.initialGamma = initial_gammas(spec, packed, init);
  result.predictedScores = predicted_scores(spec, result.initialGamma);
  result.predictedWinner = 0;
  for (size_t r = 1; r < result.predictedScores.size(); ++r)
    if (result.predictedScores[r] > result.predictedScores[static_cast<size_t>(result.predictedWinner)])
      result.predictedWinner = static_cast<int>(r);
  for (size_t k = 0; k < spec.train.modes.size(); ++k) {
    ModeContext ctx{par, options.cancel, options.sink, nullptr, index, static_cast<int>(k)};
    result.modes.push_back(train_mode<T>(spec, packed, init, spec.train.modes[k], ctx));
  }
}

void train_one(const RunSpec& spec, int index, Parallel& par, const EngineOptions& options, RunResult& result) {
  result.index = index;
  const std::string invalid = validate_run_spec(spec);
  if (!invalid.empty()) {
    result.error = invalid;
    return;
  }
  const double need = estimate_run_bytes(spec, 1);
  if (need > options.memoryLimitBytes) {
    result.error = describe_memory_need(spec, options.memoryLimitBytes);
    return;
  }
  if (options.cancel && options.cancel->is_set()) {
    result.error = "cancelled before it started";
    return;
  }
  try {
    if (spec.precision == Precision::F64)
      train_run<double>(spec, index, par, options, result);
    else
      train_run<float>(spec, index, par, options, result);
  } catch (const std::bad_alloc&) {
    result.modes.clear();
    result.error = "out of memory while training (estimated need " + format_bytes(need) + ")";
  } catch (const std::exception& e) {
    result.modes.clear();
    result.error = std::string("training failed: ") + e.what();
  }
}

const char* precision_name(Precision p) { return p == Precision::F64 ? "f64" : p == Precision::TF32 ? "tf32" : "f32"; }

// Runs that share a shape, precision and schedule train together on the GPU.
std::string cuda_group_key(const RunSpec& s) {
  std::string key = std::to_string(s.data.K) + "/" + std::to_string(s.data.n) + "/" + std::to_string(s.data.nTest) +
                    "/" + std::to_string(s.data.P) + "/" + std::to_string(s.data.d) + "/" + std::to_string(s.model.m) +
                    "/" + precision_name(s.precision) + "/" + std::to_string(s.train.steps) + "/" +
                    std::to_string(s.train.recordEvery);
  for (const Mode& mode : s.train.modes) key += "/" + mode.name();
  return key;
}

template <typename T>
void train_cuda_group(const std::vector<RunSpec>& specs, const std::vector<size_t>& members, Parallel& par,
                      const EngineOptions& options, std::vector<RunResult>& results) {
  std::vector<Dataset<T>> data(members.size());
  std::vector<PackedData<T>> packed(members.size());
  std::vector<std::vector<std::vector<T>>> init(members.size());
  std::vector<CudaRunInput<T>> inputs;
  for (size_t i = 0; i < members.size(); ++i) {
    const RunSpec& spec = specs[members[i]];
    data[i] = build_dataset<T>(spec, par);
    init[i] = initial_weights<T>(spec, par);
    packed[i] = pack_dataset<T>(data[i]);
    RunResult& result = results[members[i]];
    result.initialGamma = initial_gammas(spec, packed[i], init[i]);
    result.predictedScores = predicted_scores(spec, result.initialGamma);
    result.predictedWinner = 0;
    for (size_t r = 1; r < result.predictedScores.size(); ++r)
      if (result.predictedScores[r] > result.predictedScores[static_cast<size_t>(result.predictedWinner)])
        result.predictedWinner = static_cast<int>(r);
  }
  for (size_t i = 0; i < members.size(); ++i)
    inputs.push_back(CudaRunInput<T>{&specs[members[i]], &data[i], &packed[i], &init[i], static_cast<int>(members[i])});
  const std::vector<Mode>& modes = specs[members.front()].train.modes;
  for (size_t k = 0; k < modes.size(); ++k) {
    CudaContext ctx{par, options.cancel, options.sink, static_cast<int>(k)};
    std::vector<ModeResult> trained = train_mode_batch_cuda<T>(inputs, modes[k], ctx);
    for (size_t i = 0; i < members.size(); ++i) results[members[i]].modes.push_back(std::move(trained[i]));
  }
}

void train_cuda_runs(const std::vector<RunSpec>& specs, const std::vector<size_t>& indices, Parallel& par,
                     const EngineOptions& options, std::vector<RunResult>& results) {
  const CudaProbe probe = probe_cuda();
  std::vector<std::pair<std::string, std::vector<size_t>>> groups;
  for (size_t i : indices) {
    RunResult& result = results[i];
    result.index = static_cast<int>(i);
    const std::string invalid = validate_run_spec(specs[i]);
    if (!invalid.empty()) {
      result.error = invalid;
      continue;
    }
    if (!probe.available) {
      result.error = "CUDA not available (" + probe.reason + ")";
      continue;
    }
    if (specs[i].train.batchSize > 0 && specs[i].train.batchSize < specs[i].data.n) {
      result.error = "train.batchSize (mini-batch SGD) is not supported by the CUDA backend yet; use backend 'cpu'";
      continue;
    }
    const std::string key = cuda_group_key(specs[i]);
    auto found = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
    if (found == groups.end())
      groups.push_back({key, {i}});
    else
      found->second.push_back(i);
  }
  for (const auto& group : groups) {
    try {
      if (specs[group.second.front()].precision == Precision::F64)
        train_cuda_group<double>(specs, group.second, par, options, results);
      else
        train_cuda_group<float>(specs, group.second, par, options, results);
    } catch (const std::exception& e) {
      for (size_t i : group.second) {
        results[i].modes.clear();
        results[i].error = e.what();
      }
    }
  }
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

std::vector<RunResult> train_batch(const std::vector<RunSpec>& specs, const EngineOptions& options) {
  std::vector<RunResult> results(specs.size());
  ThreadPool pool(resolve_thread_count(options.threads));
  std::vector<size_t> cpu_runs, cuda_runs;
  for (size_t i = 0; i < specs.size(); ++i) {
    if (specs[i].backend == Backend::Cuda) {
      cuda_runs.push_back(i);
    } else if (specs[i].precision == Precision::TF32) {
      results[i].index = static_cast<int>(i);
      results[i].error =
          "precision 'tf32' runs the products on CUDA tensor cores, so it needs backend 'cuda' (use precision 'f32' "
          "on the CPU)";
    } else {
      cpu_runs.push_back(i);
    }
  }
  if (!cuda_runs.empty()) train_cuda_runs(specs, cuda_runs, pool, options, results);
  // Many runs: one run per thread, each single-threaded. Few runs: all threads inside each run.
  // Either way every number is the same, because no kernel's rounding depends on the split.
  if (cpu_runs.size() >= 2 && cpu_runs.size() >= static_cast<size_t>(pool.threads())) {
    pool.run(cpu_runs.size(), [&](size_t k) {
      SerialExecutor serial;
      const size_t i = cpu_runs[k];
      train_one(specs[i], static_cast<int>(i), serial, options, results[i]);
    });
  } else {
    for (size_t i : cpu_runs) train_one(specs[i], static_cast<int>(i), pool, options, results[i]);
  }
  return results;
}

}  // namespace modcomp
