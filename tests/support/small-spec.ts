import type { ModeName, NativeRunSpec } from '../../src-main/engine/native-types';

/** Overrides for a small run spec; nested sections merge over the defaults below. */
export interface SmallSpecOverrides {
  seed?: number;
  data?: Partial<NativeRunSpec['data']>;
  model?: Partial<NativeRunSpec['model']>;
  train?: Partial<NativeRunSpec['train']>;
  precision?: NativeRunSpec['precision'];
}

/**
 * A complete, resolved spec for a configuration small enough for finite differences. Defaults
 * follow the reconstructed model's shape (signal/noise patches, two-class head) at toy sizes.
 */
export function smallSpec(overrides: SmallSpecOverrides = {}): NativeRunSpec {
  const K = overrides.data?.K ?? 2;
  const modes: ModeName[] = ['joint', ...Array.from({ length: K }, (_, r): ModeName => `unimodal:${r}`)];
  return {
    seed: overrides.seed ?? 7,
    data: {
      K,
      d: 8,
      P: 2,
      n: 6,
      nTest: 10,
      alpha: Array.from({ length: K }, (_, r) => 1 - 0.2 * r),
      mu: Array.from({ length: K }, (_, r) => 0.1 + 0.1 * r),
      sigmaXi: 0.5,
      insufficiency: 'independent',
      dictionary: 'basis',
      noiseOrthogonal: true,
      cleanSignal: true,
      nuisanceCount: 0,
      nuisanceScale: 1,
      ...overrides.data,
    },
    model: { m: 4, q: 3, rho: 0.1, sigma0: 0.05, head: 'twoClass', headScale: 'one', ...overrides.model },
    train: { eta: 0.5, steps: 10, recordEvery: 1, modes, batchSize: 0, weightDecay: 0, ...overrides.train },
    precision: overrides.precision ?? 'f64',
  };
}
