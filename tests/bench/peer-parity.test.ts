import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_HYPER, findCase, type BenchCase } from '../../src-main/bench/cases';
import { benchRunSpecs } from '../../src-main/bench/native-specs';
import { peerChildEnv, peerScript } from '../../src-main/bench/python-peer';
import { findPeer } from '../../src-main/bench/peers';
import { findPython } from '../../src-main/bench/python-finder';
import { loadNativeAddon, nativeAvailable } from '../../src-main/engine/native-loader';
import type { NativeRunResult, NativeRunSpec } from '../../src-main/engine/native-types';

// A small case whose weights start large enough (sigma0) and move fast enough (eta) that loss
// and gamma change visibly within the steps, so agreeing trajectories say something.
const SMALL: BenchCase = { ...findCase('paper-single'), name: 'parity', runs: 1, K: 2, n: 48, P: 3, d: 24, m: 8 };
const STEPS = 40;
const SIGMA0 = 0.05;
const ETA = 1;
// float32 peers sum in another order than the engine (which sums row activations in double):
// over 40 steps their losses stay within this relative distance (measured: about 3e-7), and
// gammas within this fraction of the largest |gamma| (measured: about 1e-7). A 2% change of eta
// moves both by about 1e-2, so the wrong-eta control below must land far outside.
const LOSS_TOLERANCE = 1e-5;
const GAMMA_TOLERANCE = 1e-5;

interface Trajectory {
  loss: number[];
  gamma: number[][];
}

function paritySpec(): NativeRunSpec {
  const spec = benchRunSpecs(SMALL, STEPS)[0] as NativeRunSpec;
  return { ...spec, model: { ...spec.model, sigma0: SIGMA0 }, train: { ...spec.train, eta: ETA, recordEvery: 1 } };
}

function engineTrajectory(spec: NativeRunSpec): Promise<Trajectory> {
  const addon = loadNativeAddon();
  return new Promise((resolve, reject) => {
    addon.train(
      [spec],
      { threads: 1 },
      () => undefined,
      (error, results?: NativeRunResult[]) => {
        if (error || !results?.[0]) return reject(error ?? new Error('no result'));
        const series = results[0].modes[0]!.series;
        const width = series.scalarNames.length;
        const column = (name: string): number[] => {
          const index = series.scalarNames.indexOf(name);
          return Array.from(series.steps, (_, record) => series.scalars[record * width + index] as number);
        };
        const gammas = Array.from({ length: SMALL.K }, (_, r) => column(`gamma${r}`));
        resolve({ loss: column('trainLoss'), gamma: gammas[0]!.map((_, t) => gammas.map((g) => g[t] as number)) });
      },
    );
  });
}

/** The engine's data and initial weights as the peers' --trajectory file reads them. */
function writeTrajectoryInput(file: string, spec: NativeRunSpec, eta: number): void {
  const addon = loadNativeAddon();
  const data = addon.generateData(spec);
  const w = addon.initialWeights(spec);
  const { name, K, n, P, d, m } = SMALL;
  const flat = (arrays: ArrayLike<number>[]): number[] => arrays.flatMap((a) => Array.from(a));
  const input = {
    case: { name, K, n, P, d, m, q: BENCH_HYPER.q, rho: BENCH_HYPER.rho, sigma0: SIGMA0, sigmaXi: BENCH_HYPER.sigmaXi, eta },
    steps: STEPS,
    x: flat(data.xTrain),
    y: Array.from(data.yTrain),
    w: flat(w),
    v: flat(data.v),
  };
  fs.writeFileSync(file, JSON.stringify(input));
}

function peerTrajectory(python: string, script: string, file: string, formulation: string): Trajectory {
  const out = execFileSync(python, [script, '--trajectory', file, '--formulation', formulation], {
    env: peerChildEnv(1),
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as Trajectory;
}

/** Largest relative loss gap and largest gamma gap (as a fraction of the largest |gamma|). */
function gaps(peer: Trajectory, engine: Trajectory): { loss: number; gamma: number } {
  expect(peer.loss).toHaveLength(engine.loss.length);
  const loss = Math.max(...engine.loss.map((l, t) => Math.abs((peer.loss[t] as number) - l) / Math.abs(l)));
  const scale = Math.max(...engine.gamma.flat().map(Math.abs));
  const gamma = Math.max(...engine.gamma.flatMap((g, t) => g.map((x, r) => Math.abs((peer.gamma[t]![r] as number) - x)))) / scale;
  return { loss, gamma };
}

describe.skipIf(!nativeAvailable())("bench peers take the native engine's training step", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modcomp-parity-'));
  const input = path.join(dir, 'engine-data.json');
  const wrongEta = path.join(dir, 'engine-data-wrong-eta.json');
  let engine: Trajectory;

  beforeAll(async () => {
    const spec = paritySpec();
    writeTrajectoryInput(input, spec, ETA);
    writeTrajectoryInput(wrongEta, spec, ETA * 1.02);
    engine = await engineTrajectory(spec);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('trains visibly in the compared steps (loss and gamma move)', () => {
    expect(engine.loss).toHaveLength(STEPS + 1);
    expect(engine.loss[0]! - engine.loss[STEPS]!).toBeGreaterThan(0.02);
    const moved = engine.gamma[STEPS]!.map((g, r) => Math.abs(g - engine.gamma[0]![r]!));
    expect(Math.max(...moved)).toBeGreaterThan(0.01);
  });

  const numpyFormulations = ['where-4d', 'clip-4d', 'clip-3d', 'clip-3d-wt', 'clip-loop', 'clip-loop-wt', 'clip-einsum'];
  it.each(numpyFormulations)("NumPy formulation %s follows the engine's loss and gamma for 40 steps", async (formulation) => {
    const python = await findPython(['numpy']);
    expect(python, 'python3 with NumPy is a project prerequisite').not.toBeNull();
    const peer = peerTrajectory(python as string, peerScript(findPeer('numpy')), input, formulation);
    const gap = gaps(peer, engine);
    expect(gap.loss).toBeLessThan(LOSS_TOLERANCE);
    expect(gap.gamma).toBeLessThan(GAMMA_TOLERANCE);
  });

  it('a peer with eta 2% off is caught by the same tolerances', async () => {
    const python = await findPython(['numpy']);
    const peer = peerTrajectory(python as string, peerScript(findPeer('numpy')), wrongEta, 'clip-3d');
    const gap = gaps(peer, engine);
    expect(Math.max(gap.loss / LOSS_TOLERANCE, gap.gamma / GAMMA_TOLERANCE)).toBeGreaterThan(10);
  });

  it.for(['blas+fused', 'loops'])('Numba formulation %s follows the engine (where Numba is installed)', async (formulation, ctx) => {
    const python = await findPython(['numpy', 'numba']);
    if (!python) return ctx.skip('no Python here imports numba (Debian python3-numba; npm run setup installs it)');
    const gap = gaps(peerTrajectory(python, peerScript(findPeer('numba')), input, formulation), engine);
    expect(gap.loss).toBeLessThan(LOSS_TOLERANCE);
    expect(gap.gamma).toBeLessThan(GAMMA_TOLERANCE);
  });

  it('the numexpr formulation follows the engine (where numexpr is installed)', async (ctx) => {
    const python = await findPython(['numpy', 'numexpr']);
    if (!python) return ctx.skip('no Python here imports numexpr (Debian python3-numexpr; npm run setup installs it)');
    const script = path.join(path.dirname(peerScript(findPeer('numpy'))), 'numexpr_peer.py');
    const gap = gaps(peerTrajectory(python, script, input, 'numexpr-3d'), engine);
    expect(gap.loss).toBeLessThan(LOSS_TOLERANCE);
    expect(gap.gamma).toBeLessThan(GAMMA_TOLERANCE);
  });

  it('the PyTorch formulation follows the engine (where PyTorch is installed)', async (ctx) => {
    const python = await findPython(['numpy', 'torch']);
    if (!python) return ctx.skip('no Python here imports torch (PyTorch is optional; the bench shows it only where installed)');
    const gap = gaps(peerTrajectory(python, peerScript(findPeer('torch')), input, 'torch-bmm'), engine);
    expect(gap.loss).toBeLessThan(LOSS_TOLERANCE);
    expect(gap.gamma).toBeLessThan(GAMMA_TOLERANCE);
  });
});
