/** Tiny, fast run configurations for the lab tests (milliseconds per run on one core). */
import { resolveConfig, toRunSpec } from '../../src-main/config/resolve';
import type { RunConfig } from '../../src-main/config/schema';
import type { NativeRunSpec } from '../../src-main/engine/native-types';

export const TINY_SETTINGS = {
  data: { K: 2, d: 16, P: 2, n: 8, nTest: 32, alpha: [1.0, 0.6], mu: [0.3, 0.05], sigmaXi: 0.3 },
  model: { m: 4, sigma0: 0.05 },
  train: { steps: 60, recordEvery: 5 },
  backend: 'cpu',
  precision: 'f64',
};

export function tinyConfig(seed: number, steps = 60): RunConfig {
  return resolveConfig({ configObject: { ...TINY_SETTINGS, seed, train: { ...TINY_SETTINGS.train, steps } } }).config;
}

export function tinySpec(seed: number, steps = 60): NativeRunSpec {
  return toRunSpec(tinyConfig(seed, steps));
}
