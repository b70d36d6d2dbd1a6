// A small run for the C++ checks: big enough that every CUDA kernel takes its tiled and split
// paths (rows = n P = 132 beyond one 128-row tile; d and rows over 128, so both products split
// their reduction in two on the emulated 4-SM device), small enough for the CPU emulation of CUDA
// to finish in seconds. Every mode: joint and each modality alone.
#pragma once

#include <cstdint>

#include "run_spec.h"

inline modcomp::RunSpec small_run(uint64_t seed) {
  modcomp::RunSpec s;
  s.seed = seed;
  s.data.K = 2;
  s.data.n = 44;
  s.data.nTest = 40;
  s.data.P = 3;
  s.data.d = 136;
  s.model.m = 10;
  s.model.sigma0 = 0.05;
  s.train.eta = 0.5;
  s.train.steps = 16;
  s.train.recordEvery = 8;
  s.train.modes = {modcomp::Mode{-1}, modcomp::Mode{0}, modcomp::Mode{1}};
  return s;
}
