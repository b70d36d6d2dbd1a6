/**
 * Workspace records as the API's rows: runs with the headline read from their stored summary,
 * sweeps with their axes and run counts. Summaries are read defensively: a run recorded by an
 * older lab, or one that never finished, simply has null headline fields.
 */
import type { RunHeadline, RunRow, SweepRow } from '../api/lab-api';
import { storedSweepAxes } from '../sweeps/sweep-spec';
import type { RunListing, SweepRecord } from '../workspace/run-types';
import type { Workspace } from '../workspace/workspace';

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function headlineOf(summary: unknown): RunHeadline {
  const s = record(summary);
  const winners = s?.observedWinners;
  const joint = record(record(s?.modes)?.joint);
  return {
    winners: Array.isArray(winners) && winners.every((w) => typeof w === 'number') ? (winners as number[]) : null,
    predictedWinner: finiteOrNull(record(s?.predictedWinner)?.modality),
    jointTestErr: finiteOrNull(joint?.testErr),
    gap: finiteOrNull(s?.gap),
  };
}

export function toRunRow(run: RunListing, experiment: string | null, summary: unknown): RunRow {
  return {
    id: run.id,
    sweepId: run.sweepId,
    cellIndex: run.cellIndex,
    experiment,
    configHash: run.configHash,
    seed: run.seed,
    backend: run.backend,
    status: run.status,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    error: run.error,
    tags: run.tags,
    headline: headlineOf(summary),
  };
}

/** API rows for these runs: experiment names and stored summaries in one query each. */
export function toRunRows(workspace: Workspace, runs: RunListing[]): RunRow[] {
  const ids = runs.map((run) => run.id);
  const experiments = workspace.experimentNames(ids);
  const summaries = workspace.runSummaries(ids);
  return runs.map((run) => toRunRow(run, experiments.get(run.id) ?? null, summaries.get(run.id) ?? null));
}

/** `active` is the sweep's progress while this lab process runs it, else null; `axes` when the caller has them. */
export function toSweepRow(
  workspace: Workspace,
  sweep: SweepRecord,
  active: SweepRow['active'] = null,
  axes: string[] = storedSweepAxes(sweep.spec, () => workspace.cellTable(sweep.id)[0]?.coords),
): SweepRow {
  return {
    id: sweep.id,
    name: sweep.name,
    createdAt: sweep.createdAt,
    seeds: sweep.seeds,
    cellCount: sweep.cellCount,
    axes,
    runs: workspace.countRuns({ sweepId: sweep.id }),
    active,
  };
}
