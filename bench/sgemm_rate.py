#!/usr/bin/env python3
"""The machine's own limit for `npm run bench`: the sgemm rate of NumPy's BLAS on a large square
float32 product C = A B (2 N^3 flops), best of a few repeats, as one JSON line.

    python3 bench/sgemm_rate.py [--n 4096] [--repeats 3]

The bench runs it with the NumPy peer's environment (the same BLAS and thread count), so the
engine's GEMM rate can be read as a fraction of what this machine's BLAS reaches.
"""

import argparse
import json
import time

import numpy as np


def blas_name():
    """The BLAS NumPy was built against, as its build configuration names it."""
    try:
        config = np.show_config(mode="dicts")
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name', '?')} {blas.get('version', '')}".strip()
    except Exception:  # NumPy < 1.26 has no mode="dicts"
        return "unknown BLAS"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=4096)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if args.n < 64 or args.repeats < 1:
        raise SystemExit("--n must be >= 64 and --repeats >= 1")
    rng = np.random.default_rng(0)
    A = rng.standard_normal((args.n, args.n), dtype=np.float32)
    B = rng.standard_normal((args.n, args.n), dtype=np.float32)
    C = np.empty_like(A)
    np.matmul(A, B, out=C)  # warm-up: starts the BLAS threads, faults in C
    best = float("inf")
    for _ in range(args.repeats):
        start = time.perf_counter()
        np.matmul(A, B, out=C)
        best = min(best, time.perf_counter() - start)
    flops = 2 * args.n**3
    print(json.dumps({"n": args.n, "seconds": best, "gflops": flops / best / 1e9, "blas": blas_name(), "numpy": np.__version__}))


if __name__ == "__main__":
    main()
