import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../src-main/api/lab-api';
import { queryRuns } from '../../src-renderer/views/runs-query';
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
    finishedAt: null,
    error: null,
    tags: [],
    headline: { winners: [0], predictedWinner: 0, jointTestErr: 0.1, gap },
    ...over,
  };
}

const RUNS = [row(1, { tags: ['keep'] }, 0.2), row(2, { status: 'cancelled', experiment: 'competition' }, null), row(3, { experiment: 'competition' }, -0.1)];

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

describe('stored summary reading', () => {
  it('reads test error and crossing steps per mode, and nulls for anything missing', () => {
    const summary = { modes: { joint: { testErr: 0.15, trainErr: 0, modalities: [{ crossStep: 403 }, { crossStep: null }] } } };
    expect(modeOutcome(summary, 'joint')).toEqual({ testErr: 0.15, trainErr: 0, crossStep: [403, null] });
    expect(modeOutcome(summary, 'unimodal:0')).toEqual({ testErr: null, trainErr: null, crossStep: [] });
    expect(modeOutcome('garbage', 'joint')).toEqual({ testErr: null, trainErr: null, crossStep: [] });
  });
});
