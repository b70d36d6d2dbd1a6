// The dataset rearranged for the kernels: per modality and split, the noisy ("dense") rows are
// copied into column panels padded to whole vector tiles (see cpu_kernels.h), and the
// pure signal rows (x = s v exactly) are kept only as (row, s) pairs, since <w, s v> = s <w, v>
// makes them rank-one work instead of dense work. Built once per run, shared by its modes.
#pragma once

#include <cstdint>
#include <vector>

#include "dataset.h"

namespace modcomp {

template <typename T>
struct PackedSplit {
  size_t rows = 0;                 // all rows (samples * P)
  std::vector<T> dense;            // dense rows in column panels (cpu_kernels.h), stride/C panels
  std::vector<uint32_t> denseRow;  // original row of each dense row
  std::vector<uint32_t> pureRow;   // original row of each pure signal row
  std::vector<T> signal;           // per original row: coefficient of v
};

template <typename T>
struct PackedModality {
  std::vector<T> v;  // d
  PackedSplit<T> train, test;
};

template <typename T>
struct PackedData : DataShape {
  int stride = 0;  // padded d
  std::vector<T> yTrain, yTest;
  std::vector<PackedModality<T>> modalities;
};

template <typename T>
PackedData<T> pack_dataset(const Dataset<T>& data);

}  // namespace modcomp
