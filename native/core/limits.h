// Every numeric limit of the engine, in one table. validate.cpp checks a run against it, the
// binding reads each number within it, the thread pool caps its threads by it, and the addon
// exports it (capabilities().limits), so the settings schema and the reference engine are tested
// against these very numbers. A row is named by the setting's schema path, the name every
// message uses.
//
// A new numeric setting: add its name to Setting and its row to kLimits (in the same place),
// read it in the binding with read_setting and check it in validate_run_spec; the limits test
// then requires the schema's range to lie inside this one and the reference engine to agree.
#pragma once

#include <cstddef>
#include <limits>
#include <string>

namespace modcomp {

enum class Setting {
  Seed,
  DataK,
  DataD,
  DataP,
  DataN,
  DataNTest,
  DataAlpha,  // each entry; the list holds data.K entries
  DataMu,     // each entry
  DataSigmaXi,
  DataNuisanceCount,  // also at most data.d
  DataNuisanceScale,
  ModelM,
  ModelQ,
  ModelRho,
  ModelSigma0,
  TrainEta,
  TrainSteps,
  TrainRecordEvery,
  TrainBatchSize,  // also at most data.n
  TrainWeightDecay,
  RemediesJointWeight,
  RemediesUnimodalWeights,  // each entry; the list holds data.K entries
  RemediesDropout,          // each entry
  RemediesOgmAlpha,
  RemediesOgmStartStep,
  RemediesOgmEndStep,
  RemediesBlendingEverySteps,
  RemediesBlendingHoldout,
  OptionsThreads,
  Count
};

struct Limit {
  Setting setting;
  const char* path;  // the schema path; a list entry adds its index ("data.alpha[1]")
  bool integer;
  double min, max;
  bool aboveMin;  // min itself is refused (model.rho > 0)
};

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// Sizes stay far from integer overflow in every size product and loop bound; the memory limit
// narrows them further for each run. P = 1024 patches of 2^24 samples would overflow the row
// index, so the rows of a split have their own bound (kMaxSplitRows below).
inline constexpr Limit kLimits[] = {
    {Setting::Seed, "seed", true, 0, 9007199254740991.0, false},  // 2^53 - 1: exact as a JS number
    {Setting::DataK, "data.K", true, 1, 64, false},
    {Setting::DataD, "data.d", true, 1, 1 << 22, false},
    {Setting::DataP, "data.P", true, 1, 1024, false},
    {Setting::DataN, "data.n", true, 1, 1 << 24, false},
    {Setting::DataNTest, "data.nTest", true, 1, 1 << 24, false},
    {Setting::DataAlpha, "data.alpha", false, 0, kUnbounded, false},
    {Setting::DataMu, "data.mu", false, 0, 1, false},
    {Setting::DataSigmaXi, "data.sigmaXi", false, 0, kUnbounded, false},
    {Setting::DataNuisanceCount, "data.nuisanceCount", true, 0, 1 << 22, false},
    {Setting::DataNuisanceScale, "data.nuisanceScale", false, 0, kUnbounded, false},
    {Setting::ModelM, "model.m", true, 1, 1 << 16, false},
    {Setting::ModelQ, "model.q", false, 1, 64, false},
    {Setting::ModelRho, "model.rho", false, 0, kUnbounded, true},
    {Setting::ModelSigma0, "model.sigma0", false, 0, kUnbounded, false},
    {Setting::TrainEta, "train.eta", false, 0, kUnbounded, true},
    {Setting::TrainSteps, "train.steps", true, 0, 1e9, false},
    {Setting::TrainRecordEvery, "train.recordEvery", true, 1, 1e9, false},
    {Setting::TrainBatchSize, "train.batchSize", true, 0, 1 << 24, false},
    {Setting::TrainWeightDecay, "train.weightDecay", false, 0, kUnbounded, false},
    // Balancing remedies (beyond the paper); loss weights are finite so that no sum overflows.
    {Setting::RemediesJointWeight, "remedies.jointWeight", false, 0, 1e6, false},
    {Setting::RemediesUnimodalWeights, "remedies.unimodalWeights", false, 0, 1e6, false},
    {Setting::RemediesDropout, "remedies.dropout", false, 0, 1, false},
    {Setting::RemediesOgmAlpha, "remedies.ogm.alpha", false, 0, 1e6, false},
    {Setting::RemediesOgmStartStep, "remedies.ogm.startStep", true, 0, 1e9, false},
    {Setting::RemediesOgmEndStep, "remedies.ogm.endStep", true, 0, 1e9, false},
    {Setting::RemediesBlendingEverySteps, "remedies.blending.everySteps", true, 0, 1e9, false},
    // At most half the training samples held out, so the joint net still trains on the most.
    {Setting::RemediesBlendingHoldout, "remedies.blending.holdout", false, 0, 0.5, true},
    {Setting::OptionsThreads, "options.threads", true, 0, 256, false},  // 0: every hardware thread
};
constexpr size_t kLimitCount = sizeof(kLimits) / sizeof(kLimits[0]);

constexpr bool limits_in_setting_order() {
  for (size_t i = 0; i < kLimitCount; ++i)
    if (static_cast<size_t>(kLimits[i].setting) != i) return false;
  return kLimitCount == static_cast<size_t>(Setting::Count);
}
static_assert(limits_in_setting_order(), "kLimits needs one row per Setting, in Setting order");

constexpr const Limit& limit(Setting s) { return kLimits[static_cast<size_t>(s)]; }

// Rows (samples x patches) of one split are indexed by 32-bit integers, on the GPU signed ones.
constexpr double kMaxSplitRows = 2147483647.0;
// Runs of one train() call.
constexpr size_t kMaxRunsPerBatch = 1000000;
// Modes of one run: joint and one unimodal mode per modality.
constexpr size_t kMaxModes = 1 + static_cast<size_t>(limit(Setting::DataK).max);
// In float32 these settings would overflow before the first step.
constexpr double kFloat32Max = 3.0e38;

// "an integer in [1, 1024]", "a finite number > 0", "a finite number in [0, 1]".
std::string describe_limit(const Limit& limit);
// Empty when `value` is within the limit, else "<path> must be <describe_limit>, got <value>";
// `path` is the row's path or, for a list entry, the entry's ("data.mu[1]").
std::string check_limit(const Limit& limit, double value, const std::string& path);
std::string check_limit(Setting setting, double value);
// The shortest decimal that reads back as `value` (integers without exponent up to 2^53).
std::string format_number(double value);

}  // namespace modcomp
