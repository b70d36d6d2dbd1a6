#!/usr/bin/env python3
"""PyTorch peer of the engine's full-batch GD step on one GPU, for the CUDA backend's benchmark.

The same loop as bench/numpy_peer.py, written the way a competent PyTorch user would make it fast:

  * late fusion f = sum_r f_r over K modalities, P patches, the smoothed ReLU (q, rho), the
    twoClass head (first m/2 neurons +1, the rest -1), mean logistic loss;
  * the gradient written by hand like the engine does (g_i = -y_i sigmoid(-y_i f_i) / n,
    E = g * a_j * slope(Z), G = E^T X): two GEMMs per modality and run, a handful of elementwise
    kernels, nothing saved for autograd. `--impl autograd` uses loss.backward() instead (slower:
    it keeps more temporaries and launches more kernels); `--check` proves both give the same
    gradient;
  * full-batch GD, W -= eta * G, in place;
  * every GEMM is one torch.bmm over a (runs*K) batch axis: runs*K independent (n*P, d) x (d, m)
    products forward and (m, n*P) x (n*P, d) backward;
  * CUDA graphs: one full GD step (forward, loss, backward, update) is captured once after a
    warm-up on a side stream and replayed, so launch overhead is paid once per step.

Cases (shapes mirror src-main/bench/cases.ts; the sweep's run count is --sweep-runs, 1024 by
default as issue 6 asks, where the CPU bench uses 64):

  paper-single  1 run,    K=2, n=512,   P=4, d=512,  m=64   variant cuda-graph
  sweep         B runs,   K=2, n=256,   P=4, d=256,  m=32   variant bmm-cuda-graph
  large         1 run,    K=2, n=16384, P=8, d=2048, m=512  variants fp32 (TF32 off) and tf32

Data as in the NumPy peer: X ~ N(0, sigmaXi^2), y uniform in {-1, +1}, W ~ N(0, sigma0^2) with
the reconstructed defaults (q=3, rho=0.1, sigma0=5e-4, sigmaXi=0.05, eta=0.25); timing does not depend
on the values. Flops per step count only the two GEMMs: 4 * runs * K * n * P * d * m, the same
formula as the NumPy peer and the native bench.

Timing: torch.cuda.Event around --steps steps (graph replays) after warm-up; peak memory is
torch.cuda.max_memory_allocated() after a reset before the case was built (so it includes the
data). One JSON line per (case, variant) on stdout:

  {"peer": "torch", "case": ..., "variant": ..., "dtype": ..., "tf32": ..., "seconds_per_step": ...,
   "run_steps_per_second": ..., "gflops": ..., "peak_mem_bytes": ..., ...more context fields}

A case that fails (out of memory, say) prints a line with "error" instead and the others go on;
the exit status is then 1.

Usage:
  python3 bench/gpu/torch_peer.py                       # all three cases, CUDA required
  python3 bench/gpu/torch_peer.py --cases paper-single,sweep --steps 500 --sweep-runs 1024
  python3 bench/gpu/torch_peer.py --check               # manual gradient vs autograd, any device
"""

import argparse
import gc
import json
import math
import sys
import warnings

try:
    import torch
except ImportError as err:  # pragma: no cover - depends on the machine
    sys.stderr.write(f"torch_peer: PyTorch is not installed ({err})\n")
    sys.exit(2)

DEFAULT_HYPER = {"q": 3.0, "rho": 0.1, "sigma0": 5e-4, "sigmaXi": 0.05, "eta": 0.25}

# name -> shape; "runs": None means --sweep-runs. Keep in step with src-main/bench/cases.ts.
CASES = {
    "paper-single": {"runs": 1, "K": 2, "n": 512, "P": 4, "d": 512, "m": 64, "steps": 5000},
    "sweep": {"runs": None, "K": 2, "n": 256, "P": 4, "d": 256, "m": 32, "steps": 200},
    "large": {"runs": 1, "K": 2, "n": 16384, "P": 8, "d": 2048, "m": 512, "steps": 20},
}

DTYPES = {"float32": torch.float32, "float64": torch.float64}


# ----------------------------------------------------------------------------------------------
# The model


def two_class_head(m, dtype, device):
    """Fixed second layer: the first m/2 neurons +1, the rest -1."""
    a = torch.ones(m, dtype=dtype, device=device)
    a[m // 2 :] = -1
    return a


def smooth_relu_and_slope(Z, rho, q):
    """Smoothed ReLU and its derivative, branch-free.

    With c = clamp(z, 0, rho): c^q / (q rho^(q-1)) + max(z - rho, 0) is 0 for z <= 0,
    z^q / (q rho^(q-1)) on [0, rho] and rho/q + z - rho = z - (1 - 1/q) rho above; the slope is
    (c / rho)^(q-1), i.e. 0, (z/rho)^(q-1), 1. For q = 1 the slope is the step z > 0 (0^0 would
    give 1 at z <= 0).
    """
    c = Z.clamp(0.0, rho)
    act = c.pow(q) * (1.0 / (q * rho ** (q - 1))) + (Z - rho).clamp_min(0.0)
    if q == 1:
        slope = (Z > 0).to(Z.dtype)
    else:
        slope = (c * (1.0 / rho)).pow(q - 1)
    return act, slope


def smooth_relu_reference(Z, rho, q):
    """The textbook piecewise form, for autograd and the check (independent of the one above)."""
    zpos = Z.clamp_min(0.0)  # keeps pow finite for non-integer q on the unused branch
    inner = zpos.pow(q) / (q * rho ** (q - 1))
    outer = Z - (1.0 - 1.0 / q) * rho
    return torch.where(Z <= 0, torch.zeros_like(Z), torch.where(Z <= rho, inner, outer))


def fused_output(act_or_pre, a, runs, K, n, P):
    """f (runs, n) from per-patch activations (runs*K, n*P, m): head, sum over patches and K."""
    per = torch.matmul(act_or_pre, a)  # (runs*K, n*P)
    return per.view(runs, K, n, P).sum(dim=(1, 3))


def manual_grad(X, y, W, a, shape, hp):
    """Mean logistic loss per run (runs,) and its gradient G (runs*K, m, d), written by hand.

    X (runs*K, n*P, d), y (runs, n), W (runs*K, m, d).
    """
    runs, K, n, P = shape["runs"], shape["K"], shape["n"], shape["P"]
    m = W.shape[1]
    Z = torch.bmm(X, W.transpose(1, 2))  # (runs*K, n*P, m)
    act, slope = smooth_relu_and_slope(Z, hp["rho"], hp["q"])
    f = fused_output(act, a, runs, K, n, P)  # (runs, n)
    margin = y * f
    loss = torch.nn.functional.softplus(-margin).mean(dim=1)
    g = -y * torch.sigmoid(-margin) * (1.0 / n)  # d loss / d f, (runs, n)
    # E[b, k, i, p, j] = g[b, i] * a[j] * slope[b, k, i, p, j]
    E = slope.view(runs, K, n, P, m) * (g.view(runs, 1, n, 1, 1) * a)
    G = torch.bmm(E.view(runs * K, n * P, m).transpose(1, 2), X)  # (runs*K, m, d)
    return loss, G


def autograd_loss(X, y, W, a, shape, hp):
    """The same loss built from the reference activation, for loss.backward()."""
    runs, K, n, P = shape["runs"], shape["K"], shape["n"], shape["P"]
    Z = torch.bmm(X, W.transpose(1, 2))
    f = fused_output(smooth_relu_reference(Z, hp["rho"], hp["q"]), a, runs, K, n, P)
    return torch.nn.functional.softplus(-y * f).mean(dim=1)


def make_step(impl, X, y, W, a, shape, hp):
    """A closure doing one GD step in place on W; returns the per-run loss tensor."""
    eta = hp["eta"]
    if impl == "manual":

        def step():
            loss, G = manual_grad(X, y, W, a, shape, hp)
            W.sub_(G, alpha=eta)
            return loss

    elif impl == "autograd":
        W.requires_grad_(True)

        def step():
            W.grad = None
            loss = autograd_loss(X, y, W, a, shape, hp)
            loss.sum().backward()  # runs are independent: d(sum of run losses)/dW_b = dloss_b/dW_b
            with torch.no_grad():
                W.sub_(W.grad, alpha=eta)
            return loss.detach()

    else:
        raise ValueError(f"unknown impl {impl}")
    return step


def make_problem(shape, hp, dtype, device, seed):
    runs, K, n, P, d, m = (shape[k] for k in ("runs", "K", "n", "P", "d", "m"))
    gen = torch.Generator(device=device)
    gen.manual_seed(seed)
    X = torch.randn(runs * K, n * P, d, dtype=dtype, device=device, generator=gen)
    X.mul_(hp["sigmaXi"])
    y = torch.randint(0, 2, (runs, n), device=device, generator=gen).to(dtype).mul_(2).sub_(1)
    W = torch.randn(runs * K, m, d, dtype=dtype, device=device, generator=gen)
    W.mul_(hp["sigma0"])
    a = two_class_head(m, dtype, device)
    return X, y, W, a


def gemm_flops_per_step(shape):
    # Forward X W^T and backward E^T X: 2 GEMMs of 2*n*P*d*m flops per modality and run.
    return 4 * shape["runs"] * shape["K"] * shape["n"] * shape["P"] * shape["d"] * shape["m"]


# ----------------------------------------------------------------------------------------------
# Benchmark


def set_tf32(allow):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch >= 2.9 warns that the legacy flag is deprecated
        torch.backends.cuda.matmul.allow_tf32 = bool(allow)
        torch.backends.cudnn.allow_tf32 = bool(allow)
        return bool(torch.backends.cuda.matmul.allow_tf32)


def bench_one(name, variant, shape, hp, args, dtype, tf32, use_graph):
    device = torch.device("cuda")
    tf32_now = set_tf32(tf32)
    gc.collect()
    torch.cuda.synchronize()
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()

    X, y, W, a = make_problem(shape, hp, dtype, device, args.seed)
    step = make_step(args.impl, X, y, W, a, shape, hp)
    steps = args.steps if args.steps else shape["steps"]
    warmup = args.warmup

    if use_graph:
        # Warm up on a side stream (cuBLAS handles, workspaces, allocator), then capture one step.
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(3):
                step()
        torch.cuda.current_stream().wait_stream(side)
        torch.cuda.synchronize()
        graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(graph):
            loss_static = step()

        def run_step():
            graph.replay()

        def last_loss():
            return loss_static

    else:
        holder = {}

        def run_step():
            holder["loss"] = step()

        def last_loss():
            return holder["loss"]

    for _ in range(warmup):
        run_step()
    torch.cuda.synchronize()

    start = torch.cuda.Event(enable_timing=True)
    stop = torch.cuda.Event(enable_timing=True)
    start.record()
    for _ in range(steps):
        run_step()
    stop.record()
    stop.synchronize()
    seconds = start.elapsed_time(stop) / 1e3
    per_step = seconds / steps
    final_loss = float(last_loss().float().mean().item())
    peak = int(torch.cuda.max_memory_allocated())

    result = {
        "peer": "torch",
        "case": name,
        "variant": variant,
        "dtype": str(dtype).replace("torch.", ""),
        "tf32": tf32_now if dtype == torch.float32 else False,
        "seconds_per_step": per_step,
        "run_steps_per_second": shape["runs"] / per_step,
        "gflops": gemm_flops_per_step(shape) / per_step / 1e9,
        "peak_mem_bytes": peak,
        "impl": args.impl,
        "cuda_graph": use_graph,
        "runs": shape["runs"],
        "K": shape["K"],
        "n": shape["n"],
        "P": shape["P"],
        "d": shape["d"],
        "m": shape["m"],
        "steps": steps,
        "warmup": warmup,
        "final_loss_mean": final_loss,
        "finite": math.isfinite(final_loss),
        "device": torch.cuda.get_device_name(device),
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
    }
    if use_graph:
        del graph
    del X, y, W, a, step
    set_tf32(False)
    return result


def variants_for(name, args):
    """(variant, tf32, use_graph) rows of a case."""
    if name == "paper-single":
        rows = [("cuda-graph", False, True)]
        if args.eager:
            rows.append(("eager", False, False))
    elif name == "sweep":
        rows = [("bmm-cuda-graph", False, True)]
        if args.eager:
            rows.append(("bmm-eager", False, False))
    elif name == "large":
        rows = [("fp32", False, args.large_graph), ("tf32", True, args.large_graph)]
        if args.dtype != "float32":
            rows = rows[:1]
    else:
        raise ValueError(name)
    return rows


def run_bench(args):
    if not torch.cuda.is_available():
        reason = "no CUDA device visible to PyTorch"
        if torch.version.cuda is None:
            reason = "this PyTorch build has no CUDA"
        sys.stderr.write(
            f"torch_peer: CUDA not available ({reason}; torch {torch.__version__}, "
            f"built for CUDA {torch.version.cuda}). The benchmark needs a GPU; "
            f"`--check` runs on the CPU.\n"
        )
        return 2
    dtype = DTYPES[args.dtype]
    hp = dict(DEFAULT_HYPER)
    names = [c.strip() for c in args.cases.split(",") if c.strip()]
    unknown = [c for c in names if c not in CASES]
    if unknown or not names:
        sys.stderr.write(f"torch_peer: unknown case(s) {unknown}; known: {', '.join(CASES)}\n")
        return 2
    status = 0
    for name in names:
        shape = dict(CASES[name])
        if shape["runs"] is None:
            shape["runs"] = args.sweep_runs
        if shape["m"] % 2:
            sys.stderr.write(f"torch_peer: case {name}: m must be even for the twoClass head\n")
            return 2
        for variant, tf32, use_graph in variants_for(name, args):
            if args.impl != "manual":
                variant = f"{variant}-{args.impl}"
            try:
                result = bench_one(name, variant, shape, hp, args, dtype, tf32, use_graph)
            except Exception as err:  # OOM or a capture failure: report it, go on
                status = 1
                result = {
                    "peer": "torch",
                    "case": name,
                    "variant": variant,
                    "dtype": args.dtype,
                    "tf32": tf32,
                    "error": f"{type(err).__name__}: {err}".splitlines()[0][:500],
                }
                try:
                    gc.collect()
                    torch.cuda.synchronize()
                    torch.cuda.empty_cache()
                except Exception:
                    pass  # a sticky CUDA error: the next case will report it too
                set_tf32(False)
            print(json.dumps(result), flush=True)
    return status


# ----------------------------------------------------------------------------------------------
# Correctness check


def max_rel(a, b):
    scale = max(float(b.abs().max()), 1e-300)
    return float((a - b).abs().max()) / scale


def check_on(device, dtype, tol, log):
    """Manual gradient vs autograd on tiny problems whose pre-activations hit all three branches."""
    ok = True
    for q in (3.0, 1.0, 2.5):
        hp = {"q": q, "rho": 0.1, "eta": 0.25}
        shape = {"runs": 3, "K": 2, "n": 5, "P": 3, "d": 7, "m": 4}
        gen = torch.Generator(device=device)
        gen.manual_seed(7)
        runs, K, n, P, d, m = (shape[k] for k in ("runs", "K", "n", "P", "d", "m"))
        X = torch.randn(runs * K, n * P, d, dtype=dtype, device=device, generator=gen)
        y = torch.randint(0, 2, (runs, n), device=device, generator=gen).to(dtype) * 2 - 1
        W = 0.15 * torch.randn(runs * K, m, d, dtype=dtype, device=device, generator=gen)
        a = two_class_head(m, dtype, device)

        Z = torch.bmm(X, W.transpose(1, 2))
        regions = [int((Z <= 0).sum()), int(((Z > 0) & (Z <= hp["rho"])).sum()), int((Z > hp["rho"]).sum())]
        if min(regions) == 0:
            log(f"check q={q}: pre-activations miss a branch {regions}; the check would be weak")
            ok = False

        act_fast, _ = smooth_relu_and_slope(Z, hp["rho"], q)
        act_ref = smooth_relu_reference(Z, hp["rho"], q)
        err_act = max_rel(act_fast, act_ref)

        loss_m, G_m = manual_grad(X, y, W, a, shape, hp)
        Wg = W.clone().requires_grad_(True)
        loss_a = autograd_loss(X, y, Wg, a, shape, hp)
        loss_a.sum().backward()
        G_a = Wg.grad
        err_loss = max_rel(loss_m, loss_a.detach())
        err_grad = max_rel(G_m, G_a)

        # One GD step of the bench's closure matches W - eta * autograd gradient.
        W_step = W.clone()
        make_step("manual", X, y, W_step, a, shape, hp)()
        err_step = max_rel(W_step - W, -hp["eta"] * G_a)

        # A single run computed alone equals its slice of the batch (runs are independent).
        one = dict(shape, runs=1)
        _, G_one = manual_grad(X[K : 2 * K], y[1:2], W[K : 2 * K], a, one, hp)
        err_batch = max_rel(G_one, G_m[K : 2 * K])

        errs = {"act": err_act, "loss": err_loss, "grad": err_grad, "step": err_step, "batch": err_batch}
        good = all(e <= tol for e in errs.values()) and float(G_a.abs().max()) > 0
        ok &= good
        log(
            f"check {device.type} {str(dtype).replace('torch.', '')} q={q}: regions(<=0, (0,rho], >rho)={regions} "
            + " ".join(f"{k}={v:.2e}" for k, v in errs.items())
            + f" tol={tol:.0e} {'ok' if good else 'FAIL'}"
        )

    ok &= check_numpy_peer(device, dtype, tol, log)
    if device.type == "cuda":
        ok &= check_graph(device, dtype, tol, log)
    return ok


def check_numpy_peer(device, dtype, tol, log):
    """One GD step here vs bench/numpy_peer.py's gd_step on the same float64 data, if importable."""
    try:
        import os

        import numpy as np

        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
        import numpy_peer
    except Exception as err:
        log(f"check numpy peer: skipped ({type(err).__name__}: {err})")
        return True
    case = {"runs": 2, "K": 2, "n": 6, "P": 2, "d": 5, "m": 4, "q": 3, "rho": 0.1, "eta": 0.25}
    runs, K, n, P, d, m = (case[k] for k in ("runs", "K", "n", "P", "d", "m"))
    rng = np.random.default_rng(3)
    Xn = rng.standard_normal((runs, K, n * P, d))
    yn = rng.choice(np.array([-1.0, 1.0]), size=(runs, n))
    Wn = 0.15 * rng.standard_normal((runs, K, m, d))
    X = torch.tensor(Xn.reshape(runs * K, n * P, d), dtype=dtype, device=device)
    y = torch.tensor(yn, dtype=dtype, device=device)
    W = torch.tensor(Wn.reshape(runs * K, m, d), dtype=dtype, device=device)
    a = two_class_head(m, dtype, device)
    hp = {"q": 3.0, "rho": 0.1, "eta": 0.25}
    loss_t = make_step("manual", X, y, W, a, case, hp)()
    W_np = Wn.copy()
    loss_np = numpy_peer.gd_step(Xn, yn, W_np, numpy_peer.two_class_head(m).astype(np.float64), case)
    err_w = max_rel(W.cpu().double() - torch.tensor(Wn.reshape(runs * K, m, d)),
                    torch.tensor((W_np - Wn).reshape(runs * K, m, d)))
    err_loss = max_rel(loss_t.cpu().double(), torch.tensor(loss_np))
    good = err_w <= tol and err_loss <= tol
    log(f"check numpy peer step on {device.type}: dW={err_w:.2e} loss={err_loss:.2e} {'ok' if good else 'FAIL'}")
    return good


def check_graph(device, dtype, tol, log):
    """A replayed CUDA graph of the step equals the eager step, over a few steps."""
    hp = {"q": 3.0, "rho": 0.1, "eta": 0.25}
    shape = {"runs": 2, "K": 2, "n": 8, "P": 2, "d": 16, "m": 6}
    X, y, W, a = make_problem(shape, {"sigmaXi": 1.0, "sigma0": 0.1}, dtype, device, 5)
    W_eager = W.clone()
    step_eager = make_step("manual", X, y, W_eager, a, shape, hp)
    step_graph = make_step("manual", X, y, W, a, shape, hp)
    side = torch.cuda.Stream()
    side.wait_stream(torch.cuda.current_stream())
    W0 = W.clone()
    with torch.cuda.stream(side):
        step_graph()  # warm-up moves W; restore below
    torch.cuda.current_stream().wait_stream(side)
    W.copy_(W0)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph):
        step_graph()
    W.copy_(W0)  # capture does not run the kernels, but be explicit
    for _ in range(4):
        graph.replay()
        step_eager()
    torch.cuda.synchronize()
    err = max_rel(W - W0, W_eager - W0)
    good = err <= tol and float((W - W0).abs().max()) > 0
    log(f"check cuda graph replay vs eager (4 steps): dW={err:.2e} {'ok' if good else 'FAIL'}")
    return good


def run_check(args):
    def log(msg):
        print(msg, flush=True)

    ok = check_on(torch.device("cpu"), torch.float64, 1e-10, log)
    ok &= check_on(torch.device("cpu"), torch.float32, 2e-4, log)
    if torch.cuda.is_available():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            set_tf32(False)
        ok &= check_on(torch.device("cuda"), torch.float64, 1e-10, log)
        ok &= check_on(torch.device("cuda"), torch.float32, 2e-4, log)
    else:
        log("check cuda: skipped (CUDA not available)")
    log("check: " + ("all ok" if ok else "FAILED"))
    return 0 if ok else 1


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default="paper-single,sweep,large", help="comma-separated case names")
    parser.add_argument("--steps", type=int, default=0, help="timed GD steps per variant (default: per case)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed steps (graph replays) before timing")
    parser.add_argument("--sweep-runs", type=int, default=1024, help="independent runs of the sweep case")
    parser.add_argument("--dtype", choices=sorted(DTYPES), default="float32")
    parser.add_argument("--impl", choices=("manual", "autograd"), default="manual",
                        help="gradient: hand-written (default, faster) or loss.backward()")
    parser.add_argument("--eager", action="store_true", help="also time paper-single and sweep without CUDA graphs")
    parser.add_argument("--large-graph", action="store_true", help="capture the large case in a CUDA graph too")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--check", action="store_true", help="check the gradient against autograd and exit")
    args = parser.parse_args(argv)
    if args.check:
        return run_check(args)
    if args.steps < 0 or args.warmup < 0 or args.sweep_runs < 1:
        sys.stderr.write("torch_peer: --steps and --warmup must be >= 0 and --sweep-runs >= 1\n")
        return 2
    return run_bench(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
