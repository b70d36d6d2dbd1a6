import { describe, expect, it } from 'vitest';
import { measureFmaPeak } from '../../src-main/bench/fma-peak';

describe('the FMA peak probe', () => {
  it('compiles with the native build compiler and reports a rate for the threads asked', async () => {
    const outcome = await measureFmaPeak(1);
    expect(outcome.status).toBe('measured');
    if (outcome.status !== 'measured') return;
    expect(outcome.peak.threads).toBe(1);
    // One core's 8-lane FMAs: at least 1 GFLOP/s on any machine that builds the engine.
    expect(outcome.peak.gflops).toBeGreaterThan(1);
  }, 60_000);

  it('is skipped with the reason when no compiler runs', async () => {
    const saved = process.env.CXX;
    process.env.CXX = '/nonexistent/c++';
    try {
      const outcome = await measureFmaPeak(1);
      expect(outcome.status).toBe('skipped');
      if (outcome.status === 'skipped') expect(outcome.reason).toMatch(/no C\+\+ compiler built the probe/);
    } finally {
      if (saved === undefined) delete process.env.CXX;
      else process.env.CXX = saved;
    }
  });
});
