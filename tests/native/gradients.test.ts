import { describe, expect, it } from 'vitest';
import { loadNativeAddon, nativeAvailable } from '../../src-main/engine/native-loader';
import type { ModeName, NativeDataset, NativeRunSpec, TypedReal } from '../../src-main/engine/native-types';
import { referenceLossAndGrads } from '../../src-main/engine/reference';
import { encoderOutputs, sumOutputs } from '../../src-main/engine/reference/float64-forward';
import { headShape } from '../../src-main/engine/reference/head';
import { parseMode } from '../../src-main/engine/reference/modes';
import { centralDifferences, checkableWeights, float64Loss, normwiseRelativeError } from '../support/float64-loss';
import { gradientCases } from '../support/random-configs';

/*
 * The native engine's gradients (addon.evaluate, float64) against
 *   (1) central finite differences of the native loss itself (h = 1e-6),
 *   (2) tfjs autodiff through the reference engine (float32),
 * and the native loss/outputs against the plain-TypeScript float64 forward, on the native data draw.
 *
 * Tolerances (norm-wise relative error over all modalities' gradients):
 * - FD: 1e-5. Central differences are O(h^2 f''') ~ 1e-10 plus rounding ~1e-16 / h ~ 1e-10
 *   relative; pre-activations are kept >= 1e-4 from the kinks at 0 and rho (a difference that
 *   straddles a kink mixes two slopes). A wrong formula gives errors of order one.
 * - tfjs: 1e-3. tfjs computes in float32 (roundoff 6e-8, ~1e-6 after the sums here).
 * - Loss and outputs vs the TypeScript float64 forward: 1e-10 relative (both float64; only
 *   summation order differs).
 * - The native float32 path vs its float64 path: 1e-3 (float32 data and arithmetic).
 * Largest errors seen over all 48 cases x modes (native 0.1.0, wasm tfjs): FD 1.3e-8, tfjs 3.3e-7,
 * loss 4e-16, f32 vs f64 2.1e-7; so each bound has a margin of several hundred or more.
 * Weights are redrawn until no pre-activation is within 1e-4 of a kink and every trained encoder
 * has an active neuron (an all-zero gradient would pass any relative check vacuously).
 */
const FD_TOLERANCE = 1e-5;
const TFJS_TOLERANCE = 1e-3;
const FLOAT64_AGREEMENT = 1e-10;
const F32_VS_F64_TOLERANCE = 1e-3;
const KINK_CLEARANCE = 1e-4;

function float64Outputs(spec: NativeRunSpec, dataset: NativeDataset, weights: TypedReal[], mode: ModeName): Float64Array {
  const { n, P, d } = spec.data;
  const { m, q, rho } = spec.model;
  const head = headShape(spec.model);
  const parts = parseMode(mode, spec.data.K).trained.map((r) =>
    encoderOutputs(dataset.xTrain[r] as TypedReal, weights[r] as TypedReal, { n, P, d, m, q, rho }, head),
  );
  return sumOutputs(parts, n);
}

describe.skipIf(!nativeAvailable())('native gradients (addon.evaluate)', () => {
  for (const seed of [1, 2, 3]) {
    for (const testCase of gradientCases(seed)) {
      it(`seed ${seed}: ${testCase.label}`, async () => {
        const addon = loadNativeAddon();
        const spec = { ...testCase.spec, precision: 'f64' as const };
        const dataset = addon.generateData(spec);
        for (const mode of testCase.modes) {
          const weights = checkableWeights(spec, dataset, mode, testCase.seed, testCase.weightScale, KINK_CLEARANCE);
          const native = addon.evaluate(spec, weights, mode);

          const exactLoss = float64Loss(spec, dataset, weights, mode);
          expect(Math.abs(native.loss - exactLoss) / exactLoss, `${mode}: loss vs TS float64 forward`).toBeLessThan(FLOAT64_AGREEMENT);
          expect(normwiseRelativeError([native.outputs], [float64Outputs(spec, dataset, weights, mode)]), `${mode}: outputs`).toBeLessThan(
            FLOAT64_AGREEMENT,
          );

          const finiteDifferences = centralDifferences((w) => addon.evaluate(spec, w, mode).loss, weights);
          expect(normwiseRelativeError(native.grads, finiteDifferences), `${mode}: native vs FD`).toBeLessThan(FD_TOLERANCE);

          const reference = await referenceLossAndGrads(spec, dataset, weights, mode);
          expect(normwiseRelativeError(reference.grads, native.grads), `${mode}: tfjs vs native`).toBeLessThan(TFJS_TOLERANCE);

          native.grads.forEach((g, r) => {
            if (mode !== 'joint' && mode !== `unimodal:${r}`)
              expect(
                Array.from(g).every((v) => v === 0),
                `${mode}: untrained r=${r}`,
              ).toBe(true);
          });

          const single = addon.evaluate(
            { ...spec, precision: 'f32' },
            weights.map((w) => Float32Array.from(w)),
            mode,
          );
          expect(normwiseRelativeError(single.grads, native.grads), `${mode}: native f32 vs f64`).toBeLessThan(F32_VS_F64_TOLERANCE);
        }
      });
    }
  }
});
