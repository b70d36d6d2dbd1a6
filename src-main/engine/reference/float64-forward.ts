import type { TypedReal } from '../native-types';
import type { HeadShape } from './head';
import { smoothRelu } from './smooth-relu';

/**
 * A plain float64 forward pass of the learner, written as literally as possible (loops, no
 * tensors). tfjs computes in float32, which is too coarse for finite differences; this forward is
 * what the finite-difference checks and the reference's metrics evaluate.
 */

export interface EncoderGeometry {
  /** Samples in `x`. */
  n: number;
  P: number;
  d: number;
  m: number;
  q: number;
  rho: number;
}

/** f_r(X_i) for every sample: sum_j a_j sum_p act(<w_j, x_ip>), times the head scale. */
export function encoderOutputs(x: TypedReal, w: TypedReal, geometry: EncoderGeometry, head: HeadShape): Float64Array {
  const { n, P, d, m, q, rho } = geometry;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let total = 0;
    for (let j = 0; j < m; j++) {
      let neuron = 0;
      for (let p = 0; p < P; p++) {
        const z = dot(w, j * d, x, (i * P + p) * d, d);
        neuron += head.odd ? smoothRelu(z, q, rho) - smoothRelu(-z, q, rho) : smoothRelu(z, q, rho);
      }
      total += (head.signs[j] ?? 0) * neuron;
    }
    out[i] = total * head.scale;
  }
  return out;
}

export function dot(a: TypedReal, aOffset: number, b: TypedReal, bOffset: number, length: number): number {
  let sum = 0;
  for (let k = 0; k < length; k++) sum += (a[aOffset + k] ?? 0) * (b[bOffset + k] ?? 0);
  return sum;
}

/** log(1 + exp(-u)) without overflow for large |u|. */
export function logisticLoss(margin: number): number {
  return margin > 0 ? Math.log1p(Math.exp(-margin)) : -margin + Math.log1p(Math.exp(margin));
}

/** Mean logistic loss of outputs f against labels y. */
export function meanLogisticLoss(outputs: Float64Array, y: TypedReal): number {
  let sum = 0;
  for (let i = 0; i < outputs.length; i++) sum += logisticLoss((y[i] ?? 0) * (outputs[i] ?? 0));
  return sum / outputs.length;
}

/** Fraction of samples with y f <= 0 (a zero output counts as wrong: it picks no class). */
export function errorRate(outputs: Float64Array, y: TypedReal): number {
  let wrong = 0;
  for (let i = 0; i < outputs.length; i++) if ((y[i] ?? 0) * (outputs[i] ?? 0) <= 0) wrong++;
  return wrong / outputs.length;
}

/** Elementwise sum of per-modality outputs (late fusion). */
export function sumOutputs(parts: Float64Array[], n: number): Float64Array {
  const total = new Float64Array(n);
  for (const part of parts) for (let i = 0; i < n; i++) total[i] = (total[i] ?? 0) + (part[i] ?? 0);
  return total;
}
