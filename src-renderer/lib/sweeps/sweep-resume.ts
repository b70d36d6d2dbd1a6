/**
 * Whether a stored sweep can be resumed from the app: the lab is not running it, and some of
 * its planned runs (cells x seeds) are not finished: cancelled, interrupted or failed, or never
 * started. Starting the same spec again continues it; finished runs are kept.
 */
import type { SweepRow } from '../../../src-main/api/lab-api';

export type ResumeRow = Pick<SweepRow, 'cellCount' | 'seeds' | 'runs' | 'active'>;

/** Planned runs that are not finished yet (0 when every run finished). */
export function unfinishedRuns(row: ResumeRow): number {
  const finished = row.runs.finished ?? 0;
  return Math.max(0, row.cellCount * row.seeds - finished);
}

/**
 * True when "Resume sweep" applies. `runningHere` is what the page itself knows (a start reply
 * or a progress event newer than the row). Runs still marked running while the lab does not
 * run the sweep belong to another process (the CLI on the same workspace): not resumable here.
 */
export function canResume(row: ResumeRow, runningHere: boolean): boolean {
  if (runningHere || row.active !== null) return false;
  if ((row.runs.running ?? 0) + (row.runs.queued ?? 0) > 0) return false;
  return unfinishedRuns(row) > 0;
}
