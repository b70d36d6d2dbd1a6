#include "cuda_status.h"

#include "cuda_backend.h"

namespace modcomp_binding {

CudaStatus query_cuda_status() {
  const modcomp::CudaProbe probe = modcomp::probe_cuda();
  CudaStatus status;
  status.compiled = probe.compiled;
  status.available = probe.available;
  status.reason = probe.available ? "" : "CUDA not available (" + probe.reason + ")";
  status.devices = probe.devices;
  return status;
}

}  // namespace modcomp_binding
