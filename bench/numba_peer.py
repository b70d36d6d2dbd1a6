#!/usr/bin/env python3
"""Numba peer of the native engine's full-batch GD step, for `npm run bench`: what a
performance-minded researcher writes after NumPy. The same step as numpy_peer.py (see
peer_common.py), with the elementwise work fused into parallel `prange` loops compiled by Numba.

Formulations (bench/README.md lists their times; `pick` keeps the fastest):
  "blas+fused"  the two products through BLAS (np.matmul), everything between them in two fused
                parallel loops: one pass computes the activation's row sums and the slopes, one
                scales the slopes by the loss gradient; the update is a third.
  "loops"       no BLAS at all: each row's pre-activations, activation and slopes in one parallel
                loop (the product as broadcast multiply-adds over the neurons), and the gradient
                in a parallel loop over neurons.

Numba compiles on the first step, which the untimed warm-up steps absorb. Debian's python3-numba
runs under Debian's python3 (/usr/bin/python3), with Debian's NumPy and OpenBLAS.
"""

import sys

import numpy as np
from numba import njit, prange

import peer_common


@njit(parallel=True, cache=False)
def _activate(Z, S, a, rho, inv_rho, scale, qm1, row_act):
    B, rows, m = Z.shape
    for index in prange(B * rows):
        b, i = index // rows, index % rows
        total = 0.0
        for j in range(m):
            z = Z[b, i, j]
            t = min(max(z, np.float32(0)), rho) * inv_rho
            tq1 = np.float32(1)
            for _ in range(qm1):
                tq1 *= t
            above = z - rho
            total += a[j] * (scale * tq1 * t + (above if above > 0 else np.float32(0)))
            S[b, i, j] = tq1
        row_act[b, i] = total


@njit(parallel=True, cache=False)
def _scale_rows(S, g, K, P):
    # S (runs*K, n*P, m) *= g (runs, n) per row: row i of modality b belongs to sample i // P.
    B, rows, m = S.shape
    for index in prange(B * rows):
        b, i = index // rows, index % rows
        gi = g[b // K, i // P]
        for j in range(m):
            S[b, i, j] *= gi


@njit(parallel=True, cache=False)
def _update(W, G, step_signs):
    B, m, d = W.shape
    for index in prange(B * m):
        b, j = index // m, index % m
        s = step_signs[j]
        for k in range(d):
            W[b, j, k] -= s * G[b, j, k]


@njit(parallel=True, cache=False)
def _forward_loops(X, Wt, S, a, rho, inv_rho, scale, qm1, row_act):
    # X (B, rows, d), Wt (B, d, m): z = x_row Wt by broadcast multiply-adds, then the activation.
    B, rows, d = X.shape
    m = Wt.shape[2]
    for index in prange(B * rows):
        b, i = index // rows, index % rows
        z = np.zeros(m, dtype=np.float32)
        for k in range(d):
            xk = X[b, i, k]
            for j in range(m):
                z[j] += xk * Wt[b, k, j]
        total = 0.0
        for j in range(m):
            t = min(max(z[j], np.float32(0)), rho) * inv_rho
            tq1 = np.float32(1)
            for _ in range(qm1):
                tq1 *= t
            above = z[j] - rho
            total += a[j] * (scale * tq1 * t + (above if above > 0 else np.float32(0)))
            S[b, i, j] = tq1
        row_act[b, i] = total


@njit(parallel=True, cache=False)
def _backward_loops(X, S, g, K, P, Wt, step_signs):
    # Wt[k, j] -= eta a_j sum_rows g_row S[row, j] X[row, k], one task per (modality, neuron).
    B, rows, d = X.shape
    m = S.shape[2]
    for index in prange(B * m):
        b, j = index // m, index % m
        acc = np.zeros(d, dtype=np.float32)
        for i in range(rows):
            e = g[b // K, i // P] * S[b, i, j]
            if e != 0:
                for k in range(d):
                    acc[k] += e * X[b, i, k]
        s = step_signs[j]
        for k in range(d):
            Wt[b, k, j] -= s * acc[k]


class NumbaStep:
    def __init__(self, X, y, W, a, case, loops=False):
        runs, K, nP, d = X.shape
        m = W.shape[2]
        if not float(case["q"]).is_integer():
            raise SystemExit("the Numba peer needs an integer q")
        self.loops, self.y, self.a, self.c = loops, y, a, case
        self.shape = (runs, K, case["n"], case["P"], m)
        B = runs * K
        self.X = np.ascontiguousarray(X.reshape(B, nP, d))
        # loops: the weights transposed (d, m), so the forward loop reads a row of them per k.
        self.W = np.ascontiguousarray(W.reshape(B, m, d).transpose(0, 2, 1)) if loops else W.reshape(B, m, d)
        self.Z = np.empty((B, nP, m), dtype=np.float32)
        self.S = np.empty_like(self.Z)
        self.G = np.empty_like(self.W)
        self.row_act = np.empty((B, nP), dtype=np.float32)
        self.step_signs = (case["eta"] * a).astype(np.float32)
        f32 = np.float32
        self.params = (f32(case["rho"]), f32(1 / case["rho"]), f32(case["rho"] / case["q"]), int(case["q"]) - 1)

    def weights(self):
        runs, K, _, _, m = self.shape
        W = self.W.transpose(0, 2, 1) if self.loops else self.W
        return W.reshape(runs, K, m, -1)

    def step(self):
        runs, K, n, P, m = self.shape
        if self.loops:
            _forward_loops(self.X, self.W, self.S, self.a, *self.params, self.row_act)
        else:
            np.matmul(self.X, self.W.transpose(0, 2, 1), out=self.Z)
            _activate(self.Z, self.S, self.a, *self.params, self.row_act)
        f = self.row_act.reshape(runs, K, n, P).sum(axis=(1, 3))
        loss, g = _logistic(f, self.y, n)
        g = g.astype(np.float32)
        if self.loops:
            _backward_loops(self.X, self.S, g, K, P, self.W, self.step_signs)
        else:
            _scale_rows(self.S, g, K, P)
            np.matmul(self.S.transpose(0, 2, 1), self.X, out=self.G)
            _update(self.W, self.G, self.step_signs)
        return loss


def _logistic(f, y, n):
    margin = y * f
    loss = np.logaddexp(0, -margin).mean(axis=-1)
    with np.errstate(over="ignore"):
        g = -y / (1 + np.exp(margin)) / n
    return loss, g


FORMULATIONS = {
    "blas+fused": lambda X, y, W, a, case: NumbaStep(X, y, W, a, case, loops=False),
    "loops": lambda X, y, W, a, case: NumbaStep(X, y, W, a, case, loops=True),
}


def pick(case):
    """The fastest formulation, from the timings in bench/README.md."""
    return "blas+fused"


if __name__ == "__main__":
    peer_common.main(sys.modules[__name__], sys.argv[1:], __doc__)
