// Whether this build has a CUDA backend and whether a device answers. Defined by the CUDA
// backend when it is compiled in, and by cuda_status_none.cpp otherwise.
#pragma once

#include <string>
#include <vector>

namespace modcomp_binding {

struct CudaStatus {
  bool compiled = false;
  bool available = false;
  std::string reason;
  std::vector<std::string> devices;
};

CudaStatus query_cuda_status();

}  // namespace modcomp_binding
