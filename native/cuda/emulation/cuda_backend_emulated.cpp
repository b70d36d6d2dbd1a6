// The real CUDA backend source, compiled as C++ against the CPU emulation of CUDA
// (cuda_runtime.h in this folder comes first on the include path). See emulation.cmake.
#include "../cuda_backend.cu"
