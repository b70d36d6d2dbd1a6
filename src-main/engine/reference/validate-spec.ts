import { RunRefusedError } from '../engine-errors';
import { blendingHoldoutCount } from './gradient-blending';
import type { NativeRunSpec } from '../native-types';
import { checkLimit, FLOAT32_MAX, formatLimitNumber, MAX_SPLIT_ROWS } from '../engine-limits';
import { parseMode } from './modes';

/**
 * The reference engine runs tfjs on the CPU and re-reads every weight each step, so it is only
 * meant for small configurations (gradient checks, short trajectories). These limits keep a
 * mistaken call from hanging a test or the UI for minutes; the native engine has no such limit.
 * Every other check is the native engine's own, with its limits and words (engine-limits.ts).
 */
export const REFERENCE_LIMITS = {
  /** Multiply-adds of one forward pass over the train set: K * n * P * m * d. */
  maxMultiplyAddsPerStep: 2e7,
  /** Stored input numbers: K * (n + nTest) * P * d. */
  maxDataElements: 4e6,
} as const;

/** The checks of the native engine, in its order and words: null when the spec is trainable. */
function engineSpecError(spec: NativeRunSpec): string | null {
  const { data, model, train } = spec;
  const first = (...checks: Array<() => string | null>): string | null => {
    for (const check of checks) {
      const error = check();
      if (error) return error;
    }
    return null;
  };
  return first(
    () => checkLimit('seed', spec.seed),
    () => checkLimit('data.K', data.K),
    () => checkLimit('data.d', data.d),
    () => checkLimit('data.P', data.P),
    () => checkLimit('data.n', data.n),
    () => checkLimit('data.nTest', data.nTest),
    () =>
      Math.max(data.n, data.nTest) * data.P > MAX_SPLIT_ROWS
        ? `data.n * data.P and data.nTest * data.P must be at most ${MAX_SPLIT_ROWS} rows; make data.n, data.nTest or data.P smaller`
        : null,
    () => perModalityError('alpha', data.alpha, data.K),
    () => perModalityError('mu', data.mu, data.K),
    () => {
      for (let r = 0; r < data.K; r++) {
        const error = checkLimit('data.alpha', data.alpha[r], `data.alpha[${r}]`) ?? checkLimit('data.mu', data.mu[r], `data.mu[${r}]`);
        if (error) return error;
      }
      return null;
    },
    () => {
      const sum = data.mu.reduce((a, b) => a + b, 0);
      return data.insufficiency === 'disjoint' && sum > 1 + 1e-12
        ? `data.mu must sum to at most 1 when data.insufficiency is 'disjoint' (got ${sum.toFixed(6)})`
        : null;
    },
    () => checkLimit('data.sigmaXi', data.sigmaXi),
    () => checkLimit('data.nuisanceCount', data.nuisanceCount),
    () => (data.nuisanceCount > data.d ? `data.nuisanceCount must be at most data.d = ${data.d}, got ${data.nuisanceCount}` : null),
    () => checkLimit('data.nuisanceScale', data.nuisanceScale),
    () => checkLimit('model.m', model.m),
    () =>
      model.head === 'twoClass' && model.m % 2 !== 0
        ? `model.m must be even when model.head is 'twoClass' (half the neurons per class), got ${model.m}`
        : null,
    () => checkLimit('model.q', model.q),
    () => checkLimit('model.rho', model.rho),
    () => checkLimit('model.sigma0', model.sigma0),
    () => checkLimit('train.eta', train.eta),
    () => float32Error(spec),
    () => checkLimit('train.steps', train.steps),
    () => checkLimit('train.recordEvery', train.recordEvery),
    () => (train.modes.length === 0 ? "train.modes must name at least one mode ('joint' or 'unimodal:r')" : null),
    () => {
      for (const mode of train.modes) parseMode(mode, data.K);
      return null;
    },
    () => checkLimit('train.batchSize', train.batchSize),
    () =>
      train.batchSize > data.n ? `train.batchSize must be at most data.n = ${data.n} (0 is the full batch), got ${train.batchSize}` : null,
    () => checkLimit('train.weightDecay', train.weightDecay),
    () => remediesError(spec),
  );
}

/** The native engine's checks of the remedies, in its words (native/core's validate.cpp). */
function remediesError(spec: NativeRunSpec): string | null {
  const remedies = spec.remedies;
  if (!remedies) return null;
  const K = spec.data.K;
  const list = (key: 'unimodalWeights' | 'dropout'): string | null => {
    const values = remedies[key];
    if (!Array.isArray(values) || values.length !== K)
      return `remedies.${key} must have one entry per modality (data.K = ${K}), got ${Array.isArray(values) ? values.length : 0}`;
    for (let r = 0; r < K; r++) {
      const e = checkLimit(`remedies.${key}`, values[r], `remedies.${key}[${r}]`);
      if (e) return e;
    }
    return null;
  };
  return (
    checkLimit('remedies.jointWeight', remedies.jointWeight) ??
    list('unimodalWeights') ??
    list('dropout') ??
    checkLimit('remedies.ogm.alpha', remedies.ogm.alpha) ??
    checkLimit('remedies.ogm.startStep', remedies.ogm.startStep) ??
    checkLimit('remedies.ogm.endStep', remedies.ogm.endStep) ??
    (remedies.ogm.endStep < remedies.ogm.startStep
      ? `remedies.ogm.endStep must be at least remedies.ogm.startStep = ${remedies.ogm.startStep}, got ${remedies.ogm.endStep}`
      : null) ??
    blendingError(spec)
  );
}

/** Re-estimated blending's checks, in the native engine's words. */
function blendingError(spec: NativeRunSpec): string | null {
  const blending = spec.remedies?.blending;
  if (!blending) return null;
  const limits =
    checkLimit('remedies.blending.everySteps', blending.everySteps) ?? checkLimit('remedies.blending.holdout', blending.holdout);
  if (limits || blending.everySteps <= 0) return limits;
  const { n } = spec.data;
  const held = blendingHoldoutCount(n, blending.holdout);
  if (held < 1 || held >= n) {
    return `remedies.blending.holdout = ${blending.holdout} of data.n = ${n} holds out ${held} samples; it must hold out at least 1 and train on at least 1`;
  }
  if (spec.train.batchSize > 0 && spec.train.batchSize < n) {
    return 'remedies.blending.everySteps: gradient blending with re-estimated weights trains the full batch of its training part; set train.batchSize to 0';
  }
  return null;
}

function perModalityError(key: 'alpha' | 'mu', list: unknown, K: number): string | null {
  if (Array.isArray(list) && list.length === K) return null;
  const length = Array.isArray(list) ? list.length : 0;
  return `data.${key} must have one entry per modality (data.K = ${K}), got ${length}`;
}

function float32Error(spec: NativeRunSpec): string | null {
  if (spec.precision === 'f64') return null;
  const { data, model, train } = spec;
  if ([data.sigmaXi, model.sigma0, train.eta, train.weightDecay].some((x) => x > FLOAT32_MAX)) {
    return `data.sigmaXi, model.sigma0, train.eta and train.weightDecay must be below ${formatLimitNumber(FLOAT32_MAX)} in float32 precision`;
  }
  const r = data.alpha.findIndex((a) => a > FLOAT32_MAX);
  return r >= 0 ? `data.alpha[${r}] must be below ${formatLimitNumber(FLOAT32_MAX)} in float32 precision` : null;
}

/** Throws a clear error for anything the reference engine cannot or will not run. */
export function validateReferenceSpec(spec: NativeRunSpec): void {
  const { data, model, train } = spec;
  if (spec.precision === 'tf32') {
    throw new RunRefusedError('precision "tf32" runs on CUDA tensor cores; the reference engine has no TF32 (use precision "f32")');
  }
  const invalid = engineSpecError(spec);
  if (invalid) throw new RunRefusedError(invalid);
  // Mini-batch SGD draws batches from the native engine's RNG stream, which the reference cannot
  // reproduce; a batch as large as the train set is plain full-batch GD and is accepted.
  if (train.batchSize !== 0 && train.batchSize < data.n) {
    throw new RunRefusedError(
      `train.batchSize: the reference engine supports only full-batch gradient descent (batchSize 0 or >= n = ${data.n}); got ${train.batchSize}`,
    );
  }

  // OGM-GE's noise draws one normal number per weight and step from the native stream; the
  // reference checks gradients, and noise is no gradient, so it leaves that part to the native engine.
  if (spec.remedies?.ogm.noise) {
    throw new Error('remedies.ogm.noise (OGM-GE noise) is not implemented by the reference engine; use the native backend');
  }

  const multiplyAdds = data.K * data.n * data.P * model.m * data.d;
  if (multiplyAdds > REFERENCE_LIMITS.maxMultiplyAddsPerStep) {
    throw new RunRefusedError(
      `the reference engine is for small configurations: K*n*P*m*d = ${multiplyAdds} multiply-adds per step exceeds its limit of ${REFERENCE_LIMITS.maxMultiplyAddsPerStep}; use the native backend`,
    );
  }
  const dataElements = data.K * (data.n + data.nTest) * data.P * data.d;
  if (dataElements > REFERENCE_LIMITS.maxDataElements) {
    throw new RunRefusedError(
      `the reference engine is for small configurations: K*(n+nTest)*P*d = ${dataElements} input numbers exceeds its limit of ${REFERENCE_LIMITS.maxDataElements}; use the native backend`,
    );
  }
}
