import { describe, expect, it } from 'vitest';
import { activityLabel, applySweepEvent, fractionDone, markStarted, type ActivityTable } from '../../src-renderer/lib/sweeps/sweep-activity';

describe('sweep activity', () => {
  it('follows progress to the final status, keeping the last count', () => {
    let table: ActivityTable = {};
    table = applySweepEvent(table, { type: 'sweep-progress', sweepId: 2, done: 3, total: 8 }, 1);
    expect(table[2]).toMatchObject({ status: 'running', done: 3, total: 8 });
    expect(activityLabel(table[2] as NonNullable<(typeof table)[2]>)).toBe('running 3/8');
    table = applySweepEvent(table, { type: 'sweep-ended', sweepId: 2, status: 'cancelled', error: null }, 2);
    expect(table[2]).toMatchObject({ status: 'cancelled', done: 3, total: 8, error: null });
    table = applySweepEvent(table, { type: 'sweep-ended', sweepId: 5, status: 'failed', error: '1 of 4 runs failed' }, 3);
    expect(table[5]).toMatchObject({ status: 'failed', done: 0, total: 0, error: '1 of 4 runs failed' });
  });

  it('ignores events about runs', () => {
    const table: ActivityTable = {};
    expect(applySweepEvent(table, { type: 'run-ended', runId: 1, status: 'finished', error: null }, 1)).toBe(table);
  });

  it('marks a started sweep running unless news about it arrived after the request', () => {
    const started = markStarted({}, 4, 8, 0, 1);
    expect(started[4]).toMatchObject({ status: 'running', done: 0, total: 8 });
    // The sweep ended (an identical sweep already done) before the start reply came back.
    const ended = applySweepEvent({}, { type: 'sweep-ended', sweepId: 4, status: 'finished', error: null }, 6);
    expect(markStarted(ended, 4, 8, 5, 7)).toBe(ended);
    // An old result from an earlier run of the same sweep is replaced.
    expect(markStarted(ended, 4, 8, 6, 7)[4]).toMatchObject({ status: 'running', done: 0 });
  });

  it('reports the fraction done, 0 while the total is unknown', () => {
    expect(fractionDone({ done: 2, total: 8 })).toBe(0.25);
    expect(fractionDone({ done: 0, total: 0 })).toBe(0);
  });
});
