import { describe, expect, it } from 'vitest';
import { datasetFromImport, referenceLossAndGrads, tfRuntime } from '../../src-main/engine/reference';
import { centralDifferences, checkableWeights, float64Loss, normwiseRelativeError } from '../support/float64-loss';
import { gradientCases } from '../support/random-configs';
import { syntheticImport } from '../support/synthetic-data';

/*
 * The reference engine's tfjs autodiff gradients against central finite differences of an
 * independent float64 forward (plain loops in float64-forward.ts), on data drawn in TypeScript.
 *
 * Tolerances:
 * - FD itself is accurate to ~1e-9 relative here (h = 1e-6, O(h^2) truncation, float64 rounding
 *   ~1e-16/h); we keep every pre-activation at least 1e-4 from the kinks at 0 and rho so no
 *   difference straddles a slope jump.
 * - tfjs computes in float32 (unit roundoff 6e-8); sums over a few hundred terms and the
 *   pow/softplus kernels leave ~1e-6 relative error, so 1e-3 norm-wise is a loose, safe bound
 *   that still catches any formula mistake (those give O(1) errors).
 * - The loss itself must agree to 1e-5 relative (float32 forward vs float64 forward).
 * Weights are redrawn until every trained encoder has an active neuron, so no check is vacuous.
 */
const TFJS_GRADIENT_TOLERANCE = 1e-3;
const TFJS_LOSS_TOLERANCE = 1e-5;
const KINK_CLEARANCE = 1e-4;

describe('reference engine gradients (tfjs autodiff) vs float64 finite differences', () => {
  it('initialises a tfjs backend without the network', async () => {
    const runtime = await tfRuntime();
    // wasm is expected here; 'cpu' would mean the wasm binary failed to load (see runtime.notes).
    expect(['wasm', 'cpu', 'tensorflow']).toContain(runtime.backend);
    console.info(`reference tfjs backend: ${runtime.backend}${runtime.notes.length ? ` (${runtime.notes.join('; ')})` : ''}`);
  });

  for (const seed of [1, 2]) {
    for (const testCase of gradientCases(seed)) {
      it(`seed ${seed}: ${testCase.label}`, async () => {
        const { spec } = testCase;
        const dataset = datasetFromImport(spec, syntheticImport(spec, testCase.seed));
        for (const mode of testCase.modes) {
          const weights = checkableWeights(spec, dataset, mode, testCase.seed, testCase.weightScale, KINK_CLEARANCE);
          const finiteDifferences = centralDifferences((w) => float64Loss(spec, dataset, w, mode), weights);
          const reference = await referenceLossAndGrads(spec, dataset, weights, mode);
          const exactLoss = float64Loss(spec, dataset, weights, mode);

          expect(Math.abs(reference.loss - exactLoss) / exactLoss, `${mode} loss`).toBeLessThan(TFJS_LOSS_TOLERANCE);
          const error = normwiseRelativeError(reference.grads, finiteDifferences);
          expect(error, `${mode} gradient, norm-wise relative error`).toBeLessThan(TFJS_GRADIENT_TOLERANCE);
          // Encoders a unimodal mode does not use get exactly zero gradient.
          reference.grads.forEach((g, r) => {
            if (mode !== 'joint' && mode !== `unimodal:${r}`) expect(g.every((value) => value === 0)).toBe(true);
          });
        }
      });
    }
  }
});
