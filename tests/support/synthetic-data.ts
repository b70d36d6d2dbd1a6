import type { NativeImportedData, NativeRunSpec } from '../../src-main/engine/native-types';
import { SeededRandom } from './seeded-random';

/**
 * Data in the signal/noise patch model, drawn in TypeScript so reference tests run without the
 * native addon. Patch 0 carries y * alpha_r * e_1 (always sufficient: mu is ignored here) and the
 * other patches are Gaussian noise with the first coordinate zeroed (orthogonal to v = e_1).
 * With P = 1 the single patch keeps its noise beside the signal, so noise still matters.
 */
export function syntheticImport(spec: NativeRunSpec, seed: number): NativeImportedData {
  const random = new SeededRandom(seed);
  const { K, d, P, n, nTest, sigmaXi, alpha } = spec.data;
  const labels = (count: number): Float64Array => Float64Array.from({ length: count }, () => random.sign());
  const yTrain = labels(n);
  const yTest = labels(nTest);
  const inputs = (y: Float64Array, r: number): Float64Array => {
    const x = random.normals(y.length * P * d, sigmaXi);
    for (let i = 0; i < y.length; i++) {
      for (let p = 0; p < P; p++) {
        const row = (i * P + p) * d;
        if (p === 0) {
          if (P > 1) x.fill(0, row, row + d);
          x[row] = (y[i] ?? 0) * (alpha[r] ?? 1);
        } else {
          x[row] = 0;
        }
      }
    }
    return x;
  };
  return {
    yTrain,
    yTest,
    xTrain: Array.from({ length: K }, (_, r) => inputs(yTrain, r)),
    xTest: Array.from({ length: K }, (_, r) => inputs(yTest, r)),
  };
}

/** Initial weights N(0, scale^2), one m*d array per modality. */
export function syntheticWeights(spec: NativeRunSpec, seed: number, scale: number): Float64Array[] {
  const random = new SeededRandom(seed ^ 0x5bd1e995);
  return Array.from({ length: spec.data.K }, () => random.normals(spec.model.m * spec.data.d, scale));
}
