import { describe, expect, it } from 'vitest';
import {
  activityLabel,
  applySweepEvent,
  etaText,
  fractionDone,
  markStarted,
  seedFromSweeps,
  type ActivityTable,
} from '../../src-renderer/lib/sweeps/sweep-activity';

describe('sweep activity', () => {
  it('follows progress to the final status, keeping the last count', () => {
    let table: ActivityTable = {};
    table = applySweepEvent(table, { type: 'sweep-progress', sweepId: 2, done: 3, total: 8, etaSeconds: null }, 1);
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

  it('seeds the sweeps the lab is running from the sweep list (a page loaded mid-sweep)', () => {
    const rows = [
      { id: 3, active: { done: 4, total: 12, etaSeconds: 5 } },
      { id: 2, active: null },
    ];
    const table = seedFromSweeps({}, rows, 0, 1);
    expect(table[3]).toEqual({ sweepId: 3, done: 4, total: 12, etaSeconds: 5, status: 'running', error: null, seq: 1 });
    // A sweep the lab is not running gets no entry: nothing is known of how it ended.
    expect(table[2]).toBeUndefined();
    // Events keep updating the seeded entry.
    const later = applySweepEvent(table, { type: 'sweep-progress', sweepId: 3, done: 6, total: 12, etaSeconds: null }, 2);
    expect(later[3]).toMatchObject({ done: 6, status: 'running' });
    // The same list again changes nothing (the same table, so nothing redraws).
    expect(seedFromSweeps(table, rows, 1, 2)).toBe(table);
  });

  it('lets news newer than the list request win over the list', () => {
    // The sweep ended after the list was requested (at 1): the list's "running 4/12" is old news.
    const ended = applySweepEvent({}, { type: 'sweep-ended', sweepId: 3, status: 'cancelled', error: null }, 2);
    expect(seedFromSweeps(ended, [{ id: 3, active: { done: 4, total: 12, etaSeconds: 5 } }], 1, 3)).toBe(ended);
    // A list requested after the end still reports the ended sweep as not active: its end stays shown.
    expect(seedFromSweeps(ended, [{ id: 3, active: null }], 2, 3)[3]).toMatchObject({ status: 'cancelled' });
    // A list requested after the last news about it wins.
    expect(seedFromSweeps(ended, [{ id: 3, active: { done: 0, total: 12, etaSeconds: 5 } }], 2, 3)[3]).toMatchObject({
      status: 'running',
      done: 0,
      seq: 3,
    });
  });

  it('drops a "running" entry the lab no longer runs (its end was missed while disconnected)', () => {
    const running = applySweepEvent({}, { type: 'sweep-progress', sweepId: 7, done: 2, total: 8, etaSeconds: null }, 1);
    const table = seedFromSweeps(running, [{ id: 7, active: null }], 1, 2);
    expect(table[7]).toBeUndefined();
    expect(running[7]).toBeDefined();
  });

  it('says the time left in words', () => {
    expect(etaText(0.4)).toBe('under a second left');
    expect(etaText(42.4)).toBe('about 42 s left');
    expect(etaText(130)).toBe('about 2 min 10 s left');
    expect(etaText(7300)).toBe('about 2 h 1 min left');
  });

  it('reports the fraction done, 0 while the total is unknown', () => {
    expect(fractionDone({ done: 2, total: 8 })).toBe(0.25);
    expect(fractionDone({ done: 0, total: 0 })).toBe(0);
  });
});
