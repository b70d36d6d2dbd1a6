/**
 * Metric series of the runs being watched, fed by run-progress events and by the stored series
 * fetched when a run is opened. The arrays are plain (not reactive proxies: a 10,000-step run
 * would make every push expensive); `version` is the reactive signal that something changed,
 * and charts redraw on it at their own pace.
 */
import type { LabEvent, RunRow, SeriesDto } from '../../../src-main/api/lab-api';
import { mergeSeries, type SeriesByMode } from '../charts/series';

/** Runs whose series are kept; older ones are dropped and fetched again when reopened. */
const KEEP_RUNS = 8;

export interface ModeProgress {
  stepsDone: number;
  stepsTotal: number;
}

export class LiveRuns {
  version = $state(0);
  private readonly series = new Map<number, SeriesByMode>();
  private readonly progress = new Map<number, Record<string, ModeProgress>>();
  private readonly status = new Map<number, RunRow['status']>();

  /** Stored series of a run opened from the workspace; records streamed meanwhile stay. */
  seed(runId: number, stored: Record<string, SeriesDto>): void {
    const live = this.series.get(runId) ?? {};
    const merged: SeriesByMode = {};
    for (const mode of new Set([...Object.keys(stored), ...Object.keys(live)])) {
      const a = stored[mode];
      const b = live[mode];
      merged[mode] = a && b ? mergeSeries(a, b) : ((a ?? b) as SeriesDto);
    }
    this.keep(runId, merged);
    this.version++;
  }

  apply(event: LabEvent): void {
    if (event.type === 'run-started') {
      this.status.set(event.runId, 'running');
    } else if (event.type === 'run-progress') {
      const modes = this.series.get(event.runId) ?? {};
      modes[event.mode] = mergeSeries(modes[event.mode], event.series);
      this.keep(event.runId, modes);
      const progress = this.progress.get(event.runId) ?? {};
      progress[event.mode] = { stepsDone: event.stepsDone, stepsTotal: event.stepsTotal };
      this.progress.set(event.runId, progress);
      this.status.set(event.runId, 'running');
    } else if (event.type === 'run-ended') {
      this.status.set(event.runId, event.status);
    } else {
      return;
    }
    this.version++;
  }

  get(runId: number): SeriesByMode | undefined {
    return this.series.get(runId);
  }

  progressOf(runId: number): Record<string, ModeProgress> {
    return this.progress.get(runId) ?? {};
  }

  /** Status learnt from events (newer than the stored row while the run trains). */
  statusOf(runId: number): RunRow['status'] | undefined {
    return this.status.get(runId);
  }

  private keep(runId: number, modes: SeriesByMode): void {
    this.series.delete(runId);
    this.series.set(runId, modes);
    while (this.series.size > KEEP_RUNS) {
      const oldest = this.series.keys().next().value as number;
      this.series.delete(oldest);
    }
  }
}

export const liveRuns = new LiveRuns();
