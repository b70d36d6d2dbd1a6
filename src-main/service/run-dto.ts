/**
 * Workspace records as the API's rows: runs with the headline and outcome read from their stored
 * summary and the settings that differ from the defaults, sweeps with their axes and run counts.
 * Summaries are read defensively: a run recorded by an older lab, or one that never finished,
 * simply has null headline fields.
 */
import type { RunHeadline, RunOutcomeDto, RunRow, SweepRow } from '../api/lab-api';
import { fieldTable } from '../config/fields';
import { canonicalJson } from '../config/hash';
import type { RunOutcome } from '../runs/run-outcome';
import { outcomeContext, storedRunOutcome } from '../runs/stored-outcome';
import { outcomeSentence } from '../runs/summary-text';
import { storedSweepAxes } from '../sweeps/sweep-spec';
import type { RunListing, SweepRecord } from '../workspace/run-types';
import type { Workspace } from '../workspace/workspace';

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function finiteOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function outcomeDto(outcome: RunOutcome, joint: Record<string, unknown> | null): RunOutcomeDto {
  const modalities = Array.isArray(joint?.modalities) ? (joint.modalities as unknown[]) : [];
  return {
    kind: outcome.kind,
    sentence: outcomeSentence(outcome),
    soleWinner: outcome.soleWinner,
    classes: outcome.jointClasses.map((c) => ({ plus: c.plus, minus: c.minus })),
    unimodalLearned: outcome.unimodalLearned,
    aloneTestErr: outcome.jointClasses.map((_, r) => finiteOrNull(record(modalities[r])?.aloneTestErr)),
  };
}

export function headlineOf(summary: unknown, config: unknown = null): RunHeadline {
  const s = record(summary);
  const winners = s?.observedWinners;
  const joint = record(record(s?.modes)?.joint);
  const outcome = storedRunOutcome(summary, outcomeContext(config));
  // A cancelled or diverged mode has the error of wherever it stopped (a unimodal run that never
  // started has its initial weights' error), so no gap is computed from it.
  const partial = s !== null && (s.cancelled === true || (outcome !== null && !outcome.complete));
  return {
    winners: Array.isArray(winners) && winners.every((w) => typeof w === 'number') ? (winners as number[]) : null,
    predictedWinner: finiteOrNull(record(s?.predictedWinner)?.modality),
    jointTestErr: finiteOrNull(joint?.testErr),
    gap: partial ? null : finiteOrNull(s?.gap),
    partial,
    outcome: outcome ? outcomeDto(outcome, joint) : null,
  };
}

const SETTING_FIELDS = fieldTable().filter((f) => f.path !== 'seed' && f.path !== 'backend');

function valueAt(config: unknown, path: string): unknown {
  let node: unknown = config;
  for (const key of path.split('.')) node = record(node)?.[key];
  return node;
}

/** The settings of a stored configuration that differ from the schema defaults, by path. */
export function changedSettings(config: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of SETTING_FIELDS) {
    const value = valueAt(config, field.path);
    if (value !== undefined && canonicalJson(value) !== canonicalJson(field.default)) out[field.path] = value;
  }
  return out;
}

export function toRunRow(run: RunListing, experiment: string | null, summary: unknown, config: unknown): RunRow {
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
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    error: run.error,
    tags: run.tags,
    settings: changedSettings(config),
    headline: headlineOf(summary, config),
  };
}

/** API rows for these runs: experiment names, stored summaries and configurations in one query each. */
export function toRunRows(workspace: Workspace, runs: RunListing[]): RunRow[] {
  const ids = runs.map((run) => run.id);
  const experiments = workspace.experimentNames(ids);
  const summaries = workspace.runSummaries(ids);
  const configs = workspace.runConfigs(ids);
  return runs.map((run) => toRunRow(run, experiments.get(run.id) ?? null, summaries.get(run.id) ?? null, configs.get(run.id) ?? null));
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
