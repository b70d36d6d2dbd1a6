# The CUDA backend, built wherever nvcc is found (sm_80 and sm_90 code plus PTX for newer GPUs),
# with the CUDA runtime linked statically so the addon needs no CUDA library at load time.
# Without nvcc the CPU build is untouched and cuda_none.cpp reports why CUDA is unavailable.
include(CheckLanguage)
if(NOT DEFINED CMAKE_CUDA_COMPILER AND EXISTS /usr/local/cuda/bin/nvcc)
  set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc)
endif()
option(MODCOMP_CUDA "Build the CUDA backend when nvcc is available" ON)
if(MODCOMP_CUDA)
  check_language(CUDA)
endif()
if(MODCOMP_CUDA AND CMAKE_CUDA_COMPILER)
  enable_language(CUDA)
  find_package(CUDAToolkit REQUIRED)
  # The backend uses the CUDA 12 graph API (cudaGraphInstantiate with flags).
  if(CUDAToolkit_VERSION_MAJOR LESS 12)
    message(FATAL_ERROR "modcomp: the CUDA backend needs CUDA 12 or newer (found ${CUDAToolkit_VERSION}); "
                        "configure with -DMODCOMP_CUDA=OFF to build without it")
  endif()
  set(CMAKE_CUDA_STANDARD 17)
  add_library(modcomp_cuda STATIC cuda/cuda_backend.cu)
  set_target_properties(modcomp_cuda PROPERTIES CUDA_ARCHITECTURES "80-real;90-real;90-virtual"
                                                 POSITION_INDEPENDENT_CODE ON)
  target_include_directories(modcomp_cuda PUBLIC cuda)
  target_compile_options(modcomp_cuda PRIVATE $<$<COMPILE_LANGUAGE:CUDA>:-O3 --expt-relaxed-constexpr>)
  target_link_libraries(modcomp_cuda PUBLIC modcomp_core CUDA::cudart_static)
  message(STATUS "modcomp: CUDA backend enabled (${CMAKE_CUDA_COMPILER})")
else()
  add_library(modcomp_cuda STATIC cuda/cuda_none.cpp)
  target_include_directories(modcomp_cuda PUBLIC cuda)
  target_link_libraries(modcomp_cuda PUBLIC modcomp_core)
  message(STATUS "modcomp: CUDA backend disabled (no nvcc); CUDA runs will report it is unavailable")
endif()
