// The host side of the kernels' RowLayout (kernels.cuh): for every encoder of a GPU batch, its
// dense rows (noisy patches) with v appended as one more row, and its pure signal rows (x = s v
// exactly) as (sample, s) pairs, both padded to the batch's largest counts so one launch covers
// every encoder. Plain C++, so the CPU emulation and the GPU build share it.
#pragma once

#include <algorithm>
#include <cstring>
#include <vector>

#include "dataset.h"
#include "packed_data.h"

namespace modcomp {

template <typename T>
struct HostRowLayout {
  int denseRows = 0, pureRows = 0;
  std::vector<int> denseStart, rowSample, pureStart, pureSample;  // see RowLayout in kernels.cuh
  std::vector<T> pureCoef;
};

// `splits[e]` is encoder e's packed training split; every row belongs to sample row / P.
template <typename T>
HostRowLayout<T> build_row_layout(const std::vector<const PackedSplit<T>*>& splits, int samples, int P) {
  HostRowLayout<T> layout;
  for (const PackedSplit<T>* s : splits) {
    layout.denseRows = std::max(layout.denseRows, static_cast<int>(s->denseRow.size()));
    layout.pureRows = std::max(layout.pureRows, static_cast<int>(s->pureRow.size()));
  }
  const size_t E = splits.size();
  layout.denseStart.assign(E * (samples + 1), 0);
  layout.pureStart.assign(E * (samples + 1), 0);
  layout.rowSample.assign(E * layout.denseRows, -1);
  layout.pureSample.assign(E * layout.pureRows, -1);
  layout.pureCoef.assign(E * layout.pureRows, T(0));
  for (size_t e = 0; e < E; ++e) {
    const PackedSplit<T>& s = *splits[e];
    int* dense_start = layout.denseStart.data() + e * (samples + 1);
    int* pure_start = layout.pureStart.data() + e * (samples + 1);
    // Row lists are in row order, so each sample's rows are one contiguous range of each list.
    for (size_t i = 0; i < s.denseRow.size(); ++i) {
      const int sample = static_cast<int>(s.denseRow[i]) / P;
      layout.rowSample[e * layout.denseRows + i] = sample;
      ++dense_start[sample + 1];
    }
    for (size_t q = 0; q < s.pureRow.size(); ++q) {
      const int sample = static_cast<int>(s.pureRow[q]) / P;
      layout.pureSample[e * layout.pureRows + q] = sample;
      layout.pureCoef[e * layout.pureRows + q] = s.signal[s.pureRow[q]];
      ++pure_start[sample + 1];
    }
    for (int i = 0; i < samples; ++i) {
      dense_start[i + 1] += dense_start[i];
      pure_start[i + 1] += pure_start[i];
    }
  }
  return layout;
}

// One encoder's slice of the dense product's input: its dense rows of x (row-major, d wide),
// zero rows up to `dense_rows`, then v.
template <typename T>
std::vector<T> gather_dense_rows(const ModalitySplit<T>& split, const PackedSplit<T>& packed, const std::vector<T>& v,
                                 int d, int dense_rows) {
  std::vector<T> out(static_cast<size_t>(dense_rows + 1) * d, T(0));
  for (size_t i = 0; i < packed.denseRow.size(); ++i)
    std::memcpy(out.data() + i * d, split.x.data() + static_cast<size_t>(packed.denseRow[i]) * d, sizeof(T) * d);
  std::memcpy(out.data() + static_cast<size_t>(dense_rows) * d, v.data(), sizeof(T) * d);
  return out;
}

}  // namespace modcomp
