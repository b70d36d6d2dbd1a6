// The CUDA backend's stand-in for builds without nvcc: it reports why CUDA cannot be used.
#include <stdexcept>

#include "cuda_backend.h"

namespace modcomp {

CudaProbe probe_cuda() {
  CudaProbe probe;
  probe.reason = "this build has no CUDA backend (nvcc was not found when it was compiled)";
  return probe;
}

template <typename T>
std::vector<ModeResult> train_mode_batch_cuda(const std::vector<CudaRunInput<T>>&, const Mode&, CudaContext&) {
  throw std::runtime_error("CUDA not available (" + probe_cuda().reason + ")");
}

template std::vector<ModeResult> train_mode_batch_cuda<float>(const std::vector<CudaRunInput<float>>&, const Mode&,
                                                              CudaContext&);
template std::vector<ModeResult> train_mode_batch_cuda<double>(const std::vector<CudaRunInput<double>>&, const Mode&,
                                                               CudaContext&);

}  // namespace modcomp
