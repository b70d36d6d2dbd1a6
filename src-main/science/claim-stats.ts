/**
 * The statistics of the paper check: a rate with its Wilson 95% interval, a mean with its
 * normal-approximation 95% interval, and a logistic fit of a win against a log score ratio.
 * Inputs are taken in the order given (callers sort runs by seed), so results are reproducible.
 */
import { wilson, type Interval } from '../sweeps/sweep-stats';

export const Z95 = 1.959963984540054;

export interface RateEstimate extends Interval {
  kind: 'rate';
  successes: number;
  n: number;
}

export interface MeanEstimate {
  kind: 'mean';
  /** The mean, and the 95% interval mean +- 1.96 sd / sqrt(n) (null below two values). */
  value: number | null;
  low: number | null;
  high: number | null;
  n: number;
}

export function rate(outcomes: boolean[]): RateEstimate {
  const successes = outcomes.filter(Boolean).length;
  // wilson() gives n (and k) with the interval.
  return { kind: 'rate', successes, ...wilson(successes, outcomes.length) };
}

export function meanInterval(values: number[]): MeanEstimate {
  const n = values.length;
  if (n === 0) return { kind: 'mean', value: null, low: null, high: null, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { kind: 'mean', value: mean, low: null, high: null, n };
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) * (b - mean), 0) / (n - 1));
  const half = (Z95 * sd) / Math.sqrt(n);
  return { kind: 'mean', value: mean, low: mean - half, high: mean + half, n };
}

export interface LogisticFit {
  /** P(win) = 1 / (1 + exp(-(intercept + slope x))). */
  intercept: number;
  slope: number;
  /** The x at which P(win) = 1/2 (null when the slope is 0). */
  midpoint: number | null;
  n: number;
  /** False when the wins are perfectly separated by x (the fit then stops at a large slope). */
  converged: boolean;
}

/**
 * Maximum-likelihood logistic regression of y (win or not) on x, by Newton's method. A small
 * ridge penalty keeps the fit finite when the data are separable (the usual case for a strong
 * predictor), so the reported curve is steep rather than undefined; `converged` says which.
 */
export function logisticFit(x: number[], y: boolean[], ridge = 1e-3): LogisticFit {
  let b0 = 0;
  let b1 = 0;
  let converged = false;
  for (let iteration = 0; iteration < 100; iteration++) {
    let g0 = -ridge * b0;
    let g1 = -ridge * b1;
    let h00 = ridge;
    let h01 = 0;
    let h11 = ridge;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] as number;
      const p = 1 / (1 + Math.exp(-(b0 + b1 * xi)));
      const residual = (y[i] ? 1 : 0) - p;
      const w = p * (1 - p);
      g0 += residual;
      g1 += residual * xi;
      h00 += w;
      h01 += w * xi;
      h11 += w * xi * xi;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(Math.abs(det) > 1e-300)) break;
    const d0 = (h11 * g0 - h01 * g1) / det;
    const d1 = (h00 * g1 - h01 * g0) / det;
    b0 += d0;
    b1 += d1;
    if (Math.abs(d0) + Math.abs(d1) < 1e-10) {
      converged = true;
      break;
    }
  }
  return { intercept: b0, slope: b1, midpoint: b1 === 0 ? null : -b0 / b1, n: x.length, converged };
}

export function logisticCurve(fit: Pick<LogisticFit, 'intercept' | 'slope'>, x: number): number {
  return 1 / (1 + Math.exp(-(fit.intercept + fit.slope * x)));
}
