#!/usr/bin/env python3
"""NumPy + numexpr peer of the native engine's GD step: numpy_peer.py's fastest layout with the
activation pass (clip, powers, row sums' inputs, slopes) evaluated by numexpr in one multi-threaded
pass per expression instead of a chain of NumPy ufuncs. `npm run bench` times it beside the other
peers, so the table shows where it wins.
"""

import sys

import numexpr as ne
import numpy as np

import numpy_peer
import peer_common


class NumexprStep(numpy_peer.ClipStep):
    def step(self):
        Z, T, S, G = self.Z, self.T, self.S, self.G
        runs, K, n, P, m = self.shape
        np.matmul(self.X, self.W.transpose(0, 2, 1), out=Z)
        rho, inv_rho, scale = np.float32(self.rho), np.float32(self.inv_rho), np.float32(self.scale)
        qm1 = self.q - 1
        ne.evaluate("(where(Z < 0, 0, where(Z > rho, rho, Z)) * inv_rho) ** qm1", out=S, casting="same_kind")
        ne.evaluate("scale * S * where(Z < 0, 0, where(Z > rho, rho, Z)) * inv_rho + where(Z > rho, Z - rho, 0)",
                    out=T, casting="same_kind")
        f = (T @ self.a).reshape(runs, K, n, P).sum(axis=(1, 3))
        loss, g = numpy_peer.logistic(f, self.y, n)
        S.reshape(runs, K, n, P, m)[...] *= g[:, None, :, None, None]
        np.matmul(S.transpose(0, 2, 1), self.X, out=G)
        G *= self.step_signs[:, None]
        self.W -= G
        return loss


FORMULATIONS = {"numexpr-3d": NumexprStep}


def pick(case):
    return "numexpr-3d"


if __name__ == "__main__":
    peer_common.main(sys.modules[__name__], sys.argv[1:], __doc__)
