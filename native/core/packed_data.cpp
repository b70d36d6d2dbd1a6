#include "packed_data.h"

#include <algorithm>

#include "cpu_kernels.h"

namespace modcomp {
namespace {

template <typename T>
PackedSplit<T> pack_split(const ModalitySplit<T>& split, int d, int stride) {
  PackedSplit<T> out;
  out.rows = split.signal.size();
  out.signal = split.signal;
  for (size_t row = 0; row < out.rows; ++row) {
    if (split.pure[row])
      out.pureRow.push_back(static_cast<uint32_t>(row));
    else
      out.denseRow.push_back(static_cast<uint32_t>(row));
  }
  // Column panels (see cpu_kernels.h); the padding past d stays zero.
  constexpr int C = tile_columns<T>();
  const size_t dense = out.denseRow.size();
  out.dense.assign(dense * static_cast<size_t>(stride), T(0));
  for (size_t i = 0; i < dense; ++i) {
    const T* src = split.x.data() + static_cast<size_t>(out.denseRow[i]) * d;
    for (int k = 0; k < d; ++k) out.dense[(static_cast<size_t>(k / C) * dense + i) * C + k % C] = src[k];
  }
  return out;
}

}  // namespace

template <typename T>
PackedData<T> pack_dataset(const Dataset<T>& data) {
  PackedData<T> out;
  static_cast<DataShape&>(out) = data;
  out.stride = round_up(data.d, tile_columns<T>());
  out.yTrain = data.yTrain;
  out.yTest = data.yTest;
  out.modalities.resize(data.modalities.size());
  for (size_t r = 0; r < data.modalities.size(); ++r) {
    out.modalities[r].v = data.modalities[r].v;
    out.modalities[r].train = pack_split(data.modalities[r].train, data.d, out.stride);
    out.modalities[r].test = pack_split(data.modalities[r].test, data.d, out.stride);
  }
  return out;
}

template PackedData<float> pack_dataset<float>(const Dataset<float>&);
template PackedData<double> pack_dataset<double>(const Dataset<double>&);

}  // namespace modcomp
