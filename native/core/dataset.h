// The synthetic multi-modal data of the science page, docs/science.md (or imported arrays), in the run's precision.
//
// Every patch is stored as x = s * v + xi, with its signal coefficient s kept beside it: the
// metrics need xi (noise memorisation) and the trainer uses "pure" signal patches (xi = 0) as
// rank-one rows instead of dense ones.
#pragma once

#include <cstdint>
#include <vector>

#include "run_spec.h"
#include "thread_pool.h"

namespace modcomp {

template <typename T>
struct ModalitySplit {
  std::vector<T> x;           // rows * d, row = (sample, patch)
  std::vector<T> signal;      // rows: coefficient s of v in the row
  std::vector<uint8_t> pure;  // rows: 1 when the row is exactly s * v (no noise)
};

template <typename T>
struct ModalityData {
  std::vector<T> v;  // d, unit norm
  ModalitySplit<T> train, test;
};

// The sizes every form of a run's data shares (generated, imported, packed for the kernels).
struct DataShape {
  int K = 0, n = 0, nTest = 0, P = 0, d = 0;
};

template <typename T>
struct Dataset : DataShape {
  std::vector<T> yTrain, yTest;  // +1 / -1
  std::vector<ModalityData<T>> modalities;
};

// Generates (or imports) the data of a run. Pure function of the spec: identical for any
// thread count.
template <typename T>
Dataset<T> build_dataset(const RunSpec& spec, Parallel& par);

// Initial weights per modality (m * d, row = neuron), drawn N(0, sigma0^2) or imported.
template <typename T>
std::vector<std::vector<T>> initial_weights(const RunSpec& spec, Parallel& par);

}  // namespace modcomp
