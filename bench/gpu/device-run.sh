#!/usr/bin/env bash
# Every GPU check in one go, for a GPU machine that has nvcc, PyTorch and this repository but no
# Node (see "How to run them" in docs/performance.md): the kernel check at the three bench shapes, then gpu-check.js
# (parity, bad input, speed beside PyTorch). Output goes to the terminal and to $OUT (default
# ./gpu-out), one file per part. Exits non-zero if any part failed.
#
#   bash bench/gpu/device-run.sh [--quick]     (--quick: fewer steps, for a rehearsal)
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-gpu-out}
mkdir -p "$OUT" .gpu
status=0

NODE=node
if [[ -f .gpu/node.xz ]]; then
  xz -d -k -f .gpu/node.xz && chmod +x .gpu/node && NODE=.gpu/node
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$OUT/gpu.txt"

# The kernel check: every tile core at the shapes of paper-single (2 encoders), the sweep (256 of
# its 2048 encoders: the CPU reference is slow) and a quarter of large (its full rows would take
# the CPU reference minutes).
if command -v nvcc >/dev/null; then
  nvcc -O3 -std=c++17 -arch=sm_90 -Inative/cuda -Inative/core native/dev/cuda/product_check.cu -o .gpu/product_check ||
    status=1
  for shape in "2048 512 64 2" "1024 256 32 256" "8192 1024 512 2"; do
    # shellcheck disable=SC2086
    .gpu/product_check $shape 2>&1 | tee -a "$OUT/product-check.txt" || status=1
  done
else
  echo "SKIP  kernel check: nvcc not found" | tee "$OUT/product-check.txt"
fi

"$NODE" bench/gpu/gpu-check.js "$@" 2>&1 | tee "$OUT/gpu-check.txt"
[[ ${PIPESTATUS[0]} -eq 0 ]] || status=1
echo "device-run: $([[ $status -eq 0 ]] && echo 'all parts passed' || echo 'a part failed') (output in $OUT/)"
exit $status
