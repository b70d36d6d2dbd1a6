/**
 * The remedy comparison: on one competition setting (a preset), each balancing remedy at a few
 * knob values, over the same seeds, trained as sweeps of the workspace (recorded, resumable and
 * browsable like the paper check's). One sweep per remedy, its knob the sweep's axis, so a
 * remedy's knob is swept like any other setting; the baseline sweep (no remedy) also trains the
 * unimodal runs, which no remedy changes, and every remedied joint run is judged against them.
 *
 * Per arm (remedy and knob value), over seeds:
 * - rescue: among the seeds where the plain joint run lost a modality that its unimodal run
 *   learns, the share where the remedied joint run learns every such modality;
 * - each modality's learning rate in the joint run (gamma crossed rho), and its time to learn
 *   (the crossing step, over the seeds where it learned);
 * - the joint test error less the best unimodal test error of the same seed;
 * - each modality's conditional utilisation (test error with its output masked, less the joint
 *   test error), gradient-norm share and joint/unimodal gradient cosine at the end of training.
 * Rates carry Wilson 95% intervals, means normal-approximation 95% intervals (claim-stats.ts).
 */
import { z } from 'zod';
import type { RunConfig } from '../config/schema';
import type { SweepExecutor } from '../sweeps/sweep-executor';
import { planSweep, type SweepPlan } from '../sweeps/sweep-spec';
import type { Workspace } from '../workspace/workspace';
import { meanInterval, rate, type MeanEstimate, type RateEstimate } from './claim-stats';
import { runFacts, type RunFacts } from './run-facts';
import { trainSweepsInTurn, type SweepsProgress } from './sweeps-in-turn';

export interface RemedyDef {
  key: string;
  /** What it is, in the words of the method it follows. */
  label: string;
  /** The knob swept, and its values (each value an arm). */
  knob: string;
  values: unknown[];
  /** Further settings fixed for every arm of the remedy (`--set` form). */
  set: string[];
}

/** The remedies compared, each at a few values of its knob; the baseline is the first. */
export const REMEDIES: readonly RemedyDef[] = [
  { key: 'none', label: 'no remedy', knob: 'remedies.jointWeight', values: [1], set: [] },
  {
    key: 'auxiliary',
    label: 'unimodal auxiliary losses (weight lambda per modality)',
    knob: 'remedies.unimodalWeights',
    values: [[0.25], [1]],
    set: [],
  },
  {
    key: 'blending',
    label: 'gradient blending, fixed weights (w_0 joint, 0.5 per modality)',
    knob: 'remedies.jointWeight',
    values: [0.5],
    set: ['remedies.unimodalWeights=0.5'],
  },
  {
    key: 'reblending',
    label: 'gradient blending, weights re-estimated every k steps on a held-out 20% (from w_0 = 1)',
    knob: 'remedies.blending.everySteps',
    values: [100, 200],
    set: [],
  },
  { key: 'dropout', label: 'modality dropout (probability p per modality)', knob: 'remedies.dropout', values: [[0.25], [0.5]], set: [] },
  { key: 'ogm', label: 'OGM gradient modulation (alpha)', knob: 'remedies.ogm.alpha', values: [0.5, 2], set: [] },
  {
    key: 'ogm-ge',
    label: 'OGM-GE: modulation with noise (alpha)',
    knob: 'remedies.ogm.alpha',
    values: [0.5],
    set: ['remedies.ogm.noise=true'],
  },
];

export const DEFAULT_COMPARISON_SEEDS = 50;

export interface ComparisonOptions {
  preset: string;
  seeds: number;
  seedStart: number;
  backend: 'auto' | 'cpu' | 'cuda';
  precision: 'f32' | 'f64' | 'tf32';
  /** A trial, not the comparison: `path=value` settings applied to every run (sweep names and reports say so). */
  set: string[];
}

/** The trial's settings as one line, or null for the comparison itself. */
export function comparisonOverrides(options: Pick<ComparisonOptions, 'set'>): string | null {
  return options.set.length > 0 ? options.set.join(', ') : null;
}

export interface PlannedRemedySweep {
  remedy: RemedyDef;
  plan: SweepPlan;
}

/** The sweeps of a comparison, the baseline first. */
export function planComparison(options: ComparisonOptions): PlannedRemedySweep[] {
  return REMEDIES.map((remedy) => {
    // Remedies change only the joint run, so only the baseline trains the unimodal runs.
    const modes = remedy.key === 'none' ? [] : ['train.modes=joint'];
    const trial = comparisonOverrides(options);
    const spec = {
      // A trial's sweeps are named apart, so they never mix with the comparison's own runs.
      name: `remedy comparison: ${remedy.key} on ${options.preset}${trial ? ` [trial: ${trial}]` : ''}`,
      base: { preset: options.preset, set: [`backend=${options.backend}`, ...options.set, ...modes, ...remedy.set] },
      grid: [
        { path: 'precision', values: [options.precision] },
        { path: remedy.knob, values: remedy.values },
      ],
      seeds: { count: options.seeds, start: options.seedStart },
      runsPerBatch: 4,
      seriesPoints: 64,
    };
    return { remedy, plan: planSweep(spec, `remedy comparison ${remedy.key}`) };
  });
}

const nullableNumber = z.number().nullable();
const balanceSchema = z.looseObject({
  modes: z.looseObject({
    joint: z.looseObject({
      modalities: z.array(
        z
          .looseObject({
            crossStep: nullableNumber,
            utilisation: nullableNumber.optional(),
            gradShare: nullableNumber.optional(),
            unimodalCosine: nullableNumber.optional(),
          })
          .nullable(),
      ),
    }),
  }),
});

/** What the comparison reads from one finished run. */
export interface ArmRun {
  seed: number;
  facts: RunFacts;
  crossStep: (number | null)[];
  utilisation: (number | null)[];
  gradShare: (number | null)[];
  unimodalCosine: (number | null)[];
}

export function armRun(config: RunConfig, summary: unknown): ArmRun | null {
  const facts = runFacts(config, summary);
  const parsed = balanceSchema.safeParse(summary);
  if (!facts || !parsed.success) return null;
  const modalities = parsed.data.modes.joint.modalities;
  const pick = (key: 'crossStep' | 'utilisation' | 'gradShare' | 'unimodalCosine'): (number | null)[] =>
    Array.from({ length: facts.K }, (_, r) => modalities[r]?.[key] ?? null);
  return {
    seed: config.seed,
    facts,
    crossStep: pick('crossStep'),
    utilisation: pick('utilisation'),
    gradShare: pick('gradShare'),
    unimodalCosine: pick('unimodalCosine'),
  };
}

export interface ArmResult {
  remedy: string;
  label: string;
  knob: string;
  value: unknown;
  /** The sweep whose cell holds this arm's runs (null when a stop came before it was made). */
  sweepId: number | null;
  /** Finished runs of this arm that could be read. */
  runs: number;
  rescue: RateEstimate;
  learned: RateEstimate[];
  crossStep: MeanEstimate[];
  gapToBestUnimodal: MeanEstimate;
  utilisation: MeanEstimate[];
  gradShare: MeanEstimate[];
  unimodalCosine: MeanEstimate[];
}

export interface ComparisonReport {
  options: ComparisonOptions;
  K: number;
  /** Seeds whose plain joint run lost a modality its unimodal run learns (the rescue's denominator). */
  seedsWithLoser: number;
  baselineSeeds: number;
  /** The sweeps the comparison trained, one per remedy reached, the baseline first. */
  sweeps: { remedy: string; sweepId: number }[];
  arms: ArmResult[];
}

/** The modalities the plain joint run of a seed lost although their unimodal runs learn them. */
export function losers(baseline: RunFacts): number[] {
  const { jointLearned, unimodalLearned } = baseline.outcome;
  return jointLearned.flatMap((learned, r) => (!learned && unimodalLearned[r] === true ? [r] : []));
}

function finite(values: (number | null)[]): number[] {
  return values.filter((v): v is number => v !== null && Number.isFinite(v));
}

/** The statistics of one arm's runs against the baseline runs of the same seeds. */
export function armResult(
  remedy: RemedyDef,
  value: unknown,
  runs: ArmRun[],
  baseline: Map<number, RunFacts>,
  K: number,
  sweepId: number | null = null,
): ArmResult {
  const rescued: boolean[] = [];
  const gaps: number[] = [];
  for (const run of runs) {
    const base = baseline.get(run.seed);
    if (!base) continue;
    const lost = losers(base);
    if (lost.length > 0) rescued.push(lost.every((r) => run.facts.outcome.jointLearned[r] === true));
    const unimodal = finite(base.unimodalTestErr);
    if (run.facts.jointTestErr !== null && unimodal.length > 0) gaps.push(run.facts.jointTestErr - Math.min(...unimodal));
  }
  const perModality = <T>(f: (r: number) => T): T[] => Array.from({ length: K }, (_, r) => f(r));
  return {
    remedy: remedy.key,
    label: remedy.label,
    knob: remedy.knob,
    value,
    sweepId,
    runs: runs.length,
    rescue: rate(rescued),
    learned: perModality((r) => rate(runs.map((run) => run.facts.outcome.jointLearned[r] === true))),
    crossStep: perModality((r) => meanInterval(finite(runs.map((run) => run.crossStep[r] ?? null)))),
    gapToBestUnimodal: meanInterval(gaps),
    utilisation: perModality((r) => meanInterval(finite(runs.map((run) => run.utilisation[r] ?? null)))),
    gradShare: perModality((r) => meanInterval(finite(runs.map((run) => run.gradShare[r] ?? null)))),
    unimodalCosine: perModality((r) => meanInterval(finite(runs.map((run) => run.unimodalCosine[r] ?? null)))),
  };
}

/** The finished, readable runs of one cell of a sweep, in seed order. */
function cellRuns(workspace: Workspace, plan: SweepPlan, sweepId: number, cellIndex: number): ArmRun[] {
  const stored = workspace.sweepRuns(sweepId);
  return plan.runs
    .filter((run) => run.cellIndex === cellIndex)
    .flatMap((run) => {
      const row = stored.get(run.key);
      const read = row?.status === 'finished' ? armRun(run.config, row.summary) : null;
      return read ? [read] : [];
    })
    .sort((a, b) => a.seed - b.seed);
}

/** Measures every arm over the sweeps' finished runs. */
export function comparisonReport(
  workspace: Workspace,
  options: ComparisonOptions,
  planned: PlannedRemedySweep[],
  sweepIds: number[],
): ComparisonReport {
  const K = planned[0]?.plan.runs[0]?.config.data.K ?? 0;
  const baselinePlan = planned[0] as PlannedRemedySweep;
  const baselineRuns = sweepIds.length > 0 ? cellRuns(workspace, baselinePlan.plan, sweepIds[0] as number, 0) : [];
  const baseline = new Map(baselineRuns.map((run) => [run.seed, run.facts]));
  const arms = planned.flatMap(({ remedy, plan }, index) =>
    plan.cells.map((cell) =>
      armResult(
        remedy,
        cell.coords[remedy.knob],
        cellRuns(workspace, plan, sweepIds[index] as number, cell.index),
        baseline,
        K,
        sweepIds[index] as number,
      ),
    ),
  );
  return {
    options,
    K,
    seedsWithLoser: baselineRuns.filter((run) => losers(run.facts).length > 0).length,
    baselineSeeds: baselineRuns.length,
    sweeps: planned.map(({ remedy }, index) => ({ remedy: remedy.key, sweepId: sweepIds[index] as number })),
    arms,
  };
}

/** How far a running comparison is: the remedy whose sweep it trains, and the runs of them all. */
export type ComparisonProgress = SweepsProgress;

export interface RunComparisonOptions {
  workspace: Workspace;
  options: ComparisonOptions;
  executor: SweepExecutor;
  backend: 'cpu' | 'cuda';
  onProgress?: (progress: ComparisonProgress) => void;
  stopped?: () => boolean;
}

/** Trains (or reuses) every sweep of the comparison, then measures it. */
export async function runComparison({
  workspace,
  options,
  executor,
  backend,
  onProgress,
  stopped,
}: RunComparisonOptions): Promise<{ report: ComparisonReport; cancelled: boolean }> {
  const planned = planComparison(options);
  const { reports, cancelled } = await trainSweepsInTurn({
    workspace,
    sweeps: planned.map((p) => ({ key: p.remedy.key, plan: p.plan })),
    executor,
    backend,
    onProgress,
    stopped,
  });
  // Sweeps not reached (a stop) measure as empty.
  const reached = planned.slice(0, reports.length);
  return {
    report: comparisonReport(
      workspace,
      options,
      reached,
      reports.map((r) => r.sweepId),
    ),
    cancelled,
  };
}
