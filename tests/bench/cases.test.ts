import { describe, expect, it } from 'vitest';
import {
  BENCH_CASES,
  DEFAULT_CASE_NAMES,
  estimatePeakBytes,
  executedGemmFlopsPerStep,
  findCase,
  gemmFlopsPerStep,
} from '../../src-main/bench/cases';
import { benchRunSpecs } from '../../src-main/bench/native-specs';
import { peerChildEnv } from '../../src-main/bench/python-peer';

describe('bench case table', () => {
  it('holds the shapes issue 2 names', () => {
    const shape = (name: string) => {
      const { runs, K, n, P, d, m } = findCase(name);
      return { runs, K, n, P, d, m };
    };
    expect(shape('paper-single')).toEqual({ runs: 1, K: 2, n: 512, P: 4, d: 512, m: 64 });
    expect(shape('sweep')).toEqual({ runs: 64, K: 2, n: 256, P: 4, d: 256, m: 32 });
    expect(shape('large')).toEqual({ runs: 1, K: 2, n: 16384, P: 8, d: 2048, m: 512 });
  });

  it('runs large only on request and sets the issue targets', () => {
    expect(DEFAULT_CASE_NAMES).toEqual(['paper-single', 'sweep']);
    expect(findCase('paper-single').targetRatio).toBe(3);
    expect(findCase('sweep').targetRatio).toBe(6);
    expect(findCase('large').targetRatio).toBe(1.5);
    expect(findCase('paper-single').targetEfficiency).toBe(0.8);
    expect(findCase('large').targetEfficiency).toBe(0.8);
    expect(() => findCase('nope')).toThrow(/known cases: paper-single, sweep, large/);
  });

  it('counts forward and backward GEMM flops of every run', () => {
    expect(gemmFlopsPerStep(findCase('paper-single'))).toBe(4 * 2 * 512 * 4 * 512 * 64);
    expect(gemmFlopsPerStep(findCase('sweep'))).toBe(64 * 4 * 2 * 256 * 4 * 256 * 32);
  });

  it("counts the native engine's products without the expected clean signal rows", () => {
    // paper-single: mu = 0.3 and 0.05, so 0.7 n and 0.95 n of the 4 n rows are pure signal.
    const c = findCase('paper-single');
    expect(executedGemmFlopsPerStep(c)).toBeCloseTo(4 * 512 * 64 * 512 * (4 - 0.7 + 4 - 0.95), 3);
    expect(executedGemmFlopsPerStep(c) / gemmFlopsPerStep(c)).toBeCloseTo(1 - 1.65 / 8, 10);
  });

  it('estimates large above its 2 GiB of float32 training data', () => {
    const large = findCase('large');
    expect(estimatePeakBytes(large)).toBeGreaterThan(2 * 16384 * 8 * 2048 * 4);
    for (const c of BENCH_CASES) expect(estimatePeakBytes(c)).toBeGreaterThan(0);
  });
});

describe('native bench specs', () => {
  it('gives each sweep run its own seed and records only at the ends', () => {
    const specs = benchRunSpecs(findCase('sweep'), 10);
    expect(specs).toHaveLength(64);
    expect(new Set(specs.map((s) => s.seed)).size).toBe(64);
    for (const s of specs) {
      expect(s.precision).toBe('f32');
      expect(s.train.recordEvery).toBe(10);
      expect(s.data.alpha).toHaveLength(2);
      expect(s.model.m % 2).toBe(0);
    }
  });
});

describe('Python peer environment', () => {
  it('drops the OpenBLAS overrides and passes a thread count to BLAS and Numba', () => {
    const saved = { ...process.env };
    process.env.OPENBLAS_CORETYPE = 'Haswell';
    process.env.OPENBLAS_L2_SIZE = '1';
    try {
      const env = peerChildEnv(1);
      expect(env.OPENBLAS_CORETYPE).toBeUndefined();
      expect(env.OPENBLAS_L2_SIZE).toBeUndefined();
      expect(env.OPENBLAS_NUM_THREADS).toBe('1');
      expect(env.NUMBA_NUM_THREADS).toBe('1');
      expect(process.env.OPENBLAS_CORETYPE).toBe('Haswell');
    } finally {
      process.env = saved;
    }
  });
});
