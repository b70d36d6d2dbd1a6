/**
 * Runs a sweep into a workspace. Idempotent by (config hash, seed): runs already finished are
 * skipped, runs left interrupted/failed/cancelled are trained again, so a crashed or cancelled
 * sweep resumes where it stopped. A finished run is written in one transaction (summary and
 * downsampled series together), so a killed lab never leaves a half-written finished run.
 */
import type { NativeRunResult } from '../engine/native-types';
import { toRunSpec } from '../config/resolve';
import type { Workspace } from '../workspace/workspace';
import type { CellRecord, SweepRecord } from '../workspace/run-types';
import { downsampleSeries } from '../workspace/series-codec';
import { summaryForStorage } from '../runs/stored-summary';
import type { SweepExecutor, WorkItem, WorkResult } from './sweep-executor';
import { SweepSpecError, type SweepPlan, type SweepRunPlan } from './sweep-spec';
import { outcomeContext } from '../runs/stored-outcome';
import { currentCellTable } from './current-cells';
import { cellStats, parseStoredSummary, type StoredSummary } from './sweep-stats';

export interface SweepProgress {
  total: number;
  /** Finished before this invocation started (skipped). */
  skipped: number;
  /** Trained and recorded by this invocation. */
  done: number;
  failed: number;
  /**
   * Runs of batches still in the engine: `trained` have run every step of every mode (they are
   * recorded when their batch ends), `training` is the summed share (0 to 1 each) of the others.
   * A batch trains its runs a few at a time, so these move run by run, not batch by batch.
   */
  trained: number;
  training: number;
}

export interface SweepRunOptions {
  workspace: Workspace;
  plan: SweepPlan;
  executor: SweepExecutor;
  /** Continue a sweep the workspace already holds (otherwise that is refused). */
  resume: boolean;
  /** Batches handed to the executor at once (keeps the engine busy while results are written). */
  inFlight?: number;
  onProgress?: (progress: SweepProgress) => void;
  /** Where the engine trains every run of the sweep (resolved from `backend` by the caller). */
  backend?: 'cpu' | 'cuda';
}

export interface SweepReport extends Pick<SweepProgress, 'total' | 'skipped' | 'done' | 'failed'> {
  sweepId: number;
  cancelled: number;
  table: CellRecord[];
}

export class SweepExistsError extends SweepSpecError {
  override name = 'SweepExistsError';
}

/** The workspace's record of a planned sweep (found by its spec hash), created on first use. */
export function ensurePlannedSweep(workspace: Workspace, plan: SweepPlan): { sweep: SweepRecord; created: boolean } {
  return workspace.ensureSweep({
    name: plan.name,
    spec: plan.spec,
    specHash: plan.specHash,
    seeds: plan.seeds.length,
    cells: plan.cells.map((c) => c.coords),
  });
}

export async function runSweep(options: SweepRunOptions): Promise<SweepReport> {
  const { workspace, plan } = options;
  const backend = options.backend ?? 'cpu';
  const { sweep, created } = ensurePlannedSweep(workspace, plan);
  if (!created && !options.resume) {
    // A sweep another process is training is named as such: resuming it would be refused too.
    workspace.assertSweepFree(sweep.id);
    throw new SweepExistsError(`workspace ${workspace.file} already holds this sweep (id ${sweep.id}); add --resume to continue it`);
  }
  // One process trains a sweep at a time: a second is refused with the holder's name (see
  // docs/cli.md, "Several processes on one workspace"). A holder that died is replaced.
  workspace.claimSweep(sweep.id);
  try {
    return await trainSweep(options, sweep, backend);
  } finally {
    workspace.releaseSweep(sweep.id);
  }
}

async function trainSweep(options: SweepRunOptions, sweep: SweepRecord, backend: 'cpu' | 'cuda'): Promise<SweepReport> {
  const { workspace, plan, executor } = options;
  const existing = workspace.sweepRuns(sweep.id);
  const summaries = new Map<string, StoredSummary>();
  for (const [key, row] of existing) if (row.status === 'finished' && row.summary) summaries.set(key, parseStoredSummary(row.summary));
  const todo = plan.runs.filter((r) => !summaries.has(r.key));
  const progress = { total: plan.runs.length, skipped: plan.runs.length - todo.length, done: 0, failed: 0 };
  /** Share trained of each run in a batch still in the engine. */
  const inEngine = new Map<string, number>();
  const report = (): void => {
    let trained = 0;
    let training = 0;
    for (const share of inEngine.values()) {
      if (share >= 1) trained++;
      else training += share;
    }
    options.onProgress?.({ ...progress, trained, training });
  };
  let cancelled = 0;
  report();

  // Batches are cut from the whole plan and then thinned to the runs still to do, so a resumed
  // sweep names the same batches as the first attempt did wherever none of their runs finished
  // (a queue executor recognises those and collects what finished while no one was recording).
  const batchSize = plan.spec.runsPerBatch;
  const batches: SweepRunPlan[][] = [];
  for (let i = 0; i < plan.runs.length; i += batchSize) {
    const batch = plan.runs.slice(i, i + batchSize).filter((r) => !summaries.has(r.key));
    if (batch.length) batches.push(batch);
  }

  const K = (plan.runs[0]?.config.data.K ?? 1) as number;
  const runsOfCell = new Map<number, SweepRunPlan[]>();
  for (const r of plan.runs) runsOfCell.set(r.cellIndex, [...(runsOfCell.get(r.cellIndex) ?? []), r]);
  // The file keeps each cell's statistics over its finished runs so far (readers recompute them
  // from the runs present, see current-cells.ts; this keeps the stored copy in step).
  const refreshCells = (cells: Iterable<number>): void => {
    const updates: { cellIndex: number; stats: unknown }[] = [];
    for (const cell of cells) {
      const runs = runsOfCell.get(cell) ?? [];
      const stored = runs.flatMap((r) => {
        const summary = summaries.get(r.key);
        return summary ? [{ summary, context: outcomeContext(r.config) }] : [];
      });
      updates.push({ cellIndex: cell, stats: stored.length === 0 ? null : cellStats(stored, K) });
    }
    if (updates.length) workspace.setCellStats(sweep.id, updates);
  };

  /**
   * Claims the batch's runs: a run finished or held by another process since the sweep was read
   * (possible only after this process was thought gone and the sweep taken over) is left out.
   */
  const startBatch = (whole: SweepRunPlan[]): { batch: SweepRunPlan[]; items: WorkItem[]; ids: Map<string, number> } => {
    workspace.assertHolding(sweep.id);
    const ids = new Map<string, number>();
    const retry = whole.filter((r) => existing.has(r.key));
    const fresh = whole.filter((r) => !existing.has(r.key));
    if (retry.length) {
      const claimed = new Set(
        workspace.claimRuns(
          retry.map((r) => (existing.get(r.key) as { id: number }).id),
          backend,
        ),
      );
      for (const r of retry) {
        const id = (existing.get(r.key) as { id: number }).id;
        if (claimed.has(id)) ids.set(r.key, id);
      }
    }
    const created = workspace.createRunsIfAbsent(
      fresh.map((r) => ({
        config: r.config,
        configHash: r.configHash,
        seed: r.seed,
        backend,
        status: 'running' as const,
        sweepId: sweep.id,
        cellIndex: r.cellIndex,
      })),
    );
    fresh.forEach((r, i) => {
      const id = created[i];
      if (id !== null && id !== undefined) ids.set(r.key, id);
    });
    const batch = whole.filter((r) => ids.has(r.key));
    progress.skipped += whole.length - batch.length;
    return { batch, items: batch.map((r) => ({ key: r.key, spec: { ...toRunSpec(r.config), backend }, config: r.config })), ids };
  };

  const record = (batch: SweepRunPlan[], ids: Map<string, number>, results: WorkResult[]): void => {
    const byKey = new Map(results.map((r) => [r.key, r]));
    const finished: { runId: number; summary: unknown; series: { mode: string; series: NativeRunResult['modes'][number]['series'] }[] }[] =
      [];
    const failed = new Map<string, number[]>();
    const stopped = new Map<string, number[]>();
    for (const run of batch) {
      const id = ids.get(run.key) as number;
      const outcome = byKey.get(run.key) ?? { key: run.key, status: 'failed' as const, error: 'the executor returned no result' };
      if (outcome.status === 'finished') {
        const summary = summaryForStorage(run.config, outcome.result, outcome.backend ?? backend);
        summaries.set(run.key, parseStoredSummary(summary));
        finished.push({
          runId: id,
          summary,
          series: outcome.result.modes.map((m) => ({ mode: m.mode, series: downsampleSeries(m.series, plan.spec.seriesPoints) })),
        });
        progress.done++;
      } else {
        const target = outcome.status === 'failed' ? failed : stopped;
        target.set(outcome.error, [...(target.get(outcome.error) ?? []), id]);
        if (outcome.status === 'failed') progress.failed++;
        else cancelled++;
      }
    }
    workspace.finishRuns(finished, { scalarsF32: true, dropAlignments: true });
    for (const [error, list] of failed) workspace.endRuns(list, 'failed', error);
    for (const [error, list] of stopped) workspace.endRuns(list, 'cancelled', error);
    refreshCells(new Set(batch.map((r) => r.cellIndex)));
    for (const run of batch) inEngine.delete(run.key);
    report();
  };

  const inFlight = Math.max(1, options.inFlight ?? 2);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const { batch, items, ids } = startBatch(batches[next++] as SweepRunPlan[]);
      if (batch.length === 0) continue;
      for (const run of batch) inEngine.set(run.key, 0);
      const results = await executor.execute(items, (key, share) => {
        if (!inEngine.has(key) || inEngine.get(key) === share) return;
        inEngine.set(key, share);
        report();
      });
      record(batch, ids, results);
      await executor.committed?.(items);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(inFlight, batches.length) }, worker));
  } catch (err) {
    // A failed write (full disk, read-only file) stops the sweep; batches in flight are stopped too.
    next = batches.length;
    executor.cancel();
    throw err;
  }
  refreshCells(runsOfCell.keys());
  return { sweepId: sweep.id, ...progress, cancelled, table: currentCellTable(workspace, sweep.id) };
}
