import { describe, expect, it } from 'vitest';
import { axisValues, planSweep, SweepSpecError } from '../../src-main/sweeps/sweep-spec';
import { JOINT_OUTCOME_KINDS } from '../../src-main/runs/run-outcome';
import { cellStats, moments, wilson, type CellRun, type StoredSummary } from '../../src-main/sweeps/sweep-stats';

const BASE = { config: { data: { d: 16, n: 8 }, model: { m: 4 }, train: { steps: 10 } } };

describe('sweep specs', () => {
  it('expands a 2-D grid (list x log range) times seeds, first axis slowest', () => {
    const plan = planSweep({
      base: BASE,
      grid: [
        {
          path: 'data.mu',
          values: [
            [0.3, 0.05],
            [0.05, 0.3],
          ],
        },
        { path: 'model.sigma0', from: 1e-4, to: 1e-2, count: 3, spacing: 'log' },
      ],
      seeds: { count: 2, start: 10 },
    });
    expect(plan.cells.map((c) => c.coords)).toEqual([
      { 'data.mu': [0.3, 0.05], 'model.sigma0': 0.0001 },
      { 'data.mu': [0.3, 0.05], 'model.sigma0': 0.001 },
      { 'data.mu': [0.3, 0.05], 'model.sigma0': 0.01 },
      { 'data.mu': [0.05, 0.3], 'model.sigma0': 0.0001 },
      { 'data.mu': [0.05, 0.3], 'model.sigma0': 0.001 },
      { 'data.mu': [0.05, 0.3], 'model.sigma0': 0.01 },
    ]);
    expect(plan.runs).toHaveLength(12);
    expect(plan.seeds).toEqual([10, 11]);
    expect(plan.runs[3]).toMatchObject({ cellIndex: 1, seed: 11 });
    expect(plan.runs[3]?.config.model.sigma0).toBe(0.001);
    expect(new Set(plan.runs.map((r) => r.key)).size).toBe(12);
  });

  it('rounds integer settings on a range, spaces linearly by default, and broadcasts a number to a list setting', () => {
    expect(axisValues({ path: 'data.n', from: 4, to: 32, count: 3, spacing: 'log' }, 's')).toEqual([4, 11, 32]);
    expect(axisValues({ path: 'data.sigmaXi', from: 0, to: 1, count: 5, spacing: 'linear' }, 's')).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const plan = planSweep({ base: BASE, grid: [{ path: 'data.alpha', values: [0.5] }], seeds: 1 });
    expect(plan.runs[0]?.config.data.alpha).toEqual([0.5, 0.5]);
  });

  it('gives the same identity to the same sweep whatever its name or batch size', () => {
    const spec = { base: BASE, grid: [{ path: 'data.n', values: [4, 8] }], seeds: 2 };
    const a = planSweep({ ...spec, name: 'a', runsPerBatch: 4 });
    const b = planSweep({ ...spec, name: 'b', runsPerBatch: 64 });
    expect(a.specHash).toBe(b.specHash);
    expect(a.runs.map((r) => r.key)).toEqual(b.runs.map((r) => r.key));
  });

  const bad: [string, unknown, RegExp][] = [
    ['not an object', 42, /sweep spec: spec: /],
    ['no grid', { seeds: 2 }, /grid: /],
    ['four axes', { grid: [1, 2, 3, 4].map((n) => ({ path: 'data.n', values: [n] })), seeds: 1 }, /at most 3 settings/],
    ['an unknown key', { grid: [{ path: 'data.n', values: [4] }], seeds: 1, colour: 'red' }, /colour/],
    [
      'an unknown setting',
      { grid: [{ path: 'data.mew', values: [0.1] }], seeds: 1 },
      /grid: unknown setting data\.mew; did you mean data\.mu\?/,
    ],
    ['seed on the grid', { grid: [{ path: 'seed', values: [1] }], seeds: 1 }, /seeds are set by "seeds"/],
    [
      'a setting twice',
      {
        grid: [
          { path: 'data.n', values: [4] },
          { path: 'data.n', values: [8] },
        ],
        seeds: 1,
      },
      /names a setting twice/,
    ],
    [
      'log spacing through zero',
      { grid: [{ path: 'data.sigmaXi', from: 0, to: 1, count: 3, spacing: 'log' }], seeds: 1 },
      /log spacing needs from and to above 0/,
    ],
    [
      'an out-of-range value',
      { base: BASE, grid: [{ path: 'data.mu', values: [[0.3, 1.5]] }], seeds: 1 },
      /cell \{"data.mu":\[0.3,1.5\]\}: data.mu/,
    ],
    ['zero seeds', { grid: [{ path: 'data.n', values: [4] }], seeds: 0 }, /seeds/],
    ['an unknown preset', { base: { preset: 'nope' }, grid: [{ path: 'data.n', values: [4] }], seeds: 1 }, /base: unknown preset "nope"/],
    [
      'a bad --set',
      { base: { set: ['data.q=3'] }, grid: [{ path: 'data.n', values: [4] }], seeds: 1 },
      /base: unknown setting data\.q; did you mean model\.q\?/,
    ],
    [
      'the reference backend',
      { base: { config: { backend: 'reference' } }, grid: [{ path: 'data.n', values: [4] }], seeds: 1 },
      /run on the native engine \(cpu, cuda or auto\)/,
    ],
  ];
  for (const [what, spec, message] of bad) {
    it(`refuses ${what} with a message naming the problem`, () => {
      expect(() => planSweep(spec)).toThrow(SweepSpecError);
      expect(() => planSweep(spec)).toThrow(message);
    });
  }
});

describe('sweep statistics', () => {
  it('computes the Wilson 95% interval', () => {
    const w = wilson(8, 10);
    expect(w.p).toBe(0.8);
    expect(w.low).toBeCloseTo(0.4902, 3);
    expect(w.high).toBeCloseTo(0.9433, 3);
    expect(wilson(0, 0)).toEqual({ p: 0, low: 0, high: 1, k: 0, n: 0 });
    expect(wilson(0, 5).low).toBe(0);
    expect(wilson(3, 7)).toMatchObject({ k: 3, n: 7 });
  });

  const CONTEXT = { K: 2, rho: 0.1, steps: 100 };
  /** A finished run whose joint modalities end at these class alignments (crossed when both exceed rho). */
  const run = (seed: number, classes: [number, number][], predicted: number, gap: number): CellRun => ({
    summary: {
      seed,
      observedWinners: classes.flatMap(([plus, minus], r) => (Math.min(plus, minus) > 0.1 ? [r] : [])),
      predictedWinner: { modality: predicted },
      gap,
      modes: {
        joint: {
          testErr: 0.1,
          stepsRun: 100,
          cancelled: false,
          divergedAtStep: null,
          modalities: classes.map(([plus, minus]) => ({
            gammaPlus: plus,
            gammaMinus: minus,
            crossStep: Math.min(plus, minus) > 0.1 ? 40 : null,
          })),
        },
        'unimodal:0': { testErr: 0.2, stepsRun: 100, cancelled: false, divergedAtStep: null, modalities: [{ crossStep: 5 }, null] },
      },
    } as StoredSummary,
    context: CONTEXT,
  });

  it('summarises a cell: exclusive outcomes, sole winners, majority prediction, gap and crossing steps', () => {
    const stats = cellStats(
      [
        run(
          2,
          [
            [1e-3, 1e-3],
            [2, 3],
          ],
          1,
          0.1,
        ),
        run(
          1,
          [
            [4, 5],
            [1e-3, 1e-3],
          ],
          1,
          0.3,
        ),
        run(
          3,
          [
            [1e-3, 1e-3],
            [2, 2],
          ],
          0,
          0.2,
        ),
      ],
      2,
    );
    expect(stats.runs).toBe(3);
    expect(stats.outcome.one).toMatchObject({ k: 3, n: 3, p: 1 });
    expect(stats.soleWinner.map((w) => [w.k, w.n])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect(stats.predictedWinner).toEqual({ modality: 1, share: 2 / 3 });
    expect(stats.gap.mean).toBeCloseTo(0.2);
    expect(stats.gap.sd).toBeCloseTo(0.1);
    expect(stats.crossStep[1]).toMatchObject({ n: 2, mean: 40 });
    expect(stats.testErr['unimodal:0']?.n).toBe(3);
    expect(stats.testErr['unimodal:0']?.mean).toBeCloseTo(0.2, 12);
    expect(moments([])).toEqual({ n: 0, mean: null, sd: null });
  });

  it('does not call a cell where both modalities learned "modality 0 wins": P(sole winner) counts exclusive wins only', () => {
    // Every run: both modalities learned both classes (no competition happened).
    const both = [1, 2, 3, 4].map((seed) =>
      run(
        seed,
        [
          [3, 3],
          [2, 2],
        ],
        0,
        0,
      ),
    );
    const stats = cellStats(both, 2);
    expect(stats.soleWinner.map((w) => w.p)).toEqual([0, 0]);
    expect(stats.outcome.several).toMatchObject({ p: 1, k: 4, n: 4 });
    expect(stats.learned.map((w) => w.p)).toEqual([1, 1]);
    // One of each kind: the four shares partition the runs and sum to one.
    const mixed = cellStats(
      [
        run(
          1,
          [
            [3, 3],
            [1e-3, 1e-3],
          ],
          0,
          0,
        ),
        run(
          2,
          [
            [3, 3],
            [3, 3],
          ],
          0,
          0,
        ),
        run(
          3,
          [
            [3, 1e-3],
            [1e-3, 3],
          ],
          0,
          0,
        ),
        run(
          4,
          [
            [1e-3, 1e-3],
            [1e-3, 1e-3],
          ],
          0,
          0,
        ),
      ],
      2,
    );
    expect(JOINT_OUTCOME_KINDS.map((kind) => mixed.outcome[kind].k)).toEqual([1, 1, 1, 1]);
    expect(JOINT_OUTCOME_KINDS.reduce((sum, kind) => sum + mixed.outcome[kind].p, 0)).toBeCloseTo(1, 12);
    expect(mixed.soleWinner[0]).toMatchObject({ k: 1, n: 4 });
    expect(mixed.outcome.split.low).toBeGreaterThan(0);
    expect(mixed.outcome.split.high).toBeLessThan(1);
  });
});

describe('linked settings on a grid axis', () => {
  it('moves the settings of `also` with the axis, one cell per value', () => {
    const plan = planSweep({
      base: { preset: 'quick' },
      grid: [{ path: 'model.q', values: [2, 3, 4], also: { 'model.sigma0': [5e-4, 5e-4, 7e-3] } }],
      seeds: 1,
    });
    expect(plan.cells.map((c) => c.coords)).toEqual([
      { 'model.q': 2, 'model.sigma0': 5e-4 },
      { 'model.q': 3, 'model.sigma0': 5e-4 },
      { 'model.q': 4, 'model.sigma0': 7e-3 },
    ]);
    expect(plan.runs.map((r) => [r.config.model.q, r.config.model.sigma0])).toEqual([
      [2, 5e-4],
      [3, 5e-4],
      [4, 7e-3],
    ]);
    expect(plan.name).toBe('model.q');
  });

  it('refuses a linked list of another length, and a setting named twice', () => {
    expect(() => planSweep({ grid: [{ path: 'model.q', values: [2, 3], also: { 'model.sigma0': [1e-3] } }], seeds: 1 })).toThrow(
      /also.model.sigma0 has 1 values, 2 needed/,
    );
    expect(() =>
      planSweep({
        grid: [
          { path: 'model.q', values: [2], also: { 'data.n': [10] } },
          { path: 'data.n', values: [20] },
        ],
        seeds: 1,
      }),
    ).toThrow(/names a setting twice/);
  });
});
