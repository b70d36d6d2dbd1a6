"""What every Python peer of `npm run bench` shares: the case, its data, the timing loop, the
trajectory mode that checks a peer against the native engine, and the command line.

A peer module supplies `FORMULATIONS` (name -> class), optionally `candidates(case)` (the
formulations the bench tries on the case, keeping the fastest in that run; see choose_formulation)
and `pick(case)` (the one it uses when there is no trial: a case too big to try them all).
A formulation is built once per problem, `Formulation(X, y, W, a, case)`, keeps its buffers,
and `step()` does one full-batch GD step of every run in place on W and returns the mean
logistic loss per run (of the weights before the step, as the engine records it).

The step, exactly as the native engine takes it (native/core/mode_state.cpp, encoder_state.cpp):
  z = <w_j, x_row>;  t = clip(z, 0, rho) / rho
  act(z) = (rho/q) t^q + max(z - rho, 0);  act'(z) = t^(q-1)  (1 above rho, 0 below 0; q > 1)
  f_i = sum over modalities r, patches p, neurons j of a_j act(z)   (head scale one)
  loss = mean_i softplus(-y_i f_i);  g_i = -y_i sigmoid(-y_i f_i) / n
  W_j -= eta a_j sum_rows g_i act'(z_row,j) x_row
"""

import argparse
import json
import resource
import sys
import time

import numpy as np

DTYPE = np.float32

# The bench's learner settings (src-main/bench/cases.ts sends them); timing does not depend on
# them, but realistic scales keep every value far from float32 denormals.
DEFAULT_HYPER = {"q": 3, "rho": 0.1, "sigma0": 5e-4, "sigmaXi": 0.05, "eta": 0.25}


def two_class_head(m):
    """Fixed second layer of the twoClass head: the first m/2 neurons +1, the rest -1."""
    a = np.ones(m, dtype=DTYPE)
    a[m // 2 :] = -1
    return a


def random_problem(case, seed):
    """Random data of the case's shapes: X (runs, K, n*P, d), y (runs, n), W (runs, K, m, d).

    The timing does not depend on the values, so the bench skips the engine's data generator
    (minutes of Python for `large`); the trajectory mode runs on the engine's own data instead.
    """
    rng = np.random.default_rng(seed)
    runs, K, n, P, d, m = (case[k] for k in ("runs", "K", "n", "P", "d", "m"))
    X = rng.standard_normal((runs, K, n * P, d), dtype=DTYPE)
    X *= DTYPE(case["sigmaXi"])
    y = rng.choice(np.array([-1, 1], dtype=DTYPE), size=(runs, n))
    W = rng.standard_normal((runs, K, m, d), dtype=DTYPE)
    W *= DTYPE(case["sigma0"])
    return X, y, W


def gemm_flops_per_step(case):
    # Forward X W^T and backward E^T X: 2 GEMMs of 2*n*P*d*m flops per modality and run.
    return 4 * case["runs"] * case["K"] * case["n"] * case["P"] * case["d"] * case["m"]


def peak_rss_bytes():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def full_case(case):
    case = {**DEFAULT_HYPER, **case}
    if case["m"] % 2:
        raise SystemExit(f"case {case['name']}: m must be even for the twoClass head")
    if case["q"] <= 1:
        raise SystemExit(f"case {case['name']}: the peers' activation needs q > 1 (got {case['q']})")
    return case


# Cases whose data is larger than this skip the trial of formulations (one step of `large` takes
# seconds and its temporaries gigabytes) and use the peer's `pick`.
TRIAL_DATA_BYTES = 2**30
# Wall time the trial spends on each formulation per round, and its rounds (best round counts).
TRIAL_SECONDS = 0.3
TRIAL_ROUNDS = 2


def seconds_per_step(step, steps):
    start = time.perf_counter()
    for _ in range(steps):
        step.step()
    return (time.perf_counter() - start) / steps


def choose_formulation(module, case, X, y, W):
    """The fastest of the peer's `candidates(case)` on this machine now: each built on its own
    copy of the weights, warmed up, then timed for about TRIAL_SECONDS, the formulations taking
    turns for TRIAL_ROUNDS rounds. The machine and its load decide, not a table measured elsewhere
    (bench/README.md lists every formulation's time from bench/try_formulations.py). Returns the
    name and each candidate's best seconds per step."""
    names = module.candidates(case) if hasattr(module, "candidates") else [module.pick(case)]
    if len(names) == 1 or X.nbytes > TRIAL_DATA_BYTES:
        return module.pick(case), {}
    a = two_class_head(case["m"])
    steps = {name: module.FORMULATIONS[name](X, y, W.copy(), a, case) for name in names}
    counts = {}
    for name, step in steps.items():
        once = seconds_per_step(step, 1)  # warm-up (Numba compiles here), and the step's rough cost
        counts[name] = max(1, min(20, int(TRIAL_SECONDS / max(once, 1e-6))))
    best = {name: float("inf") for name in names}
    for _ in range(TRIAL_ROUNDS):
        for name, step in steps.items():
            best[name] = min(best[name], seconds_per_step(step, counts[name]))
    return min(names, key=best.get), best


def bench_case(module, case, steps, warmup, seed, formulation):
    case = full_case(case)
    X, y, W = random_problem(case, seed)
    trials = {}
    if formulation:
        name = formulation
    else:
        name, trials = choose_formulation(module, case, X, y, W)
    if name not in module.FORMULATIONS:
        raise SystemExit(f"unknown formulation {name!r}; known: {', '.join(module.FORMULATIONS)}")
    step = module.FORMULATIONS[name](X, y, W, two_class_head(case["m"]), case)
    for _ in range(warmup):
        step.step()
    start = time.perf_counter()
    for _ in range(steps):
        loss = step.step()
    per_step = (time.perf_counter() - start) / steps
    return {
        "case": case["name"],
        "formulation": name,
        "trialSecondsPerStep": trials,
        "steps": steps,
        "warmup": warmup,
        "secondsPerStep": per_step,
        "gflops": gemm_flops_per_step(case) / per_step / 1e9,
        "peakRssBytes": peak_rss_bytes(),
        "finalLossMean": float(np.mean(loss)),
        "numpy": np.__version__,
        **(module.extra_info() if hasattr(module, "extra_info") else {}),
    }


def gamma(W, v, a):
    """Per run and modality: min(max_{a_j>0} <w_j,v>, max_{a_j<0} -<w_j,v>), as the engine's gamma."""
    u = np.einsum("rkmd,kd->rkm", W.astype(np.float64), v)
    return np.minimum(u[..., a > 0].max(axis=-1), (-u[..., a < 0]).max(axis=-1))


def trajectory(module, path, formulation):
    """Trains on the engine's data and initial weights (a JSON file) and returns loss and gamma
    at every step 0..steps, for the parity test against the engine's own series."""
    with open(path, encoding="utf8") as fh:
        spec = json.load(fh)
    case = full_case({**spec["case"], "runs": 1})
    K, n, P, d, m = (case[k] for k in ("K", "n", "P", "d", "m"))
    X = np.array(spec["x"], dtype=DTYPE).reshape(1, K, n * P, d)
    y = np.array(spec["y"], dtype=DTYPE).reshape(1, n)
    W = np.array(spec["w"], dtype=DTYPE).reshape(1, K, m, d)
    v = np.array(spec["v"], dtype=np.float64).reshape(K, d)
    a = two_class_head(m)
    step = module.FORMULATIONS[formulation or module.pick({**case, "runs": 1})](X, y, W, a, case)
    losses, gammas = [], []
    for _ in range(spec["steps"] + 1):
        gammas.append(gamma(step.weights(), v, a)[0].tolist())
        losses.append(float(step.step()[0]))
    return {"loss": losses, "gamma": gammas}


def main(module, argv, description):
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", action="append", default=[], help="case JSON (repeatable)")
    parser.add_argument("--steps", type=int, default=10, help="timed GD steps")
    parser.add_argument("--warmup", type=int, default=2, help="untimed GD steps first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--formulation", help=f"one of the formulations (default: the fastest for the case)")
    parser.add_argument("--trajectory", metavar="FILE", help="train on the engine's data in FILE, print loss/gamma per step")
    args = parser.parse_args(argv)
    if args.formulation and args.formulation not in module.FORMULATIONS:
        raise SystemExit(f"unknown formulation {args.formulation!r}; known: {', '.join(module.FORMULATIONS)}")
    if args.trajectory:
        print(json.dumps(trajectory(module, args.trajectory, args.formulation)), flush=True)
        return
    if not args.case:
        raise SystemExit("give at least one --case (or --trajectory)")
    if args.steps < 1 or args.warmup < 0:
        raise SystemExit("--steps must be >= 1 and --warmup >= 0")
    for text in args.case:
        print(json.dumps(bench_case(module, json.loads(text), args.steps, args.warmup, args.seed, args.formulation)), flush=True)


def run(module, description):
    main(module, sys.argv[1:], description)
