/**
 * The paper check's figure pack (`modcomp check --out DIR`): the evidence behind every verdict,
 * drawn with the figure-pack machinery. Per claim sweep, the trajectory bundle of gamma over its
 * seeds with the median; per claim, its outcome bars with intervals and thresholds; for C3, the
 * predicted-against-observed curve; per regime map, its phase diagram with the boundaries. The
 * check's report goes beside them (report.json, report.txt), the README carries every caption
 * and manifest.json the sweeps and the SHA-256 of every file. The runs stay in the workspace.
 */
import type { ExportResultDto } from '../api/lab-api';
import type { RunConfig } from '../config/schema';
import { settingsLine } from '../figures/captions';
import type { BuiltFigure } from '../figures/built-figure';
import { claimBarsFigure } from '../figures/check-claim-bars';
import type { CheckContext, RegimeMapInput, TrajectoryInput, WhoWinsInput } from '../figures/check-figure-inputs';
import { regimeMapFigure } from '../figures/check-regime-maps';
import { trajectoryFigure } from '../figures/check-trajectories';
import { whoWinsFigure } from '../figures/check-who-wins';
import { loadSweepSource, type RunData } from '../figures/sources';
import { SCORE_RATIO_MIN, STATISTICS } from '../science/claims';
import { formatCheckReport } from '../science/check-text';
import { checkOverrides, MAP_STATISTICS, planCheck, type CheckReport, type PlannedCheckSweep } from '../science/paper-check';
import { jointLearners, logScoreRatio, runFacts } from '../science/run-facts';
import type { Workspace } from '../workspace/workspace';
import { checkDestination } from './pack-output';
import { writeReportPack, type ReportPackRequest } from './report-pack';

export type CheckPackRequest = ReportPackRequest;

/** The sweep keys whose trajectories are drawn: every claim sweep but who-wins (its own figure). */
const NO_BUNDLE = new Set(['who-wins']);

function checkContext(report: CheckReport): CheckContext {
  const { options } = report;
  return {
    mode: report.mode,
    seeds: options.seeds,
    seedStart: options.seedStart,
    precision: options.precision,
    overrides: checkOverrides(options),
  };
}

function trajectoryInput(sweep: CheckReport['sweeps'][number], runs: RunData[]): TrajectoryInput | null {
  const config = runs[0]?.record.config as RunConfig | undefined;
  if (!config) return null;
  return {
    key: sweep.key,
    purpose: sweep.purpose,
    sweepId: sweep.sweepId,
    K: config.data.K,
    rho: config.model.rho,
    settings: settingsLine(config, runs[0]?.record.backend ?? null, { seed: false }) + `, ${config.train.steps} GD steps`,
    runs: runs.map((run) => ({ seed: run.record.seed, series: run.series })),
  };
}

function whoWinsInput(workspace: Workspace, planned: PlannedCheckSweep, sweepId: number, report: CheckReport): WhoWinsInput {
  const stored = workspace.sweepRuns(sweepId);
  const runs: WhoWinsInput['runs'] = [];
  for (const run of planned.plan.runs) {
    const row = stored.get(run.key);
    const facts = row?.status === 'finished' ? runFacts(run.config as RunConfig, row.summary) : null;
    if (!facts || facts.K !== 2) continue;
    const winners = jointLearners(facts);
    const x = logScoreRatio(facts.scores, 0, 1);
    if (winners.length === 1 && x !== null) runs.push({ x, win: winners[0] === 0, cellIndex: run.cellIndex });
  }
  return {
    sweepId,
    fit: report.whoWinsFit,
    runs,
    scoreRatioMin: SCORE_RATIO_MIN,
    seedsPerCell: planned.plan.seeds.length,
    cells: planned.plan.cells.length,
  };
}

function mapInputs(report: CheckReport, planned: PlannedCheckSweep[]): RegimeMapInput[] {
  const thresholds = Object.fromEntries(
    MAP_STATISTICS.map((id) => {
      const def = STATISTICS.find((s) => s.id === id);
      return [id, def?.kind === 'rate' ? def.threshold : NaN];
    }),
  );
  return report.maps.map((map) => ({ ...map, thresholds, seedsPerCell: planned.find((p) => p.key === map.key)?.plan.seeds.length ?? 0 }));
}

/** Every figure of the check's evidence, in reading order: claims, trajectories, who wins, maps. */
export function checkFigures(workspace: Workspace, report: CheckReport): BuiltFigure[] {
  const context = checkContext(report);
  const planned = planCheck(report.options);
  const figures: BuiltFigure[] = [];
  for (const claim of report.claims) {
    const statistics = report.statistics.filter((s) => claim.statistics.includes(s.id));
    figures.push(claimBarsFigure({ ...claim, statistics }, context));
  }
  for (const sweep of report.sweeps) {
    if (sweep.role !== 'claim' || NO_BUNDLE.has(sweep.key)) continue;
    const input = trajectoryInput(sweep, loadSweepSource(workspace, sweep.sweepId).runs);
    if (input) figures.push(trajectoryFigure(input, context));
  }
  const whoWins = report.sweeps.find((s) => s.key === 'who-wins');
  const whoWinsPlan = planned.find((p) => p.key === 'who-wins');
  if (whoWins && whoWinsPlan) figures.push(whoWinsFigure(whoWinsInput(workspace, whoWinsPlan, whoWins.sweepId, report), context));
  for (const map of mapInputs(report, planned)) figures.push(regimeMapFigure(map, context));
  return figures;
}

/** Refuses an occupied destination; call it before the check trains, so hours are not lost to a typo. */
export function checkPackDestination(out: string): void {
  checkDestination(out);
}

export async function exportCheckPack(workspace: Workspace, report: CheckReport, request: CheckPackRequest): Promise<ExportResultDto> {
  const overrides = checkOverrides(report.options);
  return writeReportPack(workspace, request, {
    figures: checkFigures(workspace, report),
    report,
    reportText: formatCheckReport(report),
    heading: `paper check (${report.mode}), ${report.options.seeds} seeds per claim from seed ${report.options.seedStart}: ${report.verdict === 'pass' ? 'every claim holds' : 'a claim did not hold'}${overrides ? ` (a trial: ${overrides})` : ''}`,
    contents:
      "`report.txt` is the check's report as `modcomp check` prints it, `report.json` the same as JSON. The runs behind the figures stay in the workspace, as the sweeps that `manifest.json` lists by id (open them with `modcomp show` or in the app); this pack holds no run data of its own, so it is not for `modcomp import-pack`.",
    source: { kind: 'check', mode: report.mode, sweeps: report.sweeps.map((s) => ({ key: s.key, sweepId: s.sweepId })) },
  });
}
