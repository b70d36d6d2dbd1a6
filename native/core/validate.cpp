#include "validate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "gradient_blending.h"
#include "limits.h"
#include "results.h"

namespace modcomp {
namespace {

bool finite(double x) { return std::isfinite(x); }

std::string check_imported(const RunSpec& spec) {
  const ImportedData& im = *spec.importedData;
  const DataSpec& ds = spec.data;
  const size_t K = static_cast<size_t>(ds.K);
  if (im.yTrain.size() != static_cast<size_t>(ds.n) || im.yTest.size() != static_cast<size_t>(ds.nTest))
    return "importedData: yTrain/yTest lengths must equal data.n/data.nTest";
  for (double y : im.yTrain)
    if (y != 1.0 && y != -1.0) return "importedData.yTrain: every label must be +1 or -1";
  for (double y : im.yTest)
    if (y != 1.0 && y != -1.0) return "importedData.yTest: every label must be +1 or -1";
  if (im.xTrain.size() != K || im.xTest.size() != K)
    return "importedData: need one xTrain and one xTest per modality (data.K)";
  if (!im.v.empty() && im.v.size() != K) return "importedData.v: need one feature vector per modality or none";
  const size_t row = static_cast<size_t>(ds.P) * static_cast<size_t>(ds.d);
  for (size_t r = 0; r < K; ++r) {
    if (im.xTrain[r].size() != row * static_cast<size_t>(ds.n))
      return "importedData.xTrain[" + std::to_string(r) + "] must hold n*P*d values";
    if (im.xTest[r].size() != row * static_cast<size_t>(ds.nTest))
      return "importedData.xTest[" + std::to_string(r) + "] must hold nTest*P*d values";
    for (double x : im.xTrain[r])
      if (!finite(x)) return "importedData.xTrain[" + std::to_string(r) + "] holds a non-finite value";
    for (double x : im.xTest[r])
      if (!finite(x)) return "importedData.xTest[" + std::to_string(r) + "] holds a non-finite value";
    if (!im.v.empty()) {
      if (im.v[r].size() != static_cast<size_t>(ds.d))
        return "importedData.v[" + std::to_string(r) + "] must hold d values";
      double norm2 = 0;
      for (double x : im.v[r]) {
        if (!finite(x)) return "importedData.v[" + std::to_string(r) + "] holds a non-finite value";
        norm2 += x * x;
      }
      if (!(norm2 > 0)) return "importedData.v[" + std::to_string(r) + "] must not be the zero vector";
    }
  }
  return {};
}

std::string check_per_modality(const std::vector<double>& list, Setting setting, int K) {
  const Limit& row = limit(setting);
  if (list.empty()) return {};
  if (list.size() != static_cast<size_t>(K))
    return std::string(row.path) + " must have one entry per modality (data.K = " + std::to_string(K) + "), got " +
           std::to_string(list.size());
  for (int r = 0; r < K; ++r) {
    const std::string e = check_limit(row, list[r], std::string(row.path) + "[" + std::to_string(r) + "]");
    if (!e.empty()) return e;
  }
  return {};
}

// Re-estimated blending needs samples on both sides of its split, and trains the full batch of
// its training part (a mini-batch could miss that part altogether).
std::string check_blending_split(const RunSpec& spec) {
  const int n = spec.data.n, held = blending_holdout_count(n, spec.remedies.blending.holdout);
  if (held < 1 || held >= n) {
    char text[64];
    std::snprintf(text, sizeof text, "%g", spec.remedies.blending.holdout);
    return std::string("remedies.blending.holdout = ") + text + " of data.n = " + std::to_string(n) + " holds out " +
           std::to_string(held) + " samples; it must hold out at least 1 and train on at least 1";
  }
  if (spec.train.batchSize > 0 && spec.train.batchSize < n)
    return "remedies.blending.everySteps: gradient blending with re-estimated weights trains the full batch of its "
           "training part; set train.batchSize to 0";
  return {};
}

std::string validate_remedies(const RunSpec& spec) {
  const RemedySpec& rs = spec.remedies;
  std::string e;
  if (!(e = check_limit(Setting::RemediesJointWeight, rs.jointWeight)).empty()) return e;
  if (!(e = check_per_modality(rs.unimodalWeights, Setting::RemediesUnimodalWeights, spec.data.K)).empty()) return e;
  if (!(e = check_per_modality(rs.dropout, Setting::RemediesDropout, spec.data.K)).empty()) return e;
  if (!(e = check_limit(Setting::RemediesOgmAlpha, rs.ogm.alpha)).empty()) return e;
  if (!(e = check_limit(Setting::RemediesOgmStartStep, static_cast<double>(rs.ogm.startStep))).empty()) return e;
  if (!(e = check_limit(Setting::RemediesOgmEndStep, static_cast<double>(rs.ogm.endStep))).empty()) return e;
  if (rs.ogm.endStep < rs.ogm.startStep)
    return "remedies.ogm.endStep must be at least remedies.ogm.startStep = " + std::to_string(rs.ogm.startStep) +
           ", got " + std::to_string(rs.ogm.endStep);
  if (!(e = check_limit(Setting::RemediesBlendingEverySteps, static_cast<double>(rs.blending.everySteps))).empty())
    return e;
  if (!(e = check_limit(Setting::RemediesBlendingHoldout, rs.blending.holdout)).empty()) return e;
  if (rs.reestimates_weights()) return check_blending_split(spec);
  return {};
}

}  // namespace

std::string validate_run_spec(const RunSpec& spec) {
  const DataSpec& ds = spec.data;
  const ModelSpec& ms = spec.model;
  const TrainSpec& ts = spec.train;
  std::string e;
  if (!(e = check_limit(Setting::Seed, static_cast<double>(spec.seed))).empty()) return e;
  if (!(e = check_limit(Setting::DataK, ds.K)).empty()) return e;
  if (!(e = check_limit(Setting::DataD, ds.d)).empty()) return e;
  if (!(e = check_limit(Setting::DataP, ds.P)).empty()) return e;
  if (!(e = check_limit(Setting::DataN, ds.n)).empty()) return e;
  if (!(e = check_limit(Setting::DataNTest, ds.nTest)).empty()) return e;
  if (static_cast<double>(std::max(ds.n, ds.nTest)) * ds.P > kMaxSplitRows)
    return "data.n * data.P and data.nTest * data.P must be at most " + format_number(kMaxSplitRows) +
           " rows; make data.n, data.nTest or data.P smaller";
  if (ds.alpha.size() != static_cast<size_t>(ds.K))
    return "data.alpha must have one entry per modality (data.K = " + std::to_string(ds.K) + "), got " +
           std::to_string(ds.alpha.size());
  if (ds.mu.size() != static_cast<size_t>(ds.K))
    return "data.mu must have one entry per modality (data.K = " + std::to_string(ds.K) + "), got " +
           std::to_string(ds.mu.size());
  double mu_sum = 0;
  for (int r = 0; r < ds.K; ++r) {
    const std::string index = "[" + std::to_string(r) + "]";
    if (!(e = check_limit(limit(Setting::DataAlpha), ds.alpha[r], "data.alpha" + index)).empty()) return e;
    if (!(e = check_limit(limit(Setting::DataMu), ds.mu[r], "data.mu" + index)).empty()) return e;
    mu_sum += ds.mu[r];
  }
  if (ds.insufficiency == Insufficiency::Disjoint && mu_sum > 1 + 1e-12)
    return "data.mu must sum to at most 1 when data.insufficiency is 'disjoint' (got " + std::to_string(mu_sum) + ")";
  if (!(e = check_limit(Setting::DataSigmaXi, ds.sigmaXi)).empty()) return e;
  if (!(e = check_limit(Setting::DataNuisanceCount, ds.nuisanceCount)).empty()) return e;
  if (ds.nuisanceCount > ds.d)
    return "data.nuisanceCount must be at most data.d = " + std::to_string(ds.d) + ", got " +
           std::to_string(ds.nuisanceCount);
  if (!(e = check_limit(Setting::DataNuisanceScale, ds.nuisanceScale)).empty()) return e;

  if (!(e = check_limit(Setting::ModelM, ms.m)).empty()) return e;
  if (ms.head == Head::TwoClass && ms.m % 2 != 0)
    return "model.m must be even when model.head is 'twoClass' (half the neurons per class), got " +
           std::to_string(ms.m);
  if (!(e = check_limit(Setting::ModelQ, ms.q)).empty()) return e;
  if (!(e = check_limit(Setting::ModelRho, ms.rho)).empty()) return e;
  if (!(e = check_limit(Setting::ModelSigma0, ms.sigma0)).empty()) return e;

  if (!(e = check_limit(Setting::TrainEta, ts.eta)).empty()) return e;
  if (spec.precision != Precision::F64) {
    if (ds.sigmaXi > kFloat32Max || ms.sigma0 > kFloat32Max || ts.eta > kFloat32Max || ts.weightDecay > kFloat32Max)
      return "data.sigmaXi, model.sigma0, train.eta and train.weightDecay must be below " + format_number(kFloat32Max) +
             " in float32 precision";
    for (int r = 0; r < ds.K; ++r)
      if (ds.alpha[r] > kFloat32Max)
        return "data.alpha[" + std::to_string(r) + "] must be below " + format_number(kFloat32Max) +
               " in float32 precision";
  }
  if (!(e = check_limit(Setting::TrainSteps, static_cast<double>(ts.steps))).empty()) return e;
  if (!(e = check_limit(Setting::TrainRecordEvery, static_cast<double>(ts.recordEvery))).empty()) return e;
  if (ts.modes.empty()) return "train.modes must name at least one mode ('joint' or 'unimodal:r')";
  for (const Mode& mode : ts.modes)
    if (mode.modality >= ds.K)
      return "train.modes: unimodal:" + std::to_string(mode.modality) +
             " needs a modality index below data.K = " + std::to_string(ds.K);
  if (!(e = check_limit(Setting::TrainBatchSize, ts.batchSize)).empty()) return e;
  if (ts.batchSize > ds.n)
    return "train.batchSize must be at most data.n = " + std::to_string(ds.n) + " (0 is the full batch), got " +
           std::to_string(ts.batchSize);
  if (!(e = check_limit(Setting::TrainWeightDecay, ts.weightDecay)).empty()) return e;
  if (!(e = validate_remedies(spec)).empty()) return e;

  if (spec.importedData && !(e = check_imported(spec)).empty()) return e;
  if (spec.importedInit) {
    const auto& init = *spec.importedInit;
    if (init.size() != static_cast<size_t>(ds.K)) return "importedInit: need one weight matrix per modality (data.K)";
    for (size_t r = 0; r < init.size(); ++r) {
      if (init[r].size() != static_cast<size_t>(ms.m) * static_cast<size_t>(ds.d))
        return "importedInit[" + std::to_string(r) +
               "] must hold model.m*data.d = " + std::to_string(static_cast<long long>(ms.m) * ds.d) + " values";
      for (double w : init[r])
        if (!finite(w)) return "importedInit[" + std::to_string(r) + "] holds a non-finite value";
    }
  }
  return {};
}

std::string describe_memory_need(const RunSpec& spec, double limit) {
  const DataSpec& ds = spec.data;
  const double real = spec.precision == Precision::F64 ? 8.0 : 4.0;
  const double data = static_cast<double>(ds.K) * (static_cast<double>(ds.n) + ds.nTest) * ds.P * (ds.d + 1) * real;
  const double records = static_cast<double>(spec.train.steps / spec.train.recordEvery + 2);
  const double series =
      records * (static_cast<double>(ds.K) * spec.model.m * 4.0 + (kRunScalars + kPerModality * ds.K) * 8.0);
  const double total = estimate_run_bytes(spec, 1);
  return "this run needs about " + format_bytes(total) + " of memory (data " + format_bytes(data) + ", metric series " +
         format_bytes(series) + " for " + std::to_string(static_cast<long long>(records)) +
         " records, the rest weights and activations), above the limit of " + format_bytes(limit) +
         "; make data.n, data.nTest, data.P, data.d or model.m smaller, or raise train.recordEvery";
}

double estimate_run_bytes(const RunSpec& spec, int concurrent_modes) {
  const DataSpec& ds = spec.data;
  const double real = spec.precision == Precision::F64 ? 8.0 : 4.0;
  const double K = ds.K, rows = static_cast<double>(ds.n) * ds.P, test_rows = static_cast<double>(ds.nTest) * ds.P;
  const double m_padded = ((spec.model.m + 15) / 16) * 16.0;
  // Data: patches, signal coefficients and feature vectors of both splits.
  const double data = K * (rows + test_rows) * (ds.d + 1) * real + K * ds.d * real;
  // Per mode: weights, gradient, transposed weights, activation slopes, pre-activations of the
  // train and test sets (kept for the metrics), and the metric series.
  const double records = static_cast<double>(spec.train.steps / spec.train.recordEvery + 2);
  const double per_mode = K * spec.model.m * ds.d * real * 3 + K * ds.d * m_padded * real +
                          K * rows * m_padded * real * 2 + K * test_rows * m_padded * real +
                          records * (K * spec.model.m * 4.0 + (kRunScalars + kPerModality * K) * 8.0);
  return data + per_mode * concurrent_modes;
}

std::string format_bytes(double bytes) {
  char buffer[64];
  if (bytes < 1024.0) {
    std::snprintf(buffer, sizeof buffer, "%.0f bytes", bytes);
    return buffer;
  }
  if (bytes >= 1024.0 * 1024 * 1024)
    std::snprintf(buffer, sizeof buffer, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  else if (bytes >= 1024.0 * 1024)
    std::snprintf(buffer, sizeof buffer, "%.1f MiB", bytes / (1024.0 * 1024));
  else
    std::snprintf(buffer, sizeof buffer, "%.0f KiB", bytes / 1024.0);
  return buffer;
}

}  // namespace modcomp
