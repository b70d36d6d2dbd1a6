import { describe, expect, it } from 'vitest';
import { STATISTICS, LOSER_GROWTH_LIMIT } from '../../src-main/science/claims';
import { judge, measure, whoWinsCurve } from '../../src-main/science/paper-check';
import type { RunFacts } from '../../src-main/science/run-facts';
import type { RunOutcome } from '../../src-main/runs/run-outcome';

function facts(over: Omit<Partial<RunFacts>, 'outcome'> & { outcome?: Partial<RunOutcome> } = {}): RunFacts {
  const outcome: RunOutcome = {
    jointClasses: [
      { plus: true, minus: true },
      { plus: false, minus: false },
    ],
    jointLearned: [true, false],
    kind: 'one',
    soleWinner: 0,
    loserGrowth: 2,
    unimodalLearned: [true, true],
    complete: true,
    ...over.outcome,
  };
  const { outcome: _partial, ...rest } = over;
  return {
    seed: 1,
    K: 2,
    mu: [0.15, 0],
    jointTestErr: 0.075,
    unimodalTestErr: [0.075, 0.0],
    predictedWinner: 0,
    scores: [0.8, 0.2],
    ...rest,
    outcome,
  };
}

const stat = (id: string) => {
  const def = STATISTICS.find((s) => s.id === id);
  if (!def) throw new Error(`no statistic ${id}`);
  return def;
};

describe('paper check claims on constructed runs', () => {
  it('C2b needs a sole winner whose losers stayed near their initial alignment', () => {
    const c2b = stat('C2b');
    if (c2b.kind !== 'rate') throw new Error('C2b is a rate');
    expect(c2b.success(facts())).toBe(true);
    expect(c2b.success(facts({ outcome: { loserGrowth: LOSER_GROWTH_LIMIT * 1.5 } }))).toBe(false);
    expect(c2b.success(facts({ outcome: { kind: 'split', soleWinner: null } }))).toBe(false);
    // Unknown growth (an older summary) is not a success.
    expect(c2b.success(facts({ outcome: { loserGrowth: null } }))).toBe(false);
  });

  it('C3 counts only runs with one winner and a clear predicted score ratio', () => {
    const c3 = stat('C3');
    if (c3.kind !== 'rate') throw new Error('C3 is a rate');
    expect(c3.success(facts())).toBe(true);
    expect(c3.success(facts({ outcome: { jointLearned: [false, true] } }))).toBe(false);
    expect(c3.success(facts({ scores: [0.3, 0.2] }))).toBeNull();
    expect(c3.success(facts({ outcome: { jointLearned: [true, true] } }))).toBeNull();
  });

  it('C4 asks for a gap of at least five points, and C4b for the joint error near mu_winner / 2', () => {
    const c4 = stat('C4');
    const c4b = stat('C4b');
    if (c4.kind !== 'rate' || c4b.kind !== 'mean') throw new Error('kinds');
    expect(c4.success(facts())).toBe(true);
    expect(c4.success(facts({ jointTestErr: 0.04 }))).toBe(false);
    expect(c4b.value(facts({ jointTestErr: 0.1 }))).toBeCloseTo(0.025, 12);
  });

  it('C6 wants a strict, non-empty subset with every unimodal run learning', () => {
    const c6 = stat('C6 K=3');
    if (c6.kind !== 'rate') throw new Error('C6 is a rate');
    const three = (learned: boolean[], uni: (boolean | null)[] = [true, true, true]) =>
      facts({ K: 3, mu: [0.15, 0, 0], outcome: { jointLearned: learned, unimodalLearned: uni } });
    expect(c6.success(three([true, false, false]))).toBe(true);
    expect(c6.success(three([true, true, false]))).toBe(true);
    expect(c6.success(three([true, true, true]))).toBe(false);
    expect(c6.success(three([false, false, false]))).toBe(false);
    expect(c6.success(three([true, false, false], [true, null, true]))).toBe(false);
  });
});

describe('verdicts', () => {
  const c1 = stat('C1');
  it('a full check passes a rate at its threshold, a quick one unless the interval excludes it', () => {
    const runs = (ok: number, total: number) =>
      Array.from({ length: total }, (_, i) => facts({ outcome: { unimodalLearned: [true, i < ok] } }));
    expect(measure(c1, runs(48, 50), false, 0).verdict).toBe('pass'); // 96% >= 95%
    expect(measure(c1, runs(47, 50), false, 0).verdict).toBe('fail'); // 94%
    // Quick, 10 seeds: 9/10 is consistent with 95% (upper end about 98%), 8/10 is not.
    expect(measure(c1, runs(9, 10), true, 0).verdict).toBe('pass');
    expect(measure(c1, runs(8, 10), true, 0).verdict).toBe('fail');
    expect(measure(c1, [], false, 0).verdict).toBe('no data');
  });

  it('a mean passes within its tolerance (full) or when its interval meets it (quick)', () => {
    const c1b = stat('C1b');
    const estimate = { kind: 'mean' as const, value: 0.04, low: 0.02, high: 0.06, n: 10 };
    expect(judge(c1b, estimate, false)).toBe('fail');
    expect(judge(c1b, estimate, true)).toBe('pass');
    expect(judge(c1b, { ...estimate, low: 0.035 }, true)).toBe('fail');
  });

  it('fits the who-wins curve on runs with one winner only', () => {
    const runs = [
      facts({ scores: [0.8, 0.2] }),
      facts({ scores: [0.2, 0.8], outcome: { jointLearned: [false, true] } }),
      facts({ scores: [0.5, 0.5], outcome: { jointLearned: [true, true] } }),
    ];
    expect(whoWinsCurve(runs)?.n).toBe(2);
  });
});
