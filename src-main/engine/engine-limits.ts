/**
 * The engine's limit on every numeric setting of a run, and the messages that refuse a value
 * outside it. The native engine's table is the source: the addon exports it
 * (`capabilities().limits`), and a test fails when this copy, which the reference engine checks
 * (it runs without the addon), differs from it, or when the settings schema allows more.
 */
export interface EngineLimit {
  integer: boolean;
  min: number;
  max: number;
  /** min itself is refused (model.rho > 0). */
  aboveMin: boolean;
}

const size = (min: number, max: number): EngineLimit => ({ integer: true, min, max, aboveMin: false });
const atLeast = (min: number): EngineLimit => ({ integer: false, min, max: Infinity, aboveMin: false });
const above = (min: number): EngineLimit => ({ integer: false, min, max: Infinity, aboveMin: true });
const between = (min: number, max: number): EngineLimit => ({ integer: false, min, max, aboveMin: false });
const aboveUpTo = (min: number, max: number): EngineLimit => ({ integer: false, min, max, aboveMin: true });

/** Keyed by schema path; a list's row bounds each entry (data.alpha[r]). In the engine's order. */
export const ENGINE_LIMITS = {
  seed: size(0, Number.MAX_SAFE_INTEGER),
  'data.K': size(1, 64),
  'data.d': size(1, 2 ** 22),
  'data.P': size(1, 1024),
  'data.n': size(1, 2 ** 24),
  'data.nTest': size(1, 2 ** 24),
  'data.alpha': atLeast(0),
  'data.mu': between(0, 1),
  'data.sigmaXi': atLeast(0),
  'data.nuisanceCount': size(0, 2 ** 22),
  'data.nuisanceScale': atLeast(0),
  'model.m': size(1, 2 ** 16),
  'model.q': between(1, 64),
  'model.rho': above(0),
  'model.sigma0': atLeast(0),
  'train.eta': above(0),
  'train.steps': size(0, 1e9),
  'train.recordEvery': size(1, 1e9),
  'train.batchSize': size(0, 2 ** 24),
  'train.weightDecay': atLeast(0),
  'remedies.jointWeight': between(0, 1e6),
  'remedies.unimodalWeights': between(0, 1e6),
  'remedies.dropout': between(0, 1),
  'remedies.ogm.alpha': between(0, 1e6),
  'remedies.ogm.startStep': size(0, 1e9),
  'remedies.ogm.endStep': size(0, 1e9),
  'remedies.blending.everySteps': size(0, 1e9),
  'remedies.blending.holdout': aboveUpTo(0, 0.5),
  'options.threads': size(0, 256),
} as const satisfies Record<string, EngineLimit>;

export type LimitedSetting = keyof typeof ENGINE_LIMITS;

/** Rows (samples x patches) of one split: the engine indexes them with 32-bit signed integers. */
export const MAX_SPLIT_ROWS = 2 ** 31 - 1;
/** In float32 these settings would overflow before the first step. */
export const FLOAT32_MAX = 3e38;

/** As the engine writes numbers: integers in full, others in their shortest form. */
export function formatLimitNumber(value: number): string {
  return Number.isInteger(value) && Math.abs(value) <= 2 ** 53 ? value.toFixed(0) : String(value);
}

/** "an integer in [1, 1024]", "a finite number > 0", "a finite number in [0, 1]". */
export function describeLimit(limit: EngineLimit): string {
  const lo = formatLimitNumber(limit.min);
  if (limit.integer) return `an integer in [${lo}, ${formatLimitNumber(limit.max)}]`;
  if (limit.max === Infinity) return `a finite number ${limit.aboveMin ? '>' : '>='} ${lo}`;
  return `a finite number in ${limit.aboveMin ? '(' : '['}${lo}, ${formatLimitNumber(limit.max)}]`;
}

/** Null when `value` is within the setting's limit, else the engine's message naming `path`. */
export function checkLimit(setting: LimitedSetting, value: unknown, path: string = setting): string | null {
  const limit: EngineLimit = ENGINE_LIMITS[setting];
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (limit.aboveMin ? value > limit.min : value >= limit.min) &&
    value <= limit.max &&
    (!limit.integer || Number.isInteger(value));
  if (ok) return null;
  const got = typeof value === 'number' ? formatLimitNumber(value) : (JSON.stringify(value) ?? String(value));
  return `${path} must be ${describeLimit(limit)}, got ${got}`;
}
