import { describe, expect, it } from 'vitest';
import { headShape } from '../../src-main/engine/reference/head';
import { featureAlignment, noiseMemorisation } from '../../src-main/engine/reference/metrics';
import { predictWinner } from '../../src-main/engine/reference/predicted-winner';
import { smoothRelu } from '../../src-main/engine/reference/smooth-relu';
import { smallSpec } from '../support/small-spec';

describe('smoothed ReLU (float64)', () => {
  it('follows the three pieces of the science page', () => {
    const rho = 0.2;
    for (const q of [1, 2, 3, 4, 2.5]) {
      expect(smoothRelu(-0.3, q, rho)).toBe(0);
      expect(smoothRelu(0, q, rho)).toBe(0);
      expect(smoothRelu(0.1, q, rho)).toBeCloseTo(0.1 ** q / (q * rho ** (q - 1)), 15);
      expect(smoothRelu(0.7, q, rho)).toBeCloseTo(0.7 - (1 - 1 / q) * rho, 15);
      // Continuous at rho: both formulas give rho / q there.
      expect(smoothRelu(rho, q, rho)).toBeCloseTo(rho / q, 15);
    }
  });

  it('is the plain ReLU for q = 1', () => {
    for (const z of [-1, -0.01, 0, 0.05, 0.1, 3]) expect(smoothRelu(z, 1, 0.1)).toBeCloseTo(Math.max(z, 0), 15);
  });
});

describe('metric definitions', () => {
  it('Gamma+ uses the +1 neurons and Gamma- the -1 neurons against -v (two-class head)', () => {
    const head = headShape(smallSpec({ model: { m: 4, head: 'twoClass' } }).model);
    // Neurons 0,1 vote +1; neurons 2,3 vote -1.
    const result = featureAlignment(Float64Array.from([0.3, -0.5, 0.2, -0.1]), head);
    expect(result.gammaPlus).toBeCloseTo(0.3, 15);
    expect(result.gammaMinus).toBeCloseTo(0.1, 15); // max(-0.2, 0.1)
    expect(result.gamma).toBeCloseTo(0.1, 15);
  });

  it('the odd head reports max_j <w_j, v> for both classes', () => {
    const head = headShape(smallSpec({ model: { m: 3, head: 'odd' } }).model);
    const result = featureAlignment(Float64Array.from([0.3, -0.5, 0.2]), head);
    expect(result).toEqual({ gamma: 0.3, gammaPlus: 0.3, gammaMinus: 0.3 });
  });

  it('Phi removes the signal component s v before projecting', () => {
    // d = 2, v = e_1; one neuron w = (1, 2); rows x = (3, 0.5) with s = 3, and x = (-1, -4) with s = 0.
    const w = Float64Array.from([1, 2]);
    const alignments = Float64Array.from([1]);
    const x = Float64Array.from([3, 0.5, -1, -4]);
    const phi = noiseMemorisation(w, alignments, x, Float64Array.from([3, 0]), 2, 1, 2);
    // Row 1: <w, xi> = <(1,2),(0,0.5)> = 1; row 2: <(1,2),(-1,-4)> = -9.
    expect(phi).toBeCloseTo(9, 15);
  });

  it('predicts the winner by (1-mu) alpha^q Gamma(0)^(q-2)', () => {
    const spec = smallSpec({ data: { K: 2, alpha: [1, 0.6], mu: [0.3, 0.05] }, model: { q: 3 } });
    const { winner, scores } = predictWinner(spec, [1e-3, 1e-3]);
    expect(scores[0]).toBeCloseTo(0.7 * 1e-3, 15);
    expect(scores[1]).toBeCloseTo(0.95 * 0.216 * 1e-3, 15);
    expect(winner).toBe(0);
    // A much larger initial alignment lets the weaker modality win.
    expect(predictWinner(spec, [1e-3, 1e-2]).winner).toBe(1);
  });
});
