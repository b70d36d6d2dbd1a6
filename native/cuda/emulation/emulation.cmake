# The CUDA backend and its kernel check built with g++ against the CPU emulation of CUDA
# (cuda_runtime.h here), for testing the CUDA code path on machines without a GPU. These targets
# need no nvcc; `npm run build:native-checks` builds them (target native_checks) and the test
# suite runs them. The emulation's fibers need POSIX ucontext: elsewhere (Windows) native_checks
# builds nothing and the tests say so.
include(CheckIncludeFileCXX)
check_include_file_cxx(ucontext.h MODCOMP_HAVE_UCONTEXT)
if(NOT MODCOMP_HAVE_UCONTEXT)
  message(STATUS "modcomp: no ucontext.h, so the CPU emulation of CUDA is not built")
  add_custom_target(native_checks DEPENDS cpu_kernels_check core_alone_check)
  return()
endif()

set(MODCOMP_EMULATION_DEFS MODCOMP_CUDA_EMULATION)
set(MODCOMP_EMULATION_INCLUDES ${CMAKE_CURRENT_SOURCE_DIR}/cuda/emulation)

# The emulated backend on the same core, and a dispatch layer that sends CUDA runs to it.
add_library(modcomp_cuda_emulated STATIC cuda/emulation/cuda_backend_emulated.cpp)
target_include_directories(modcomp_cuda_emulated BEFORE PRIVATE ${MODCOMP_EMULATION_INCLUDES})
target_include_directories(modcomp_cuda_emulated PUBLIC cuda)
target_compile_definitions(modcomp_cuda_emulated PRIVATE ${MODCOMP_EMULATION_DEFS})
target_compile_options(modcomp_cuda_emulated PRIVATE -O2 -Wall -Wno-unknown-pragmas -Wno-subobject-linkage -Wno-sign-compare)
target_link_libraries(modcomp_cuda_emulated PUBLIC modcomp_core)

add_library(modcomp_dispatch_emulated STATIC ${MODCOMP_DISPATCH_SOURCES})
target_include_directories(modcomp_dispatch_emulated PUBLIC dispatch)
target_compile_options(modcomp_dispatch_emulated PRIVATE -Wall -Wextra -O2 ${MODCOMP_ARCH_FLAG})
target_link_libraries(modcomp_dispatch_emulated PUBLIC modcomp_core modcomp_cuda_emulated)

add_executable(cuda_emulated_parity tests/cuda_emulated_parity.cpp)
target_link_libraries(cuda_emulated_parity PRIVATE modcomp_dispatch_emulated)
target_compile_options(cuda_emulated_parity PRIVATE -O2 -Wall -Wno-unknown-pragmas -Wno-subobject-linkage -Wno-sign-compare)

add_executable(product_check_emulated cuda/emulation/product_check_emulated.cpp)
target_include_directories(product_check_emulated BEFORE PRIVATE ${MODCOMP_EMULATION_INCLUDES})
target_include_directories(product_check_emulated PRIVATE cuda core)
target_compile_definitions(product_check_emulated PRIVATE ${MODCOMP_EMULATION_DEFS})
target_compile_options(product_check_emulated PRIVATE -O2 -Wall -Wno-unknown-pragmas -Wno-subobject-linkage -Wno-sign-compare)

add_custom_target(native_checks DEPENDS cpu_kernels_check core_alone_check cuda_emulated_parity product_check_emulated)
