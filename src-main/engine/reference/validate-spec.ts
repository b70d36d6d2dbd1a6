import type { NativeRunSpec } from '../native-types';
import { parseMode } from './modes';

/**
 * The reference engine runs tfjs on the CPU and re-reads every weight each step, so it is only
 * meant for small configurations (gradient checks, short trajectories). These limits keep a
 * mistaken call from hanging a test or the UI for minutes; the native engine has no such limit.
 */
export const REFERENCE_LIMITS = {
  /** Multiply-adds of one forward pass over the train set: K * n * P * m * d. */
  maxMultiplyAddsPerStep: 2e7,
  /** Stored input numbers: K * (n + nTest) * P * d. */
  maxDataElements: 4e6,
} as const;

function requireInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer >= ${min} (got ${String(value)})`);
  }
}

function requireFinite(name: string, value: number, description: string, ok: (v: number) => boolean): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new Error(`${name} must be ${description} (got ${String(value)})`);
  }
}

/** Throws a clear error for anything the reference engine cannot or will not run. */
export function validateReferenceSpec(spec: NativeRunSpec): void {
  const { data, model, train } = spec;
  if (spec.precision === 'tf32') {
    throw new Error('precision "tf32" runs on CUDA tensor cores; the reference engine has no TF32 (use precision "f32")');
  }
  requireInteger('data.K', data.K, 1);
  requireInteger('data.d', data.d, 1);
  requireInteger('data.P', data.P, 1);
  requireInteger('data.n', data.n, 1);
  requireInteger('data.nTest', data.nTest, 1);
  requireInteger('model.m', model.m, 1);
  if (model.head === 'twoClass' && model.m % 2 !== 0) {
    throw new Error(`model.m must be even for head "twoClass" (first m/2 neurons +1, the rest -1); got ${model.m}`);
  }
  requireFinite('model.q', model.q, 'a finite number >= 1', (v) => v >= 1);
  requireFinite('model.rho', model.rho, 'a finite number > 0', (v) => v > 0);
  requireFinite('train.eta', train.eta, 'a finite number > 0', (v) => v > 0);
  requireInteger('train.steps', train.steps, 0);
  requireInteger('train.recordEvery', train.recordEvery, 1);
  requireFinite('train.weightDecay', train.weightDecay, 'a finite number >= 0', (v) => v >= 0);
  if (!Array.isArray(data.alpha) || data.alpha.length !== data.K) throw new Error(`data.alpha must have K = ${data.K} entries`);
  if (!Array.isArray(data.mu) || data.mu.length !== data.K) throw new Error(`data.mu must have K = ${data.K} entries`);
  // Mini-batch SGD draws batches from the native engine's RNG stream, which the reference cannot
  // reproduce; a batch as large as the train set is plain full-batch GD and is accepted.
  if (train.batchSize !== 0 && train.batchSize < data.n) {
    throw new Error(
      `train.batchSize: the reference engine supports only full-batch gradient descent (batchSize 0 or >= n = ${data.n}); got ${train.batchSize}`,
    );
  }
  if (train.modes.length === 0) throw new Error('train.modes must name at least one mode');
  for (const mode of train.modes) parseMode(mode, data.K);

  const multiplyAdds = data.K * data.n * data.P * model.m * data.d;
  if (multiplyAdds > REFERENCE_LIMITS.maxMultiplyAddsPerStep) {
    throw new Error(
      `the reference engine is for small configurations: K*n*P*m*d = ${multiplyAdds} multiply-adds per step exceeds its limit of ${REFERENCE_LIMITS.maxMultiplyAddsPerStep}; use the native backend`,
    );
  }
  const dataElements = data.K * (data.n + data.nTest) * data.P * data.d;
  if (dataElements > REFERENCE_LIMITS.maxDataElements) {
    throw new Error(
      `the reference engine is for small configurations: K*(n+nTest)*P*d = ${dataElements} input numbers exceeds its limit of ${REFERENCE_LIMITS.maxDataElements}; use the native backend`,
    );
  }
}
