/**
 * The reactive table of sweeps in progress (see lib/sweeps/sweep-activity.ts), fed by App's
 * event routing, by the sweep list (which names the sweeps the lab is running) and by start
 * requests (new sweeps and resumed ones).
 */
import type { LabEvent, SweepRow } from '../../../src-main/api/lab-api';
import { applySweepEvent, markStarted, seedFromSweeps, type ActivityTable, type SweepActivity } from '../sweeps/sweep-activity';

class SweepActivityStore {
  table = $state.raw<ActivityTable>({});
  private seq = 0;

  apply(event: LabEvent): void {
    const next = applySweepEvent(this.table, event, this.seq + 1);
    if (next === this.table) return;
    this.seq++;
    this.table = next;
  }

  /** The sweep list, requested at `sentAt` (see `now`), came back. */
  seed(rows: readonly SweepRow[], sentAt: number): void {
    const next = seedFromSweeps(this.table, rows, sentAt, this.seq + 1);
    if (next === this.table) return;
    this.seq++;
    this.table = next;
  }

  /** The order number a request is sent at (see `started` and `seed`). */
  now(): number {
    return this.seq;
  }

  started(sweepId: number, total: number, sentAt: number): void {
    this.seq++;
    this.table = markStarted(this.table, sweepId, total, sentAt, this.seq);
  }

  of(sweepId: number | null): SweepActivity | undefined {
    return sweepId === null ? undefined : this.table[sweepId];
  }

  /** Forget everything (another workspace was opened). */
  clear(): void {
    this.table = {};
  }
}

export const sweepActivity = new SweepActivityStore();
