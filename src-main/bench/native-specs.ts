import type { NativeRunSpec } from '../engine/native-types';
import { BENCH_HYPER, type BenchCase } from './cases';

/** Repeats the two-modality defaults cyclically so any K gets a full-length list. */
function perModality(values: readonly number[], K: number): number[] {
  return Array.from({ length: K }, (_, r) => values[r % values.length] as number);
}

/**
 * The native run specs of one bench case: `runs` joint-mode runs with distinct seeds (a sweep's
 * runs are independent, so each has its own data), float32, metrics recorded only at the start
 * and the end (recordEvery = steps) so that metric work stays out of the per-step time.
 */
export function benchRunSpecs(c: BenchCase, steps: number): NativeRunSpec[] {
  return Array.from({ length: c.runs }, (_, index) => ({
    seed: 1 + index,
    data: {
      K: c.K,
      d: c.d,
      P: c.P,
      n: c.n,
      nTest: BENCH_HYPER.nTest,
      alpha: perModality(BENCH_HYPER.alpha, c.K),
      mu: perModality(BENCH_HYPER.mu, c.K),
      sigmaXi: BENCH_HYPER.sigmaXi,
      insufficiency: 'independent',
      dictionary: 'basis',
      noiseOrthogonal: true,
      cleanSignal: true,
      nuisanceCount: 0,
      nuisanceScale: 0,
    },
    model: {
      m: c.m,
      q: BENCH_HYPER.q,
      rho: BENCH_HYPER.rho,
      sigma0: BENCH_HYPER.sigma0,
      head: 'twoClass',
      headScale: 'one',
    },
    train: {
      eta: BENCH_HYPER.eta,
      steps,
      recordEvery: steps,
      modes: ['joint'],
      batchSize: 0,
      weightDecay: 0,
    },
    precision: 'f32',
  }));
}
