// Kernel launches go through one macro, so the same source builds with nvcc (the <<<...>>>
// syntax) and with g++ against the CPU emulation in native/cuda/emulation/ (a function call),
// which is how the kernels are tested on machines without a GPU. The kernel comes last because
// its template arguments hold commas; the other arguments must hold none (name them first).
#pragma once

#ifdef MODCOMP_CUDA_EMULATION
#define MODCOMP_LAUNCH(grid, block, shared_bytes, stream, ...) \
  cuda_emulation_launch(grid, block, shared_bytes, stream, __VA_ARGS__)
#else
#define MODCOMP_LAUNCH(grid, block, shared_bytes, stream, ...) __VA_ARGS__<<<grid, block, shared_bytes, stream>>>
#endif
