#!/usr/bin/env python3
"""PyTorch (CPU) peer of the native engine's GD step, run by `npm run bench` only where PyTorch
is installed. The same step as numpy_peer.py's clip formulation (see peer_common.py), on torch
tensors with a hand-written gradient (autograd would only add work) and torch.bmm for the
products. Its BLAS is whatever PyTorch was built with, and it is reported with it: Debian's
python3-torch uses a generic BLAS, so this peer is shown, never taken as the headline peer.
"""

import sys

import numpy as np
import torch

import peer_common


def blas_info():
    """PyTorch's own account of its BLAS (the BLAS_INFO entry of its build configuration)."""
    for part in torch.__config__.show().replace("\n", ",").split(","):
        part = part.strip()
        if part.startswith("BLAS_INFO="):
            return f"PyTorch {torch.__version__} BLAS {part.split('=', 1)[1]}"
    return f"PyTorch {torch.__version__} (BLAS not reported)"


def extra_info():
    return {"blas": blas_info(), "torchThreads": torch.get_num_threads()}


class TorchStep:
    def __init__(self, X, y, W, a, case):
        runs, K, nP, d = X.shape
        m = W.shape[2]
        self.shape = (runs, K, case["n"], case["P"], m)
        self.X = torch.from_numpy(np.ascontiguousarray(X.reshape(runs * K, nP, d)))
        self.W = torch.from_numpy(W.reshape(runs * K, m, d))  # shares memory with W
        self.y = torch.from_numpy(y)
        self.a = torch.from_numpy(a)
        self.step_signs = (case["eta"] * self.a)[:, None]
        self.rho, self.scale, self.q = case["rho"], case["rho"] / case["q"], case["q"]

    def weights(self):
        runs, K, _, _, m = self.shape
        return self.W.numpy().reshape(runs, K, m, -1)

    @torch.no_grad()
    def step(self):
        runs, K, n, P, m = self.shape
        Z = torch.bmm(self.X, self.W.transpose(1, 2))
        T = Z.clamp(0, self.rho).mul_(1 / self.rho)
        S = T.pow(self.q - 1)
        act = (S * T).mul_(self.scale).add_((Z - self.rho).clamp_(min=0))
        f = (act @ self.a).reshape(runs, K, n, P).sum(dim=(1, 3))
        margin = self.y * f
        loss = torch.nn.functional.softplus(-margin).mean(dim=1)
        g = -self.y * torch.sigmoid(-margin) / n
        S.view(runs, K, n, P, m).mul_(g[:, None, :, None, None])
        G = torch.bmm(S.transpose(1, 2), self.X)
        self.W.sub_(G.mul_(self.step_signs))
        return loss.numpy()


FORMULATIONS = {"torch-bmm": TorchStep}


def pick(case):
    return "torch-bmm"


if __name__ == "__main__":
    peer_common.main(sys.modules[__name__], sys.argv[1:], __doc__)
