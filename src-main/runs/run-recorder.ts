/**
 * Writes one run into a workspace while it trains: a row marked running at the start, metric
 * batches appended at most every `flushMs` (so a killed lab loses at most that much), and at the
 * end the summary plus the complete series in one transaction, or the failure with its reason.
 */
import type { RunConfig } from '../config/schema';
import { configHash } from '../config/hash';
import type { NativeProgress, NativeRunResult, NativeSeries } from '../engine/native-types';
import type { Workspace } from '../workspace/workspace';
import type { RunSummary } from './run-summary';

export class RunRecorder {
  private pending: { mode: string; series: NativeSeries }[] = [];
  /** Last step streamed per mode, so a cancelled run can add the records no batch carried. */
  private readonly lastStreamed = new Map<string, number>();
  private lastFlush = Date.now();

  private constructor(
    private readonly workspace: Workspace,
    readonly runId: number,
    private readonly flushMs: number,
  ) {}

  static begin(workspace: Workspace, config: RunConfig, backend: string, flushMs = 1000, experiment?: string): RunRecorder {
    const experimentId = experiment === undefined ? undefined : workspace.ensureExperiment(experiment);
    const runId = workspace.createRun({
      config,
      configHash: configHash(config),
      seed: config.seed,
      backend,
      status: 'running',
      experimentId,
    });
    return new RunRecorder(workspace, runId, flushMs);
  }

  progress(batch: NativeProgress): void {
    this.pending.push({ mode: batch.mode, series: batch.series });
    const steps = batch.series.steps;
    if (steps.length > 0) this.lastStreamed.set(batch.mode, steps[steps.length - 1] as number);
    if (Date.now() - this.lastFlush >= this.flushMs) this.flush();
  }

  private flush(): void {
    const batches = this.pending;
    this.pending = [];
    this.lastFlush = Date.now();
    if (batches.length) this.workspace.appendSeries(this.runId, batches);
  }

  finish(result: NativeRunResult, summary: RunSummary): void {
    const { config: _config, ...stored } = summary;
    if (summary.cancelled) {
      // Keep the partial series: what was streamed, then whatever the result holds beyond it.
      for (const mode of result.modes) {
        const tail = recordsAfter(mode.series, this.lastStreamed.get(mode.mode) ?? -Infinity);
        if (tail.steps.length > 0) this.pending.push({ mode: mode.mode, series: tail });
      }
      this.flush();
      // The partial summary (marked cancelled) keeps what the run reached visible in lists.
      this.workspace.endRunWithSummary(this.runId, 'cancelled', 'cancelled by the user', stored);
      return;
    }
    this.pending = [];
    this.workspace.finishRuns([
      { runId: this.runId, summary: stored, series: result.modes.map((m) => ({ mode: m.mode, series: m.series })) },
    ]);
  }

  /** Ends a run stopped before the engine returned a result (cancelled while queued, a lab closing). */
  stop(status: 'cancelled' | 'interrupted', reason: string): void {
    this.flush();
    this.workspace.endRuns([this.runId], status, reason);
  }

  fail(error: unknown): void {
    this.flush();
    this.workspace.endRuns([this.runId], 'failed', error instanceof Error ? error.message : String(error));
  }
}

/** The records of a series after `step` (steps increase along a series). */
function recordsAfter(series: NativeSeries, step: number): NativeSeries {
  const count = series.steps.length;
  let first = 0;
  while (first < count && (series.steps[first] as number) <= step) first++;
  const width = series.scalarNames.length;
  const per = count > 0 ? series.alignments.length / count : 0;
  return {
    K: series.K,
    m: series.m,
    steps: series.steps.slice(first),
    scalarNames: series.scalarNames,
    scalars: series.scalars.slice(first * width),
    alignments: series.alignments.slice(first * per),
  };
}
