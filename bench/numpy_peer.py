#!/usr/bin/env python3
"""NumPy peer of the native engine's full-batch GD step, for `npm run bench`.

The loop is the one a competent researcher would write: vectorised NumPy, every GEMM through
BLAS (np.matmul), np.where for the piecewise smoothed ReLU, float32 throughout. No deliberate
slowness and no special tricks, so the ratio against the native engine is a fair one.

Independent runs of a sweep are stacked on a leading axis and advanced together by one batched
np.matmul per GEMM; a single run is the same code with one entry on that axis.

The case shapes come from the TypeScript case table (src-main/bench/cases.ts) as JSON on the
command line, so the shapes live in one place:

    python3 bench/numpy_peer.py --steps 50 \
        --case '{"name":"paper-single","runs":1,"K":2,"n":512,"P":4,"d":512,"m":64}'

Prints one JSON line per case on stdout.
"""

import argparse
import json
import resource
import sys
import time

import numpy as np

DTYPE = np.float32

# The reconstructed defaults of the science page; the case JSON may override them. Timing does not depend on them,
# but realistic scales keep every value far from float32 denormals.
DEFAULT_HYPER = {"q": 3, "rho": 0.1, "sigma0": 5e-4, "sigmaXi": 0.05, "eta": 0.25}


def smooth_relu(z, rho, q):
    return np.where(z <= 0, 0, np.where(z <= rho, z**q / (q * rho ** (q - 1)), z - (1 - 1 / q) * rho))


def smooth_relu_grad(z, rho, q):
    return np.where(z <= 0, 0, np.where(z <= rho, z ** (q - 1) / rho ** (q - 1), 1))


def two_class_head(m):
    """Fixed second layer of the default twoClass head: first m/2 neurons +1, the rest -1."""
    a = np.ones(m, dtype=DTYPE)
    a[m // 2 :] = -1
    return a


def make_problem(case, rng):
    """Random data of the case's shapes: X (runs, K, n*P, d), y (runs, n), W (runs, K, m, d)."""
    runs, K, n, P, d, m = (case[k] for k in ("runs", "K", "n", "P", "d", "m"))
    X = rng.standard_normal((runs, K, n * P, d), dtype=DTYPE)
    X *= DTYPE(case["sigmaXi"])
    y = rng.choice(np.array([-1, 1], dtype=DTYPE), size=(runs, n))
    W = rng.standard_normal((runs, K, m, d), dtype=DTYPE)
    W *= DTYPE(case["sigma0"])
    return X, y, W


def gd_step(X, y, W, a, case):
    """One full-batch GD step of all runs at once, in place on W; returns the mean loss per run."""
    runs, K, nP, _ = X.shape
    n, P, m = case["n"], case["P"], case["m"]
    rho, q, eta = case["rho"], case["q"], case["eta"]

    Z = np.matmul(X, W.swapaxes(-1, -2))  # (runs, K, n*P, m) pre-activations
    per_patch = smooth_relu(Z, rho, q).reshape(runs, K, n, P, m)
    f = (per_patch.sum(axis=3) @ a).sum(axis=1)  # late fusion: sum over modalities -> (runs, n)

    margin = y * f
    loss = np.logaddexp(0, -margin).mean(axis=1)
    dloss_df = -y / (1 + np.exp(margin)) / n  # d mean-logistic / d f

    dZ = smooth_relu_grad(Z, rho, q) * a  # (runs, K, n*P, m), times head weight
    dZ = dZ.reshape(runs, K, n, P, m) * dloss_df[:, None, :, None, None]
    grad_W = np.matmul(dZ.reshape(runs, K, nP, m).swapaxes(-1, -2), X)  # (runs, K, m, d)
    W -= eta * grad_W
    return loss


def gemm_flops_per_step(case):
    # Forward X W^T and backward dZ^T X: 2 GEMMs of 2*n*P*d*m flops per modality and run.
    return 4 * case["runs"] * case["K"] * case["n"] * case["P"] * case["d"] * case["m"]


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def bench_case(case, steps, warmup, seed):
    case = {**DEFAULT_HYPER, **case}
    if case["m"] % 2:
        raise SystemExit(f"case {case['name']}: m must be even for the twoClass head")
    rng = np.random.default_rng(seed)
    X, y, W = make_problem(case, rng)
    a = two_class_head(case["m"])

    for _ in range(warmup):
        gd_step(X, y, W, a, case)
    start = time.perf_counter()
    for _ in range(steps):
        loss = gd_step(X, y, W, a, case)
    elapsed = time.perf_counter() - start

    per_step = elapsed / steps
    return {
        "case": case["name"],
        "engine": "numpy",
        "steps": steps,
        "warmup": warmup,
        "secondsPerStep": per_step,
        "gflops": gemm_flops_per_step(case) / per_step / 1e9,
        "peakRssBytes": peak_rss_bytes(),
        "finalLossMean": float(loss.mean()),
        "dtype": str(X.dtype),
        "numpy": np.__version__,
    }


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", action="append", required=True, help="case JSON (repeatable)")
    parser.add_argument("--steps", type=int, required=True, help="timed GD steps")
    parser.add_argument("--warmup", type=int, default=2, help="untimed GD steps first")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.steps < 1 or args.warmup < 0:
        raise SystemExit("--steps must be >= 1 and --warmup >= 0")
    for text in args.case:
        result = bench_case(json.loads(text), args.steps, args.warmup, args.seed)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
