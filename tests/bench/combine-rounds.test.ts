import { describe, expect, it } from 'vitest';
import { findCase, gemmFlopsPerStep } from '../../src-main/bench/cases';
import type { EngineMeasurement } from '../../src-main/bench/engine-result';
import { combineNativeRounds } from '../../src-main/bench/native-bench';

function round(short: number, long: number, peak = 100): EngineMeasurement {
  return {
    case: 'sweep',
    engine: 'native',
    steps: 10,
    secondsPerStep: (long - short) / 10,
    gflops: 0,
    peakRssBytes: peak,
    wallSecondsShort: short,
    wallSecondsLong: long,
  };
}

describe('combining native rounds', () => {
  const sweep = findCase('sweep');

  it('differences the fastest long and the fastest short run', () => {
    const outcome = combineNativeRounds(sweep, 10, [round(1.5, 2.5, 100), round(1.0, 2.2, 300)]);
    expect(outcome.status).toBe('measured');
    if (outcome.status !== 'measured') return;
    expect(outcome.result.secondsPerStep).toBeCloseTo(0.12);
    expect(outcome.result.gflops).toBeCloseTo(gemmFlopsPerStep(sweep) / 0.12 / 1e9);
    expect(outcome.result.peakRssBytes).toBe(300);
  });

  it('refuses a non-positive difference instead of reporting it', () => {
    const outcome = combineNativeRounds(sweep, 10, [round(2.0, 1.9)]);
    expect(outcome.status).toBe('failed');
    if (outcome.status === 'failed') expect(outcome.reason).toMatch(/more --steps/);
  });

  it('takes the best directly timed round of a single run', () => {
    const single = findCase('paper-single');
    const timed = (t: number, peak: number): EngineMeasurement => ({
      ...round(1.0, 9.0, peak),
      case: 'paper-single',
      stepTimedSecondsPerStep: t,
    });
    const outcome = combineNativeRounds(single, 10, [timed(0.004, 100), timed(0.003, 200)]);
    expect(outcome.status).toBe('measured');
    if (outcome.status !== 'measured') return;
    expect(outcome.result.secondsPerStep).toBe(0.003);
    expect(outcome.result.gflops).toBeCloseTo(gemmFlopsPerStep(single) / 0.003 / 1e9);
    expect(outcome.result.peakRssBytes).toBe(200);
  });

  it('falls back to the differenced runs when a round has no direct timing', () => {
    const rounds = [
      { ...round(1.5, 2.5), stepTimedSecondsPerStep: 0.05 },
      { ...round(1.0, 2.2), stepTimedSecondsPerStep: null },
    ];
    const outcome = combineNativeRounds(sweep, 10, rounds);
    expect(outcome.status === 'measured' && outcome.result.secondsPerStep).toBeCloseTo(0.12);
  });
});
