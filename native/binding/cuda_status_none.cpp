#include "cuda_status.h"

namespace modcomp_binding {

CudaStatus query_cuda_status() {
  CudaStatus status;
  status.reason = "CUDA not available (this build has no CUDA backend: nvcc was not found when it was compiled)";
  return status;
}

}  // namespace modcomp_binding
