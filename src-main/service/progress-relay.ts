/**
 * Turns the engine's progress batches into `run-progress` events at most once per interval per
 * (run, mode): batches that arrive in between are joined, so a watcher receives every record
 * exactly once, in order, without being flooded by a fast run.
 */
import type { LabEvent } from '../api/lab-api';
import { toSeriesDto } from '../api/series-dto';
import type { NativeProgress, NativeSeries } from '../engine/native-types';
import { concatSeries } from '../workspace/series-codec';

interface Pending {
  runId: number;
  mode: string;
  parts: NativeSeries[];
  stepsDone: number;
  stepsTotal: number;
}

export class ProgressRelay {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly emit: (event: LabEvent) => void,
    private readonly intervalMs: number,
  ) {}

  push(runId: number, progress: NativeProgress): void {
    const key = `${runId}/${progress.mode}`;
    const entry = this.pending.get(key) ?? { runId, mode: progress.mode, parts: [], stepsDone: 0, stepsTotal: 0 };
    if (progress.series.steps.length > 0) entry.parts.push(progress.series);
    entry.stepsDone = progress.stepsDone;
    entry.stepsTotal = progress.stepsTotal;
    this.pending.set(key, entry);
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.intervalMs);
    }
  }

  /** Sends what is waiting (for one run, or all), e.g. before that run's `run-ended`. */
  flush(runId?: number): void {
    for (const [key, entry] of this.pending) {
      if (runId !== undefined && entry.runId !== runId) continue;
      this.pending.delete(key);
      const series = concatSeries(entry.parts);
      if (!series) continue;
      this.emit({
        type: 'run-progress',
        runId: entry.runId,
        mode: entry.mode,
        stepsDone: entry.stepsDone,
        stepsTotal: entry.stepsTotal,
        series: toSeriesDto(series),
      });
    }
    if (this.pending.size === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}
