#!/usr/bin/env python3
"""NumPy peer of the native engine's full-batch GD step, for `npm run bench`.

The step a careful researcher would write in plain NumPy, in several formulations; the bench tries
them on each case and times the fastest (`candidates`, peer_common.choose_formulation), and
`bench/try_formulations.py` times them all for bench/README.md, which lists every formulation
with its time. The step itself is the engine's (see peer_common.py), and
tests/bench/peer-parity.test.ts checks each formulation's loss and gamma against the engine's.

Independent runs of a sweep are stacked on a leading axis and advanced together; a single run is
the same code with one entry on that axis. Everything stays float32.

    python3 bench/numpy_peer.py --steps 50 \\
        --case '{"name":"paper-single","runs":1,"K":2,"n":512,"P":4,"d":512,"m":64}'

Prints one JSON line per case on stdout.
"""

import numpy as np

import peer_common


def logistic(f, y, n):
    """Mean softplus(-y f) per run and g = dLoss/df = -y sigmoid(-y f) / n."""
    margin = y * f
    loss = np.logaddexp(0, -margin).mean(axis=-1)
    with np.errstate(over="ignore"):  # exp overflow means sigmoid 0, which 1/(1+inf) gives
        g = -y / (1 + np.exp(margin)) / n
    return loss, g


class WhereStep:
    """The first published peer: np.where for both branches of the activation and its slope
    (every branch is evaluated, z**q calls powf), 4-D matmul, fresh temporaries each step."""

    def __init__(self, X, y, W, a, case):
        self.X, self.y, self.W, self.a, self.c = X, y, W, a, case

    def weights(self):
        return self.W

    def step(self):
        X, y, W, a, c = self.X, self.y, self.W, self.a, self.c
        runs, K, nP, _ = X.shape
        n, P, m, rho, q = c["n"], c["P"], c["m"], c["rho"], c["q"]
        Z = np.matmul(X, W.swapaxes(-1, -2))
        act = np.where(Z <= 0, 0, np.where(Z <= rho, Z**q / (q * rho ** (q - 1)), Z - (1 - 1 / q) * rho))
        f = (act.reshape(runs, K, n, P, m).sum(axis=3) @ a).sum(axis=1)
        loss, g = logistic(f, y, n)
        slope = np.where(Z <= 0, 0, np.where(Z <= rho, Z ** (q - 1) / rho ** (q - 1), 1)) * a
        E = slope.reshape(runs, K, n, P, m) * g[:, None, :, None, None]
        W -= c["eta"] * np.matmul(E.reshape(runs, K, nP, m).swapaxes(-1, -2), X)
        return loss


class ClipStep:
    """One clipped array t = clip(z, 0, rho)/rho serves the activation and the slope; in-place
    ufuncs into buffers kept across steps; the head's signs and eta applied to the (m, d)
    gradient, not to the (n*P, m) slopes. `batch` picks the product's shape:
      "4d"   np.matmul on (runs, K, n*P, d)
      "3d"   runs and modalities flattened: (runs*K, n*P, d)
      "loop" a Python loop of 2-D np.matmul over runs*K (one BLAS call each)
      "einsum" np.einsum(..., optimize=True) for both products
    and `wt` keeps the weights transposed, (d, m) per modality, so the forward product reads
    them contiguously and the backward one writes X^T E."""

    def __init__(self, X, y, W, a, case, batch="3d", wt=False):
        runs, K, nP, d = X.shape
        m = W.shape[2]
        self.c, self.batch, self.wt, self.y, self.a = case, batch, wt, y, a
        self.shape = (runs, K, case["n"], case["P"], m)
        B = runs * K
        self.X4 = X
        self.X = np.ascontiguousarray(X.reshape(B, nP, d))
        self.XT = self.X.transpose(0, 2, 1)
        self.W = np.ascontiguousarray(W.reshape(B, m, d).transpose(0, 2, 1)) if wt else W.reshape(B, m, d)
        self.Z = np.empty((B, nP, m), dtype=X.dtype)
        self.T = np.empty_like(self.Z)
        self.S = np.empty_like(self.Z)
        self.G = np.empty_like(self.W)
        self.step_signs = (case["eta"] * a).astype(X.dtype)  # eta a_j per neuron
        self.rho, self.inv_rho, self.scale, self.q = case["rho"], 1 / case["rho"], case["rho"] / case["q"], case["q"]

    def weights(self):
        runs, K, _, _, m = self.shape
        W = self.W.transpose(0, 2, 1) if self.wt else self.W
        return W.reshape(runs, K, m, -1)

    def product(self, left, right, out):
        if self.batch == "einsum":
            return np.einsum("bij,bjk->bik", left, right, out=out, optimize=True)
        if self.batch == "loop":
            for b in range(left.shape[0]):
                np.matmul(left[b], right[b], out=out[b])
            return out
        if self.batch == "4d":
            runs, K = self.shape[:2]
            left4 = left.reshape(runs, K, *left.shape[1:])
            right4 = right.reshape(runs, K, *right.shape[1:])
            np.matmul(left4, right4, out=out.reshape(runs, K, *out.shape[1:]))
            return out
        return np.matmul(left, right, out=out)

    def step(self):
        Z, T, S, G = self.Z, self.T, self.S, self.G
        runs, K, n, P, m = self.shape
        self.product(self.X, self.W if self.wt else self.W.transpose(0, 2, 1), Z)
        np.clip(Z, 0, self.rho, out=T)
        T *= self.inv_rho  # t in [0, 1]
        if self.q == 3:
            np.multiply(T, T, out=S)  # slope t^2
        else:
            np.power(T, self.q - 1, out=S)
        np.multiply(S, T, out=T)  # t^q
        T *= self.scale
        Z -= self.rho
        np.maximum(Z, 0, out=Z)
        T += Z  # activation
        f = (T @ self.a).reshape(runs, K, n, P).sum(axis=(1, 3))
        loss, g = logistic(f, self.y, n)
        S.reshape(runs, K, n, P, m)[...] *= g[:, None, :, None, None]  # E = g slope
        if self.wt:
            self.product(self.XT, S, G)  # (d, m)
            G *= self.step_signs
        else:
            self.product(S.transpose(0, 2, 1), self.X, G)  # (m, d)
            G *= self.step_signs[:, None]
        self.W -= G
        return loss


def _clip(batch, wt=False):
    return lambda X, y, W, a, case: ClipStep(X, y, W, a, case, batch=batch, wt=wt)


FORMULATIONS = {
    "where-4d": WhereStep,
    "clip-4d": _clip("4d"),
    "clip-3d": _clip("3d"),
    "clip-3d-wt": _clip("3d", wt=True),
    "clip-loop": _clip("loop"),
    "clip-loop-wt": _clip("loop", wt=True),
    "clip-einsum": _clip("einsum"),
}


def candidates(case):
    """What the bench tries on each case, keeping the fastest in that run: every formulation but
    the first published one, which was the slowest in every trial (bench/README.md)."""
    return [name for name in FORMULATIONS if name != "where-4d"]


def pick(case):
    """The formulation for a case too big to try them all on (large): one 3-D product per
    direction and no per-run Python loop."""
    return "clip-3d"


if __name__ == "__main__":
    import sys

    peer_common.main(sys.modules[__name__], sys.argv[1:], __doc__)
