import type { ModeName, NativeDataset, NativeRunSpec, TypedReal } from '../../src-main/engine/native-types';
import { dot, encoderOutputs, meanLogisticLoss, sumOutputs } from '../../src-main/engine/reference/float64-forward';
import { headShape } from '../../src-main/engine/reference/head';
import { parseMode } from '../../src-main/engine/reference/modes';
import { syntheticWeights } from './synthetic-data';

/** Mean train loss of one mode at the given weights, entirely in float64 plain TypeScript. */
export function float64Loss(spec: NativeRunSpec, dataset: NativeDataset, weights: TypedReal[], mode: ModeName): number {
  const { n, P, d } = spec.data;
  const { m, q, rho } = spec.model;
  const head = headShape(spec.model);
  const parts = parseMode(mode, spec.data.K).trained.map((r) =>
    encoderOutputs(dataset.xTrain[r] as TypedReal, weights[r] as TypedReal, { n, P, d, m, q, rho }, head),
  );
  return meanLogisticLoss(sumOutputs(parts, n), dataset.yTrain);
}

/**
 * Central differences (L(w + h e_k) - L(w - h e_k)) / 2h for every weight of every modality.
 * The error is O(h^2 L''') + O(eps L / h); h = 1e-6 balances the two for losses of order one.
 */
export function centralDifferences(loss: (weights: Float64Array[]) => number, weights: Float64Array[], step = 1e-6): Float64Array[] {
  return weights.map((w) => {
    const gradient = new Float64Array(w.length);
    for (let k = 0; k < w.length; k++) {
      const original = w[k] ?? 0;
      w[k] = original + step;
      const plus = loss(weights);
      w[k] = original - step;
      const minus = loss(weights);
      w[k] = original;
      gradient[k] = (plus - minus) / (2 * step);
    }
    return gradient;
  });
}

/** ||a - b|| / max(||b||, floor), over all modalities together (norm-wise, not entry-wise). */
export function normwiseRelativeError(a: ArrayLike<number>[], b: ArrayLike<number>[], floor = 1e-12): number {
  let difference = 0;
  let reference = 0;
  b.forEach((bRow, r) => {
    const aRow = a[r] as ArrayLike<number>;
    for (let k = 0; k < bRow.length; k++) {
      difference += ((aRow[k] ?? 0) - (bRow[k] ?? 0)) ** 2;
      reference += (bRow[k] ?? 0) ** 2;
    }
  });
  return Math.sqrt(difference) / Math.max(Math.sqrt(reference), floor);
}

/**
 * The smallest distance of any pre-activation <w_j, x_ip> (and its negative, for the odd head)
 * from the kinks of the smoothed ReLU at 0 and rho. Finite differences straddling a kink measure
 * a one-sided mix of slopes, so the checks require this to be well above h * max|x|.
 */
export function minKinkDistance(spec: NativeRunSpec, dataset: NativeDataset, weights: TypedReal[], mode: ModeName): number {
  const { n, P, d } = spec.data;
  const { m, rho } = spec.model;
  let closest = Infinity;
  for (const r of parseMode(mode, spec.data.K).trained) {
    const x = dataset.xTrain[r] as TypedReal;
    const w = weights[r] as TypedReal;
    for (let j = 0; j < m; j++) {
      for (let row = 0; row < n * P; row++) {
        const z = Math.abs(dot(w, j * d, x, row * d, d));
        closest = Math.min(closest, z, Math.abs(z - rho));
      }
    }
  }
  return closest;
}

/** True when every trained encoder has some pre-activation above 0, so its gradient is not trivially zero. */
export function everyEncoderActive(spec: NativeRunSpec, dataset: NativeDataset, weights: TypedReal[], mode: ModeName): boolean {
  const { n, P, d } = spec.data;
  return parseMode(mode, spec.data.K).trained.every((r) => {
    const x = dataset.xTrain[r] as TypedReal;
    const w = weights[r] as TypedReal;
    for (let j = 0; j < spec.model.m; j++) for (let row = 0; row < n * P; row++) if (dot(w, j * d, x, row * d, d) > 0) return true;
    return false;
  });
}

/**
 * Test weights N(0, scale^2), redrawn (deterministically) until no pre-activation sits within
 * `clearance` of a kink and every trained encoder is active: a check at a kink measures a mix
 * of slopes, and a check of an all-zero gradient proves nothing.
 */
export function checkableWeights(
  spec: NativeRunSpec,
  dataset: NativeDataset,
  mode: ModeName,
  seed: number,
  scale: number,
  clearance: number,
): Float64Array[] {
  for (let attempt = 0; attempt < 100; attempt++) {
    const weights = syntheticWeights(spec, seed + 7919 * attempt, scale);
    if (minKinkDistance(spec, dataset, weights, mode) >= clearance && everyEncoderActive(spec, dataset, weights, mode)) return weights;
  }
  throw new Error(`no checkable weights found for ${mode}`);
}
