#!/usr/bin/env python3
"""Times every formulation of a peer on the bench cases, alternating them round by round, and
prints a Markdown table (best round per formulation): the evidence behind each peer's `pick`.

    python3 bench/try_formulations.py numpy_peer --rounds 3 \\
        --case '{"name":"paper-single","runs":1,"K":2,"n":512,"P":4,"d":512,"m":64}' --steps 20

OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE should be unset, as `npm run bench` unsets them.
"""

import argparse
import importlib
import json
import time

import peer_common


def time_formulation(module, name, case, steps, warmup, seed):
    X, y, W = peer_common.random_problem(case, seed)
    step = module.FORMULATIONS[name](X, y, W, peer_common.two_class_head(case["m"]), case)
    for _ in range(warmup):
        step.step()
    start = time.perf_counter()
    for _ in range(steps):
        step.step()
    return (time.perf_counter() - start) / steps


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("peer", help="peer module in bench/, e.g. numpy_peer")
    parser.add_argument("--case", action="append", required=True)
    parser.add_argument("--steps", type=int, action="append", required=True, help="per case, in order")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", action="append", help="formulations to time (default: all)")
    args = parser.parse_args()
    module = importlib.import_module(args.peer)
    names = args.only or list(module.FORMULATIONS)
    cases = [peer_common.full_case(json.loads(text)) for text in args.case]
    best = {}
    for _ in range(args.rounds):
        for case, steps in zip(cases, args.steps):
            for name in names:
                seconds = time_formulation(module, name, case, steps, 2, 1)
                key = (case["name"], name)
                best[key] = min(best.get(key, float("inf")), seconds)
    print("| formulation | " + " | ".join(f"{c['name']} s/step" for c in cases) + " |")
    print("|---|" + "---|" * len(cases))
    for name in names:
        cells = []
        for case in cases:
            fastest = min(best[(case["name"], other)] for other in names)
            seconds = best[(case["name"], name)]
            cells.append(f"{seconds:.3e}{' (fastest)' if seconds == fastest else ''}")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
