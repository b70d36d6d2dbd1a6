/**
 * The paper check's figure pack (`modcomp check --out DIR`): the evidence behind every verdict,
 * drawn with the figure-pack machinery. Per claim sweep, the trajectory bundle of gamma over its
 * seeds with the median; per claim, its outcome bars with intervals and thresholds; for C3, the
 * predicted-against-observed curve; per regime map, its phase diagram with the boundaries. The
 * check's report goes beside them (report.json, report.txt), the README carries every caption
 * and manifest.json the sweeps and the SHA-256 of every file. The runs stay in the workspace.
 */
import * as path from 'node:path';
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
import { appVersion } from '../workspace/app-version';
import type { Workspace } from '../workspace/workspace';
import { figureFiles } from './figure-pack';
import { FigurePackError } from './pack-errors';
import { buildManifest, MANIFEST_FILE } from './pack-manifest';
import { DEFAULT_DPI, DPI_RANGE, PACK_FORMATS, type PackFormat } from './pack-options';
import { checkDestination, writePack } from './pack-output';
import { buildReadme } from './pack-readme';

export interface CheckPackRequest {
  /** Output folder, or a path ending in `.zip`. */
  out: string;
  formats?: PackFormat[];
  dpi?: number;
}

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

function checkRequest(request: CheckPackRequest): { formats: PackFormat[]; dpi: number } {
  const formats = request.formats ?? [...PACK_FORMATS];
  if (formats.length === 0) throw new FigurePackError(`give at least one format (${PACK_FORMATS.join(', ')})`);
  for (const f of formats)
    if (!PACK_FORMATS.includes(f)) throw new FigurePackError(`unknown format "${f}"; the formats are ${PACK_FORMATS.join(', ')}`);
  const dpi = request.dpi ?? DEFAULT_DPI;
  if (!Number.isInteger(dpi) || dpi < DPI_RANGE.min || dpi > DPI_RANGE.max)
    throw new FigurePackError(`dpi must be a whole number from ${DPI_RANGE.min} to ${DPI_RANGE.max} (got ${dpi})`);
  if (typeof request.out !== 'string' || request.out.trim() === '') throw new FigurePackError('give the output folder or .zip path');
  return { formats: PACK_FORMATS.filter((f) => formats.includes(f)), dpi };
}

/** Refuses an occupied destination; call it before the check trains, so hours are not lost to a typo. */
export function checkPackDestination(out: string): void {
  checkDestination(out);
}

export async function exportCheckPack(workspace: Workspace, report: CheckReport, request: CheckPackRequest): Promise<ExportResultDto> {
  const { formats, dpi } = checkRequest(request);
  checkDestination(request.out);
  const figures = checkFigures(workspace, report);
  const files = new Map<string, Buffer>();
  const listed: { name: string; figure: string; title: string; files: string[] }[] = [];
  for (const figure of figures) {
    const own = await figureFiles(figure, formats, dpi);
    for (const [name, bytes] of own) files.set(name, bytes);
    listed.push({ name: figure.spec.name, figure: figure.spec.figure, title: figure.spec.title, files: [...own.keys()] });
  }
  files.set('report.json', Buffer.from(JSON.stringify(report, null, 2) + '\n', 'utf8'));
  files.set('report.txt', Buffer.from(formatCheckReport(report), 'utf8'));
  const overrides = checkOverrides(report.options);
  const heading = `paper check (${report.mode}), ${report.options.seeds} seeds per claim from seed ${report.options.seedStart}: ${report.verdict === 'pass' ? 'every claim holds' : 'a claim did not hold'}${overrides ? ` (a trial: ${overrides})` : ''}`;
  files.set(
    'README.md',
    buildReadme({
      heading,
      appVersion: appVersion(),
      formats,
      dpi,
      figures: figures.map((f, i) => ({ spec: f.spec, files: listed[i]?.files ?? [] })),
      contents:
        "`report.txt` is the check's report as `modcomp check` prints it, `report.json` the same as JSON. The runs behind the figures stay in the workspace, as the sweeps that `manifest.json` lists by id (open them with `modcomp show` or in the app); this pack holds no run data of its own, so it is not for `modcomp import-pack`.",
    }),
  );
  files.set(
    MANIFEST_FILE,
    buildManifest({
      exportedAt: new Date(),
      workspace: workspace.file,
      source: { kind: 'check', mode: report.mode, sweeps: report.sweeps.map((s) => ({ key: s.key, sweepId: s.sweepId })) },
      runs: [],
      figures: listed,
      formats,
      dpi,
      files,
    }),
  );
  writePack(request.out, files);
  return { path: path.resolve(request.out), files: [...files.keys()].sort() };
}
