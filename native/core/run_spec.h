// The resolved configuration of one run, as plain C++ values (no Node or CUDA types).
// Field names mirror the TypeScript schema (src-main/config/schema.ts) one to one.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace modcomp {

enum class Insufficiency { Independent, Disjoint };
enum class Dictionary { Basis, Random };
enum class Head { TwoClass, Odd };
enum class HeadScale { One, InverseM };
// TF32: f32 storage and arithmetic, with the two products on CUDA tensor cores (TF32 inputs, f32
// accumulation); CUDA only.
enum class Precision { F32, F64, TF32 };
enum class Backend { Cpu, Cuda };

struct DataSpec {
  int K = 2, d = 500, P = 2, n = 50, nTest = 1000;
  std::vector<double> alpha{1.0, 0.6}, mu{0.3, 0.05};
  double sigmaXi = 0.05;
  Insufficiency insufficiency = Insufficiency::Independent;
  Dictionary dictionary = Dictionary::Basis;
  bool noiseOrthogonal = true, cleanSignal = true;
  int nuisanceCount = 0;
  double nuisanceScale = 1.0;
};

struct ModelSpec {
  int m = 20;
  double q = 3.0, rho = 0.1, sigma0 = 5e-4;
  Head head = Head::TwoClass;
  HeadScale headScale = HeadScale::One;
};

// A mode trains either every encoder through the fused output (joint, modality = -1) or one
// encoder alone on its own modality (unimodal, modality = r).
struct Mode {
  int modality = -1;
  bool joint() const { return modality < 0; }
  std::string name() const { return joint() ? std::string("joint") : "unimodal:" + std::to_string(modality); }
};

struct TrainSpec {
  double eta = 0.25;
  int64_t steps = 4000, recordEvery = 20;
  std::vector<Mode> modes;
  int batchSize = 0;  // 0 = full batch
  double weightDecay = 0.0;
};

// Balancing remedies for modality competition (beyond the paper). They change only the joint
// mode's training; unimodal modes train their encoder alone as before. All off by default.
struct OgmSpec {
  // Gradient modulation after OGM-GE (Peng et al., CVPR 2022): alpha > 0 turns it on.
  double alpha = 0;
  bool noise = false;                           // the GE part: Gaussian noise of the gradient's own spread
  int64_t startStep = 0, endStep = 1000000000;  // modulates while startStep <= step < endStep
};

struct BlendingSpec {
  // Gradient blending with weights re-estimated every everySteps steps (0: the weights stay as
  // set) from each loss term's overfitting-to-generalisation ratio, measured on a held-out
  // fraction of the training samples that the joint mode then does not train on
  // (gradient_blending.h says how).
  int64_t everySteps = 0;
  double holdout = 0.2;
};

struct RemedySpec {
  // L = jointWeight * L_joint + sum_r unimodalWeights[r] * L(f_r(X_r), y): unimodal auxiliary
  // losses (jointWeight 1), or gradient blending (Wang et al., CVPR 2020) with these weights
  // fixed, or as the starting weights that `blending` re-estimates.
  double jointWeight = 1;
  std::vector<double> unimodalWeights;  // empty: all 0; else one per modality
  std::vector<double> dropout;          // modality dropout probability p_r; empty: all 0
  OgmSpec ogm;
  BlendingSpec blending;

  bool reestimates_weights() const { return blending.everySteps > 0; }
  bool changes_loss() const {
    if (jointWeight != 1 || reestimates_weights()) return true;
    for (double w : unimodalWeights)
      if (w != 0) return true;
    for (double p : dropout)
      if (p != 0) return true;
    return false;
  }
  bool modulates() const { return ogm.alpha > 0 || ogm.noise; }
  bool active() const { return changes_loss() || modulates(); }
};

// Arrays imported from a file instead of generated. Row-major, doubles.
struct ImportedData {
  std::vector<double> yTrain, yTest;
  std::vector<std::vector<double>> xTrain, xTest, v;  // per modality; v may be empty
};

struct RunSpec {
  uint64_t seed = 1;
  DataSpec data;
  ModelSpec model;
  TrainSpec train;
  RemedySpec remedies;
  Precision precision = Precision::F32;
  Backend backend = Backend::Cpu;
  std::shared_ptr<const ImportedData> importedData;
  std::shared_ptr<const std::vector<std::vector<double>>> importedInit;  // per modality, m*d
};

}  // namespace modcomp
