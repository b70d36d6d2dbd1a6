// A quick C++-only check of the engine (no Node): trains the reconstructed competition setting
// and prints the outcome and seconds per step, for developing the core without the binding.
#include <chrono>
#include <cstdio>

#include "engine.h"  // the dispatch layer

int main(int argc, char** argv) {
  modcomp::RunSpec spec;
  spec.train.steps = argc > 1 ? std::atoll(argv[1]) : 4000;
  spec.train.recordEvery = 100;
  if (argc > 3) spec.seed = std::atoll(argv[3]);
  spec.train.modes = {modcomp::Mode{-1}, modcomp::Mode{0}, modcomp::Mode{1}};
  modcomp::EngineOptions options;
  options.threads = argc > 2 ? std::atoi(argv[2]) : 0;
  const auto start = std::chrono::steady_clock::now();
  const std::vector<modcomp::RunResult> results = modcomp::train_batch({spec}, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const modcomp::RunResult& run = results[0];
  if (!run.error.empty()) {
    std::printf("error: %s\n", run.error.c_str());
    return 1;
  }
  std::printf("predicted winner %d; %.3f s\n", run.predictedWinner, seconds);
  for (const modcomp::ModeResult& mode : run.modes) {
    std::printf("%-11s steps %lld loss %.4f trainErr %.3f testErr %.3f", mode.mode.c_str(),
                static_cast<long long>(mode.stepsRun), mode.trainLoss, mode.trainErr, mode.testErr);
    for (const auto& f : mode.modalities)
      std::printf(" | gamma %.3g (+%.3g -%.3g) phi %.3g cross %lld alone %.3f", f.gamma, f.gammaPlus, f.gammaMinus,
                  f.phi, static_cast<long long>(f.crossStep), f.aloneTestErr);
    std::printf("\n");
  }
  return 0;
}
