#!/usr/bin/env bash
# `npm run setup`: everything a fresh machine needs before `npm run demo` and `npm test`.
#  1. system packages the project uses and the machine lacks (apt-get as root, else through sudo;
#     without apt-get, the exact packages are printed and nothing is changed);
#  2. `npm ci` (the pinned dependencies) and `npm run build` (addon, TypeScript, renderer).
# Each phase prints its wall-clock time, and a table of them closes the run, failed or not.
set -euo pipefail
cd "$(dirname "$0")/.."
export npm_config_fund=false npm_config_audit=false

source tools/phase-timer.sh
start_phase_timer

# command on PATH -> the Debian package that provides it; why each is needed.
#   cmake, ninja, g++, make: the native addon (cmake-js drives CMake and Ninja)
#   python3: the NumPy peer of `npm run bench`
#   xz: packing Node for a GPU machine (bench/gpu)
#   chromium: the renderer's end-to-end tests (Debian's build, never a downloaded one)
#   pdftoppm: checks that exported PDF figures render
#   redis-server: the distributed sweep queue's tests start their own server on loopback
TOOLS=(cmake ninja g++ make python3 xz chromium pdftoppm redis-server)
declare -A PACKAGE=(
  [cmake]=cmake [ninja]=ninja-build [g++]=g++ [make]=make [python3]=python3 [xz]=xz-utils
  [chromium]=chromium [pdftoppm]=poppler-utils [redis-server]=redis-server
)

phase 'system packages'
missing=()
for tool in "${TOOLS[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${PACKAGE[$tool]}")
done
# Python modules -> Debian package. Numba is the bench's second peer and numexpr one of the
# NumPy formulations it tries (bench/README.md); Debian's python3-numba brings Debian's NumPy, and
# libopenblas0-pthread makes that NumPy's BLAS OpenBLAS instead of the reference BLAS. Without
# them the bench still runs and the tests still pass, skipping those peers with the reason.
python_has() { /usr/bin/python3 -c "import $1" >/dev/null 2>&1 || python3 -c "import $1" >/dev/null 2>&1; }
python_has numba || missing+=(python3-numba)
python_has numexpr || missing+=(python3-numexpr)
[[ -e /usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3 || "$(uname -m)" != x86_64 ]] || missing+=(libopenblas0-pthread)
if ((${#missing[@]} == 0)); then
  echo 'all present'
elif ! command -v apt-get >/dev/null 2>&1; then
  echo "This machine has no apt-get. Install these packages (Debian names; the same on most" >&2
  echo "distributions) with its package manager, then run \`npm run setup\` again:" >&2
  echo "  ${missing[*]}" >&2
  exit 1
else
  if ((EUID == 0)); then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "Installing ${missing[*]} needs root: run \`npm run setup\` as root, or install them first." >&2
    exit 1
  fi
  echo "installing with apt-get: ${missing[*]}"
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  # With recommends: Chromium's pull in the fonts and media libraries the pages render with.
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

phase 'versions'
echo "node $(node --version), npm $(npm --version), $(cmake --version | head -n 1)"
# The CUDA backend is built only where nvcc (CUDA 12 or newer) exists; say which it is.
if command -v nvcc >/dev/null 2>&1 || [[ -x /usr/local/cuda/bin/nvcc ]]; then
  "$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)" --version | tail -n 2
else
  echo 'nvcc: absent, the native build is CPU only'
fi

phase 'npm ci'
npm ci

phase 'build'
npm run build
