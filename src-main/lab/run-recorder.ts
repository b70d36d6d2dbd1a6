/**
 * Writes one run into a workspace while it trains: a row marked running at the start, metric
 * batches appended at most every `flushMs` (so a killed lab loses at most that much), and at the
 * end the summary plus the complete series in one transaction, or the failure with its reason.
 */
import type { RunConfig } from '../config/schema';
import { configHash } from '../config/hash';
import type { NativeProgress, NativeRunResult, NativeSeries } from '../engine/native-types';
import type { Workspace } from '../workspace/workspace';
import type { RunSummary } from './summary';

export class RunRecorder {
  private pending: { mode: string; series: NativeSeries }[] = [];
  private lastFlush = Date.now();

  private constructor(
    private readonly workspace: Workspace,
    readonly runId: number,
    private readonly flushMs: number,
  ) {}

  static begin(workspace: Workspace, config: RunConfig, backend: string, flushMs = 1000, experiment?: string): RunRecorder {
    const experimentId = experiment === undefined ? undefined : workspace.ensureExperiment(experiment);
    const runId = workspace.createRun({ config, configHash: configHash(config), seed: config.seed, backend, status: 'running', experimentId });
    return new RunRecorder(workspace, runId, flushMs);
  }

  progress(batch: NativeProgress): void {
    this.pending.push({ mode: batch.mode, series: batch.series });
    if (Date.now() - this.lastFlush >= this.flushMs) this.flush();
  }

  private flush(): void {
    const batches = this.pending;
    this.pending = [];
    this.lastFlush = Date.now();
    if (batches.length) this.workspace.appendSeries(this.runId, batches);
  }

  finish(result: NativeRunResult, summary: RunSummary): void {
    this.pending = [];
    const { config: _config, ...stored } = summary;
    if (summary.cancelled) {
      this.flush();
      this.workspace.endRuns([this.runId], 'cancelled', 'cancelled by the user');
      return;
    }
    this.workspace.finishRuns([{ runId: this.runId, summary: stored, series: result.modes.map((m) => ({ mode: m.mode, series: m.series })) }]);
  }

  fail(error: unknown): void {
    this.flush();
    this.workspace.endRuns([this.runId], 'failed', error instanceof Error ? error.message : String(error));
  }
}
