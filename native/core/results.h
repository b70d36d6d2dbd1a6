// What training produces: metric series, final summaries and weights. Plain C++ values, so the
// CPU and CUDA backends and the Node binding all share them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace modcomp {

// Scalar columns of a record, in order: the four run-level columns, then kPerModality columns
// for each modality r (names end in r). NaN marks a value a mode does not define.
constexpr int kRunScalars = 4;  // trainLoss, trainErr, testLoss, testErr
// gamma, gammaPlus, gammaMinus, phi, gradNorm, outputShare, aloneTestErr, then the balance
// metrics: gradShare (this encoder's share of the applied gradient norms), unimodalCosine
// (cosine between the joint loss's and the encoder's own unimodal loss's gradient) and
// maskedTestErr (test error of the joint net with this modality masked).
constexpr int kPerModality = 10;
std::vector<std::string> scalar_names(int K);

struct Series {
  int K = 0, m = 0;
  std::vector<int32_t> steps;
  std::vector<double> scalars;    // steps.size() * (kRunScalars + kPerModality * K)
  std::vector<float> alignments;  // steps.size() * K * m

  size_t count() const { return steps.size(); }
  size_t width() const { return static_cast<size_t>(kRunScalars + kPerModality * K); }
  void clear() {
    steps.clear();
    scalars.clear();
    alignments.clear();
  }
  // Appends records [from, count()) of another series.
  void append_from(const Series& other, size_t from);
};

struct ModalityFinal {
  double gamma = 0, gammaPlus = 0, gammaMinus = 0, phi = 0, aloneTestErr = 0, gradNorm = 0, outputShare = 0;
  double gradShare = 0, unimodalCosine = 0, maskedTestErr = 0;
  int64_t crossStep = -1;  // -1: never crossed rho
};

struct ModeResult {
  std::string mode;
  int64_t stepsRun = 0;
  bool cancelled = false;
  int64_t divergedAtStep = -1;
  double trainLoss = 0, trainErr = 0, testLoss = 0, testErr = 0;
  std::vector<ModalityFinal> modalities;
  // Wall seconds of the gradient steps and of the metric records (for a GPU batch: the device
  // time of the whole batch's steps, shared by its runs).
  double stepSeconds = 0, recordSeconds = 0;
  Series series;
  std::vector<std::vector<double>> weights;  // per modality, m * d
};

struct RunResult {
  int index = 0;
  std::string error;  // empty when the run trained
  int predictedWinner = -1;
  std::vector<double> predictedScores, initialGamma;
  std::vector<ModeResult> modes;
};

}  // namespace modcomp
