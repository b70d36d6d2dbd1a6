import { describe, expect, it } from 'vitest';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import type { NativeRunSpec } from '../../src-main/engine/native-types';
import { trainReference } from '../../src-main/engine/reference';
import { smallSpec } from '../support/small-spec';
import { trainNativeOnce } from '../support/native-train';
import { syntheticImport, syntheticWeights } from '../support/synthetic-data';

/*
 * The same small run, 50 full-batch GD steps from the same native data draw and initial weights,
 * in the native engine (float64) and the reference engine (tfjs float32).
 *
 * Tolerance: 1e-3 relative on the final losses, gammas, phis and gradient norms, and on the
 * weights norm-wise. Each float32 step perturbs the weights by ~1e-7 relative; over 50 steps of a
 * smooth, non-chaotic descent that stays ~1e-5, so 1e-3 leaves room while any difference in the
 * update rule (a missing factor, a wrong head sign, a different weight decay) is far larger.
 */
const TRAJECTORY_TOLERANCE = 1e-3;

function relativeDifference(a: number, b: number): number {
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
}

const configs: { label: string; spec: NativeRunSpec }[] = [
  {
    label: 'two-class head, q=3, K=2, P=2, weight decay',
    spec: smallSpec({
      seed: 11,
      data: { K: 2, d: 16, n: 12, nTest: 40, P: 2, sigmaXi: 0.3 },
      model: { m: 6, q: 3, rho: 0.1, sigma0: 0.05 },
      train: { eta: 1, steps: 50, recordEvery: 10, weightDecay: 0.01 },
    }),
  },
  {
    label: 'odd head, 1/m scale, q=2, K=3, P=3',
    spec: smallSpec({
      seed: 12,
      data: { K: 3, d: 10, n: 10, nTest: 30, P: 3, sigmaXi: 0.3 },
      model: { m: 4, q: 2, rho: 0.2, sigma0: 0.05, head: 'odd', headScale: 'inverseM' },
      train: { eta: 2, steps: 50, recordEvery: 10 },
    }),
  },
  {
    label: 'reconstructed starting point (d=500, n=50, m=20, sigma0=5e-4), first 50 steps',
    spec: smallSpec({
      seed: 13,
      data: { K: 2, d: 500, n: 50, nTest: 200, P: 2, sigmaXi: 0.05, alpha: [1, 0.6], mu: [0.3, 0.05] },
      model: { m: 20, q: 3, rho: 0.1, sigma0: 5e-4 },
      train: { eta: 0.25, steps: 50, recordEvery: 10 },
    }),
  },
  {
    label: 'balancing remedies: fixed blending weights, modality dropout and OGM inside a window, K=3',
    spec: {
      ...smallSpec({
        seed: 15,
        data: { K: 3, d: 16, n: 12, nTest: 40, P: 2, sigmaXi: 0.3 },
        model: { m: 6, q: 3, rho: 0.1, sigma0: 0.05 },
        train: { eta: 1, steps: 50, recordEvery: 10 },
      }),
      remedies: {
        jointWeight: 0.8,
        unimodalWeights: [0.5, 1, 0.2],
        dropout: [0.3, 0.2, 0.4],
        ogm: { alpha: 1, noise: false, startStep: 5, endStep: 40 },
      },
    },
  },
  {
    label: 'gradient blending, weights re-estimated every 5 steps on a held-out quarter, with OGM, K=3',
    spec: {
      ...smallSpec({
        seed: 16,
        data: { K: 3, d: 16, n: 16, nTest: 40, P: 2, sigmaXi: 0.3 },
        model: { m: 6, q: 3, rho: 0.1, sigma0: 0.05 },
        train: { eta: 1, steps: 50, recordEvery: 10 },
      }),
      remedies: {
        jointWeight: 1,
        unimodalWeights: [0.2, 0.2, 0.2],
        dropout: [0, 0, 0],
        ogm: { alpha: 0.5, noise: false, startStep: 0, endStep: 1e9 },
        blending: { everySteps: 5, holdout: 0.25 },
      },
    },
  },
  {
    label: 'imported data and initial weights (signal coefficients from <x, v>)',
    spec: withImports(
      smallSpec({
        seed: 14,
        data: { K: 2, d: 12, n: 10, nTest: 20, P: 2, sigmaXi: 0.3 },
        model: { m: 4, q: 3, rho: 0.1 },
        train: { eta: 1, steps: 50, recordEvery: 10 },
      }),
    ),
  },
];

function withImports(spec: NativeRunSpec): NativeRunSpec {
  return { ...spec, importedData: syntheticImport(spec, spec.seed), importedInit: syntheticWeights(spec, spec.seed, 0.05) };
}

describe.skipIf(!nativeAvailable())('native (f64) vs reference (tfjs) trajectories', () => {
  for (const { label, spec } of configs) {
    it(label, async () => {
      const native = await trainNativeOnce({ ...spec, precision: 'f64' });
      const reference = await trainReference(spec);
      expect(reference.predictedWinner).toBe(native.predictedWinner);
      reference.initialGamma.forEach((gamma, r) => expect(relativeDifference(gamma, native.initialGamma[r]!)).toBeLessThan(1e-9));

      reference.modes.forEach((mode, index) => {
        const nativeMode = native.modes[index]!;
        expect(mode.mode).toBe(nativeMode.mode);
        expect(mode.stepsRun).toBe(nativeMode.stepsRun);
        expect(Array.from(mode.series.steps)).toEqual(Array.from(nativeMode.series.steps));
        expect(mode.series.scalarNames).toEqual(nativeMode.series.scalarNames);
        for (const key of ['trainLoss', 'testLoss'] as const) {
          expect(relativeDifference(mode.final[key], nativeMode.final[key]), `${mode.mode} ${key}`).toBeLessThan(TRAJECTORY_TOLERANCE);
        }
        mode.final.modalities.forEach((modality, r) => {
          const expected = nativeMode.final.modalities[r]!;
          // Both engines test gamma > rho after every step; these configs cross rho decisively.
          expect(modality.crossStep, `${mode.mode} crossStep${r}`).toBe(expected.crossStep);
          for (const key of [
            'gamma',
            'gammaPlus',
            'gammaMinus',
            'phi',
            'gradNorm',
            'outputShare',
            'gradShare',
            'unimodalCosine',
          ] as const) {
            if (Number.isNaN(expected[key])) {
              expect(modality[key], `${mode.mode} ${key}${r}`).toBeNaN();
            } else {
              expect(relativeDifference(modality[key], expected[key]), `${mode.mode} ${key}${r}`).toBeLessThan(TRAJECTORY_TOLERANCE);
            }
          }
        });
        let difference = 0;
        let size = 0;
        mode.weights.forEach((w, r) => {
          const expected = nativeMode.weights[r]!;
          expect(w.length, `${mode.mode} weights ${r} length`).toBe(expected.length);
          w.forEach((value, k) => {
            difference += (value - expected[k]!) ** 2;
            size += expected[k]! ** 2;
          });
        });
        expect(Math.sqrt(difference / size), `${mode.mode} weights`).toBeLessThan(TRAJECTORY_TOLERANCE);
      });
    });
  }
});
