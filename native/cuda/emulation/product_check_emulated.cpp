// The kernel check of native/dev/cuda, compiled as C++ against the CPU emulation of CUDA: every
// kernel version is checked against the CPU reference on every CI run (its timings are CPU
// times, meaningless for the GPU). See emulation.cmake.
#include "../../dev/cuda/product_check.cu"
