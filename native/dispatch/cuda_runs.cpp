#include "cuda_runs.h"

#include <algorithm>
#include <exception>
#include <string>
#include <utility>

#include "cuda_backend.h"
#include "dataset.h"
#include "packed_data.h"
#include "run_predictions.h"
#include "validate.h"

namespace modcomp {
namespace {

const char* precision_name(Precision p) { return p == Precision::F64 ? "f64" : p == Precision::TF32 ? "tf32" : "f32"; }

// Why the CUDA backend cannot train this (valid) run, or empty when it can.
std::string cuda_refusal(const RunSpec& spec) {
  if (spec.train.batchSize > 0 && spec.train.batchSize < spec.data.n)
    return "train.batchSize (mini-batch SGD) is not supported by the CUDA backend yet; use backend 'cpu'";
  const RemedySpec& rs = spec.remedies;
  bool aux = false, dropout = false;
  for (double w : rs.unimodalWeights) aux = aux || w != 0;
  for (double p : rs.dropout) dropout = dropout || p != 0;
  if (rs.reestimates_weights())
    return "remedies.blending (gradient blending with re-estimated weights) is not supported by the CUDA backend "
           "yet; use backend 'cpu'";
  if (aux || rs.jointWeight != 1)
    return "remedies.unimodalWeights / remedies.jointWeight (unimodal auxiliary losses, gradient blending) are not "
           "supported by the CUDA backend yet; use backend 'cpu'";
  if (dropout) return "remedies.dropout (modality dropout) is not supported by the CUDA backend yet; use backend 'cpu'";
  if (rs.modulates())
    return "remedies.ogm (OGM-GE gradient modulation) is not supported by the CUDA backend yet; use backend 'cpu'";
  return {};
}

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
void train_group(const std::vector<RunSpec>& specs, const std::vector<size_t>& members, Parallel& par,
                 const CudaRunsControl& control, std::vector<RunResult>& results) {
  std::vector<Dataset<T>> data(members.size());
  std::vector<PackedData<T>> packed(members.size());
  std::vector<std::vector<std::vector<T>>> init(members.size());
  std::vector<CudaRunInput<T>> inputs;
  for (size_t i = 0; i < members.size(); ++i) {
    const RunSpec& spec = specs[members[i]];
    data[i] = build_dataset<T>(spec, par);
    init[i] = initial_weights<T>(spec, par);
    packed[i] = pack_dataset<T>(data[i]);
    predict_run(spec, packed[i], init[i], results[members[i]]);
  }
  for (size_t i = 0; i < members.size(); ++i)
    inputs.push_back(CudaRunInput<T>{&specs[members[i]], &data[i], &packed[i], &init[i], static_cast<int>(members[i])});
  const std::vector<Mode>& modes = specs[members.front()].train.modes;
  for (size_t k = 0; k < modes.size(); ++k) {
    CudaContext ctx{par, control.cancel, control.sink, static_cast<int>(k)};
    std::vector<ModeResult> trained = train_mode_batch_cuda<T>(inputs, modes[k], ctx);
    for (size_t i = 0; i < members.size(); ++i) results[members[i]].modes.push_back(std::move(trained[i]));
  }
}

}  // namespace

void train_cuda_runs(const std::vector<RunSpec>& specs, const std::vector<size_t>& indices, Parallel& par,
                     const CudaRunsControl& control, std::vector<RunResult>& results) {
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
    // What the backend cannot train is refused whether or not a device answers.
    const std::string refusal = cuda_refusal(specs[i]);
    if (!refusal.empty()) {
      result.error = refusal;
      continue;
    }
    if (!probe.available) {
      result.error = "CUDA not available (" + probe.reason + ")";
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
        train_group<double>(specs, group.second, par, control, results);
      else
        train_group<float>(specs, group.second, par, control, results);
    } catch (const std::exception& e) {
      for (size_t i : group.second) {
        results[i].modes.clear();
        results[i].error = e.what();
      }
    }
  }
}

}  // namespace modcomp
