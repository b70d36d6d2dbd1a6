/**
 * What the renderer knows of sweeps in progress, learnt from `sweep-progress` and `sweep-ended`
 * events, from its own start requests and from the sweep list (`SweepRow.active`, so a page
 * loaded mid-sweep sees it at once): runs done of the total (counted as each run ends), the time
 * left, and, once ended, the final status. Pure (a new
 * record per change), so the reactive store around it stays a thin wrapper.
 */
import type { LabEvent, SweepRow } from '../../../src-main/api/lab-api';

export type SweepStatus = 'running' | 'finished' | 'failed' | 'cancelled';

export interface SweepActivity {
  sweepId: number;
  done: number;
  total: number;
  /** The lab's estimate of the time left (null until known, or once ended). */
  etaSeconds: number | null;
  status: SweepStatus;
  error: string | null;
  /** Order of the last change, so a start reply never overwrites news that arrived first. */
  seq: number;
}

export type ActivityTable = Readonly<Record<number, SweepActivity>>;

/** The table after one event (the same table when the event is not about sweeps). */
export function applySweepEvent(table: ActivityTable, event: LabEvent, seq: number): ActivityTable {
  if (event.type === 'sweep-progress') {
    return {
      ...table,
      [event.sweepId]: {
        sweepId: event.sweepId,
        done: event.done,
        total: event.total,
        etaSeconds: event.etaSeconds,
        status: 'running',
        error: null,
        seq,
      },
    };
  }
  if (event.type === 'sweep-ended') {
    const before = table[event.sweepId];
    const entry: SweepActivity = {
      sweepId: event.sweepId,
      done: before?.done ?? 0,
      total: before?.total ?? 0,
      etaSeconds: null,
      status: event.status,
      error: event.error,
      seq,
    };
    return { ...table, [event.sweepId]: entry };
  }
  return table;
}

/**
 * The table once `startSweep` answered with `sweepId`: running with nothing done yet, unless an
 * event about that sweep arrived after the request went out (`sentAt`), which is newer news.
 */
export function markStarted(table: ActivityTable, sweepId: number, total: number, sentAt: number, seq: number): ActivityTable {
  const known = table[sweepId];
  if (known && known.seq > sentAt) return table;
  return { ...table, [sweepId]: { sweepId, done: 0, total, etaSeconds: null, status: 'running', error: null, seq } };
}

/**
 * The table once a sweep list requested at `sentAt` came back: sweeps the lab is running get
 * their progress, and an entry still "running" for a sweep the lab no longer runs (its end was
 * missed, e.g. while the connection was down) is dropped. News newer than the request wins.
 */
export function seedFromSweeps(
  table: ActivityTable,
  rows: readonly Pick<SweepRow, 'id' | 'active'>[],
  sentAt: number,
  seq: number,
): ActivityTable {
  let next: Record<number, SweepActivity> | null = null;
  const change = (): Record<number, SweepActivity> => (next ??= { ...table });
  for (const row of rows) {
    const known = table[row.id];
    if (known && known.seq > sentAt) continue;
    if (row.active) {
      const { done, total, etaSeconds } = row.active;
      if (known?.status === 'running' && known.done === done && known.total === total) continue;
      change()[row.id] = { sweepId: row.id, done, total, etaSeconds, status: 'running', error: null, seq };
    } else if (known?.status === 'running') {
      delete change()[row.id];
    }
  }
  return next ?? table;
}

/** Fraction done, 0 to 1 (0 while the total is unknown). */
export function fractionDone(activity: Pick<SweepActivity, 'done' | 'total'>): number {
  return activity.total > 0 ? Math.min(1, activity.done / activity.total) : 0;
}

/** "running 3/8", "finished 8/8", "cancelled 5/8". */
export function activityLabel(activity: Pick<SweepActivity, 'done' | 'total' | 'status'>): string {
  return `${activity.status} ${activity.done}/${activity.total}`;
}

/** "about 2 min 10 s left", "under a second left". */
export function etaText(seconds: number): string {
  if (seconds < 1) return 'under a second left';
  if (seconds < 60) return `about ${Math.round(seconds)} s left`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `about ${minutes} min ${Math.round(seconds - minutes * 60)} s left`;
  return `about ${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}
