import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../src-main/api/lab-api';
import { groupRuns, queryRuns, resolveSetting } from '../../src-renderer/views/runs-query';
import type { FieldDto } from '../../src-main/api/lab-api';
import { modeOutcome } from '../../src-renderer/views/summary-read';

function row(id: number, over: Partial<RunRow> = {}, gap: number | null = null): RunRow {
  return {
    id,
    sweepId: null,
    cellIndex: null,
    experiment: null,
    configHash: 'h',
    seed: id,
    backend: 'cpu',
    status: 'finished',
    createdAt: `2026-01-0${id}T00:00:00Z`,
    startedAt: null,
    finishedAt: null,
    error: null,
    tags: [],
    settings: {},
    headline: { winners: [0], predictedWinner: 0, jointTestErr: 0.1, gap, partial: false, outcome: null },
    ...over,
  };
}

const RUNS = [
  row(1, { tags: ['keep'] }, 0.2),
  row(2, { status: 'cancelled', experiment: 'competition' }, null),
  row(3, { experiment: 'competition' }, -0.1),
];

describe('runs table query', () => {
  it('filters by every word (tag, experiment, status) and by status', () => {
    const base = { sortKey: 'id' as const, descending: false, status: '' as const };
    expect(queryRuns(RUNS, { ...base, filter: 'keep' }).map((r) => r.id)).toEqual([1]);
    expect(queryRuns(RUNS, { ...base, filter: 'competition finished' }).map((r) => r.id)).toEqual([3]);
    expect(queryRuns(RUNS, { ...base, filter: '', status: 'cancelled' }).map((r) => r.id)).toEqual([2]);
  });

  it('sorts either way, with missing values last', () => {
    expect(queryRuns(RUNS, { sortKey: 'gap', descending: true, filter: '', status: '' }).map((r) => r.id)).toEqual([1, 3, 2]);
    expect(queryRuns(RUNS, { sortKey: 'gap', descending: false, filter: '', status: '' }).map((r) => r.id)).toEqual([3, 1, 2]);
    expect(queryRuns(RUNS, { sortKey: 'id', descending: true, filter: '', status: '' }).map((r) => r.id)).toEqual([3, 2, 1]);
  });
});

const FIELDS = [
  { path: 'data.alpha', type: 'number[]', default: [1, 0.6], help: '', range: '' },
  { path: 'data.n', type: 'integer', default: 50, help: '', range: '' },
  { path: 'train.steps', type: 'integer', default: 4000, help: '', range: '' },
  // A deeper setting sharing the last part "alpha" with data.alpha, as the remedies' OGM knob does.
  { path: 'remedies.ogm.alpha', type: 'number', default: 0, help: '', range: '' },
] as FieldDto[];

const outcome = (kind: 'one' | 'several' | 'split' | 'none', soleWinner: number | null = null) => ({
  kind,
  sentence: kind,
  soleWinner,
  classes: [],
  unimodalLearned: [],
  aloneTestErr: [],
});

/** Twelve runs: 1-4 by hand, 5-12 of sweep 1 (seeds 1 and 2 in four cells), as the app lists them. */
const MANY: RunRow[] = [
  row(1, { settings: { 'data.alpha': [1, 0.4] } }),
  row(2, { seed: 7, settings: { 'data.alpha': [1, 0.8], 'train.steps': 12000 } }),
  row(3, { seed: 12 }),
  row(4, { seed: 3 }),
  ...Array.from({ length: 8 }, (_, i) =>
    row(
      5 + i,
      {
        seed: 1 + (i % 2),
        sweepId: 1,
        cellIndex: Math.floor(i / 2),
        settings: { 'data.n': [10, 20, 40, 80][Math.floor(i / 2)] as number },
      },
      0.01 * i,
    ),
  ),
];
MANY[4] = { ...(MANY[4] as RunRow), headline: { ...(MANY[4] as RunRow).headline, outcome: outcome('split') } };
MANY[5] = { ...(MANY[5] as RunRow), headline: { ...(MANY[5] as RunRow).headline, outcome: outcome('one', 1) } };

describe('runs filter syntax', () => {
  const base = { sortKey: 'id', descending: false, status: '' as const };
  const ids = (filter: string): number[] => queryRuns(MANY, { ...base, filter }, FIELDS).map((r) => r.id);

  it('finds the runs of a sweep by the word the table shows ("sweep #1")', () => {
    expect(ids('sweep')).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
    expect(ids('sweep:1')).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('reads "seed 2" as seed:2, and a bare number as an id or seed, never a digit inside another number', () => {
    expect(ids('seed 2')).toEqual([6, 8, 10, 12]);
    expect(ids('seed:2')).toEqual([6, 8, 10, 12]);
    expect(ids('12')).toEqual([3, 12]);
  });

  it('compares settings by path or last part, entries of lists by index, with defaults for unchanged settings', () => {
    expect(ids('alpha.1<0.7')).toEqual([1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(ids('data.alpha.1>0.7')).toEqual([2]);
    expect(ids('steps>=12000')).toEqual([2]);
    expect(ids('n=40 seed:1')).toEqual([9]);
    expect(ids('cell:2 sweep:1')).toEqual([9, 10]);
    expect(ids('outcome:split')).toEqual([5]);
    expect(ids('winner:1')).toEqual([6]);
    expect(ids('gap>6.5')).toEqual([12]);
  });

  it('reads a short name shared by several settings as the shortest path, and longer endings as written', () => {
    expect(resolveSetting('alpha.1', FIELDS)).toEqual({ path: 'data.alpha', index: 1 });
    expect(resolveSetting('ogm.alpha', FIELDS)).toEqual({ path: 'remedies.ogm.alpha', index: null });
    expect(resolveSetting('gm.alpha', FIELDS)).toBeNull();
    expect(ids('ogm.alpha>0')).toEqual([]);
    expect(ids('ogm.alpha:0')).toHaveLength(MANY.length);
  });

  it('groups by a setting with the outcomes counted per group', () => {
    const groups = groupRuns(
      MANY.filter((r) => r.sweepId === 1),
      'setting:data.n',
      FIELDS,
    );
    expect(groups.map((g) => [g.value, g.runs.length])).toEqual([
      ['10', 2],
      ['20', 2],
      ['40', 2],
      ['80', 2],
    ]);
    expect(groups[0]?.outcomes).toEqual({ one: 1, several: 0, split: 1, none: 0 });
    expect(groups[0]?.judged).toBe(2);
    expect(groups[3]?.meanGap).toBeCloseTo(0.065, 12);
  });
});

describe('stored summary reading', () => {
  it('reads test error and crossing steps per mode, and nulls for anything missing', () => {
    const summary = { modes: { joint: { testErr: 0.15, trainErr: 0, modalities: [{ crossStep: 403 }, { crossStep: null }] } } };
    expect(modeOutcome(summary, 'joint')).toEqual({ testErr: 0.15, trainErr: 0, crossStep: [403, null] });
    expect(modeOutcome(summary, 'unimodal:0')).toEqual({ testErr: null, trainErr: null, crossStep: [] });
    expect(modeOutcome('garbage', 'joint')).toEqual({ testErr: null, trainErr: null, crossStep: [] });
  });
});
