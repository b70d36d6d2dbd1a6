/**
 * The paper check: trains the runs every claim needs as sweeps of the workspace (so they are
 * recorded, resumable and browsable like any sweep), then measures each statistic of claims.ts
 * over the finished runs and gives each a verdict against its threshold.
 *
 * The full check (50 seeds per claim by default) passes a rate when its estimate reaches the
 * threshold, and a mean when it lies within the tolerance. The quick check trains fewer seeds,
 * too few for a point estimate to be judged; it passes a statistic unless its 95% interval
 * excludes the threshold (the data contradict the claim), and says so in its verdicts.
 */
import type { RunConfig } from '../config/schema';
import type { SweepExecutor } from '../sweeps/sweep-executor';
import { planSweep, type SweepPlan } from '../sweeps/sweep-spec';
import type { Workspace } from '../workspace/workspace';
import { logisticFit, meanInterval, rate, type LogisticFit, type MeanEstimate, type RateEstimate } from './claim-stats';
import { CHECK_SWEEPS, CLAIMS, STATISTICS, type CheckSweepDef, type StatisticDef } from './claims';
import { REGIME_MAPS, type RegimeMapDef } from './regime-maps';
import { trainSweepsInTurn, type SweepsProgress } from './sweeps-in-turn';
import { jointLearners, logScoreRatio, runFacts, type RunFacts } from './run-facts';

export const FULL_SEEDS = 50;
export const QUICK_SEEDS = 12;
/** Seeds per cell of a regime map in the full check (the quick check draws no maps). */
export const MAP_SEEDS = 12;

export interface CheckOptions {
  /** Seeds per claim (spread over a sweep's cells where it has several). */
  seeds: number;
  seedStart: number;
  quick: boolean;
  backend: 'auto' | 'cpu' | 'cuda';
  precision: 'f32' | 'f64' | 'tf32';
  /** Draw the regime maps too (the full check does by default). */
  maps: boolean;
  /** Seeds per cell of each regime map. */
  mapSeeds: number;
  /**
   * Settings (`path=value`, as `--set` takes them) applied to every run on top of its preset,
   * under the grid. Empty for the paper check itself; a trial of the machinery (a tiny check in
   * a test) sets small sizes here, and every report and figure names them.
   */
  set: string[];
}

export function defaultCheckOptions(quick: boolean): CheckOptions {
  return {
    seeds: quick ? QUICK_SEEDS : FULL_SEEDS,
    seedStart: 1,
    quick,
    backend: 'auto',
    precision: 'f32',
    maps: !quick,
    mapSeeds: MAP_SEEDS,
    set: [],
  };
}

/** "train.steps=60, data.d=16" or null: the settings a check changed from its presets. */
export function checkOverrides(options: Pick<CheckOptions, 'set'>): string | null {
  return options.set.length > 0 ? options.set.join(', ') : null;
}

export interface PlannedCheckSweep {
  key: string;
  purpose: string;
  /** A claim sweep, or a regime map. */
  role: 'claim' | 'map';
  plan: SweepPlan;
}

function seedsPerCell(total: number, cells: number, minimum: number): number {
  return Math.max(minimum, Math.ceil(total / Math.max(1, cells)));
}

function sweepSpec(
  def: { key: string; preset: string; purpose: string; grid?: { path: string; values: unknown[] }[] },
  options: CheckOptions,
  seeds: number,
): unknown {
  return {
    // A trial with changed settings says so in its sweeps' names, so nobody takes them for the check.
    name: `paper check: ${def.key} (${def.purpose})${options.set.length > 0 ? ` [trial: ${options.set.join(', ')}]` : ''}`,
    base: { preset: def.preset, set: [`backend=${options.backend}`, ...options.set] },
    // The precision is an axis of every check sweep, so an f32 and an f64 check of the same
    // seeds are different sweeps of one workspace rather than one sweep resumed with another.
    grid: [{ path: 'precision', values: [options.precision] }, ...(def.grid ?? [])],
    seeds: { count: seeds, start: options.seedStart },
    runsPerBatch: 4,
    seriesPoints: 64,
  };
}

function cellsOf(grid: { values: unknown[] }[] | undefined): number {
  return (grid ?? []).reduce((cells, axis) => cells * axis.values.length, 1);
}

/** The sweeps a check trains, in the order it trains them. */
export function planCheck(options: CheckOptions): PlannedCheckSweep[] {
  const claimSweeps = CHECK_SWEEPS.map((def: CheckSweepDef) => ({
    key: def.key,
    purpose: def.purpose,
    role: 'claim' as const,
    plan: planSweep(sweepSpec(def, options, seedsPerCell(options.seeds, cellsOf(def.grid), 2)), `paper check ${def.key}`),
  }));
  if (!options.maps) return claimSweeps;
  const maps = REGIME_MAPS.map((def: RegimeMapDef) => ({
    key: def.key,
    purpose: def.purpose,
    role: 'map' as const,
    plan: planSweep(sweepSpec({ ...def, preset: def.preset }, options, options.mapSeeds), `paper check map ${def.key}`),
  }));
  return [...claimSweeps, ...maps];
}

export type Verdict = 'pass' | 'fail' | 'no data';

export interface StatisticResult {
  id: string;
  claim: string;
  statement: string;
  sweep: string;
  estimate: RateEstimate | MeanEstimate;
  /** A rate's minimum, or a mean's tolerance (+-). */
  threshold: number;
  verdict: Verdict;
  /** Finished runs of the sweep whose stored summary could not be read. */
  unreadable: number;
}

export interface ClaimResult {
  id: string;
  title: string;
  verdict: Verdict;
  statistics: string[];
}

export interface CheckSweepResult {
  key: string;
  purpose: string;
  role: 'claim' | 'map';
  sweepId: number;
  runs: number;
  finished: number;
  failed: number;
}

/** The statistics a regime map shows per cell. */
export const MAP_STATISTICS = ['C1', 'C2a', 'C2b'] as const;

export interface MapCell {
  cellIndex: number;
  coords: Record<string, unknown>;
  rates: Record<(typeof MAP_STATISTICS)[number], RateEstimate>;
}

export interface MapResult {
  key: string;
  purpose: string;
  sweepId: number;
  /** The swept settings (a linked setting such as sigma0 with q appears in the coords only). */
  axes: string[];
  cells: MapCell[];
}

export interface CheckReport {
  mode: 'quick' | 'full';
  options: CheckOptions;
  sweeps: CheckSweepResult[];
  statistics: StatisticResult[];
  claims: ClaimResult[];
  /** C3's curve: P(modality 0 wins) against log(score_0 / score_1), over runs with one winner. */
  whoWinsFit: LogisticFit | null;
  /** The regime maps (empty when the check drew none). */
  maps: MapResult[];
  verdict: 'pass' | 'fail';
}

export function judge(def: StatisticDef, estimate: RateEstimate | MeanEstimate, quick: boolean): Verdict {
  if (estimate.n === 0) return 'no data';
  if (estimate.kind === 'rate' && def.kind === 'rate') {
    return (quick ? estimate.high : estimate.p) >= def.threshold ? 'pass' : 'fail';
  }
  if (estimate.kind === 'mean' && def.kind === 'mean') {
    const tol = def.tolerance;
    if (estimate.value === null) return 'no data';
    if (!quick) return Math.abs(estimate.value) <= tol ? 'pass' : 'fail';
    // Quick: fails only when the whole interval lies outside [-tol, tol].
    const low = estimate.low ?? estimate.value;
    const high = estimate.high ?? estimate.value;
    return high >= -tol && low <= tol ? 'pass' : 'fail';
  }
  throw new Error(`statistic ${def.id} and its estimate disagree on their kind`);
}

export function measure(def: StatisticDef, runs: RunFacts[], quick: boolean, unreadable: number): StatisticResult {
  const estimate =
    def.kind === 'rate'
      ? rate(runs.map((r) => def.success(r)).filter((s): s is boolean => s !== null))
      : meanInterval(runs.map((r) => def.value(r)).filter((v): v is number => v !== null));
  return {
    id: def.id,
    claim: def.claim,
    statement: def.statement,
    sweep: def.sweep,
    estimate,
    threshold: def.kind === 'rate' ? def.threshold : def.tolerance,
    verdict: judge(def, estimate, quick),
    unreadable,
  };
}

/** The C3 curve over the who-wins runs with exactly one winner (K = 2). */
export function whoWinsCurve(runs: RunFacts[]): LogisticFit | null {
  const points = runs.flatMap((run) => {
    const winners = jointLearners(run);
    const x = logScoreRatio(run.scores, 0, 1);
    return run.K === 2 && winners.length === 1 && x !== null ? [{ x, win: winners[0] === 0 }] : [];
  });
  if (points.length < 2) return null;
  return logisticFit(
    points.map((p) => p.x),
    points.map((p) => p.win),
  );
}

/** The facts of a sweep's finished runs in seed order, and how many finished runs could not be read. */
export function sweepFacts(workspace: Workspace, plan: SweepPlan, sweepId: number): { facts: RunFacts[]; unreadable: number } {
  const stored = workspace.sweepRuns(sweepId);
  const facts: RunFacts[] = [];
  let unreadable = 0;
  for (const run of plan.runs) {
    const row = stored.get(run.key);
    if (row?.status !== 'finished') continue;
    const f = runFacts(run.config as RunConfig, row.summary);
    if (f) facts.push(f);
    else unreadable++;
  }
  facts.sort((a, b) => a.seed - b.seed);
  return { facts, unreadable };
}

/** How far a running check is (the sweep it trains, and the runs of the whole check). */
export type CheckProgress = SweepsProgress;

export interface RunCheckOptions {
  workspace: Workspace;
  options: CheckOptions;
  executor: SweepExecutor;
  backend: 'cpu' | 'cuda';
  onProgress?: (progress: CheckProgress) => void;
  /** Asked between sweeps: true stops the check (its sweeps stay resumable). */
  stopped?: () => boolean;
}

export async function runCheck({ workspace, options, executor, backend, onProgress, stopped }: RunCheckOptions): Promise<CheckReport> {
  const planned = planCheck(options);
  const { reports } = await trainSweepsInTurn({ workspace, sweeps: planned, executor, backend, onProgress, stopped });
  const sweeps: CheckSweepResult[] = reports.map((report, index) => {
    const sweep = planned[index] as PlannedCheckSweep;
    return {
      key: sweep.key,
      purpose: sweep.purpose,
      role: sweep.role,
      sweepId: report.sweepId,
      runs: sweep.plan.runs.length,
      finished: report.skipped + report.done,
      failed: report.failed,
    };
  });
  return checkReport(workspace, options, planned, sweeps);
}

/** The C1, C2a and C2b rates of every cell of a map sweep. */
export function mapResult(workspace: Workspace, planned: PlannedCheckSweep, sweepId: number): MapResult {
  const { plan } = planned;
  const stored = workspace.sweepRuns(sweepId);
  const defs = MAP_STATISTICS.map((id) => STATISTICS.find((s) => s.id === id) as StatisticDef);
  const cells = plan.cells.map((cell) => {
    const facts = plan.runs
      .filter((run) => run.cellIndex === cell.index)
      .flatMap((run) => {
        const row = stored.get(run.key);
        const f = row?.status === 'finished' ? runFacts(run.config as RunConfig, row.summary) : null;
        return f ? [f] : [];
      })
      .sort((a, b) => a.seed - b.seed);
    const rates = Object.fromEntries(defs.map((def) => [def.id, measure(def, facts, false, 0).estimate])) as MapCell['rates'];
    return { cellIndex: cell.index, coords: cell.coords, rates };
  });
  return { key: planned.key, purpose: planned.purpose, sweepId, axes: plan.spec.grid.map((axis) => axis.path), cells };
}

/** Measures every statistic over the sweeps' finished runs (also for a check read back later). */
export function checkReport(
  workspace: Workspace,
  options: CheckOptions,
  planned: PlannedCheckSweep[],
  sweeps: CheckSweepResult[],
): CheckReport {
  const factsOf = new Map<string, { facts: RunFacts[]; unreadable: number }>();
  for (const sweep of sweeps) {
    const plan = planned.find((p) => p.key === sweep.key)?.plan;
    if (plan) factsOf.set(sweep.key, sweepFacts(workspace, plan, sweep.sweepId));
  }
  const statistics = STATISTICS.map((def) => {
    const { facts, unreadable } = factsOf.get(def.sweep) ?? { facts: [], unreadable: 0 };
    return measure(def, facts, options.quick, unreadable);
  });
  const claims = CLAIMS.map((claim) => {
    const own = statistics.filter((s) => s.claim === claim.id);
    const verdict: Verdict = own.some((s) => s.verdict === 'fail') ? 'fail' : own.some((s) => s.verdict === 'no data') ? 'no data' : 'pass';
    return { id: claim.id, title: claim.title, verdict, statistics: own.map((s) => s.id) };
  });
  return {
    mode: options.quick ? 'quick' : 'full',
    options,
    sweeps,
    statistics,
    claims,
    whoWinsFit: whoWinsCurve(factsOf.get('who-wins')?.facts ?? []),
    maps: sweeps.flatMap((sweep) => {
      const plan = planned.find((p) => p.key === sweep.key);
      return plan?.role === 'map' ? [mapResult(workspace, plan, sweep.sweepId)] : [];
    }),
    verdict: claims.every((c) => c.verdict === 'pass') ? 'pass' : 'fail',
  };
}
