/**
 * The remedy comparison's figure pack (`modcomp compare-remedies --out DIR`, and the app's
 * export of its last comparison): the rescue rate and the gap to the best unimodal net per arm,
 * with their intervals, drawn with the figure-pack machinery. The comparison's report goes
 * beside them (report.json, report.txt), the README carries every caption and manifest.json
 * the sweeps and the SHA-256 of every file. The runs stay in the workspace.
 */
import * as path from 'node:path';
import type { ExportResultDto } from '../api/lab-api';
import type { BuiltFigure } from '../figures/built-figure';
import { gapBarsFigure, rescueBarsFigure, type RemedyComparisonInput } from '../figures/remedy-bars';
import { formatComparisonReport } from '../science/comparison-text';
import { comparisonOverrides, type ComparisonReport } from '../science/remedy-comparison';
import { appVersion } from '../workspace/app-version';
import type { Workspace } from '../workspace/workspace';
import { figureFiles } from './figure-pack';
import { FigurePackError } from './pack-errors';
import { buildManifest, MANIFEST_FILE } from './pack-manifest';
import { DEFAULT_DPI, DPI_RANGE, PACK_FORMATS, type PackFormat } from './pack-options';
import { checkDestination, writePack } from './pack-output';
import { buildReadme } from './pack-readme';

export interface ComparisonPackRequest {
  /** Output folder, or a path ending in `.zip`. */
  out: string;
  formats?: PackFormat[];
  dpi?: number;
}

/** The report in the figures' plain shapes. */
export function comparisonFigureInput(report: ComparisonReport): RemedyComparisonInput {
  const { options } = report;
  return {
    preset: options.preset,
    seeds: options.seeds,
    seedStart: options.seedStart,
    precision: options.precision,
    overrides: comparisonOverrides(options),
    seedsWithLoser: report.seedsWithLoser,
    baselineSeeds: report.baselineSeeds,
    arms: report.arms.map((arm) => ({
      remedy: arm.remedy,
      label: arm.label,
      knob: arm.knob,
      value: JSON.stringify(arm.value),
      sweepId: arm.sweepId,
      runs: arm.runs,
      rescue: arm.rescue,
      gap: arm.gapToBestUnimodal,
    })),
  };
}

export function comparisonFigures(report: ComparisonReport): BuiltFigure[] {
  const input = comparisonFigureInput(report);
  return [rescueBarsFigure(input), gapBarsFigure(input)];
}

function packOptions(request: ComparisonPackRequest): { formats: PackFormat[]; dpi: number } {
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

/** Refuses an occupied destination; call it before the comparison trains, so its hours are not lost to a typo. */
export function comparisonPackDestination(out: string): void {
  checkDestination(out);
}

export async function exportComparisonPack(
  workspace: Workspace,
  report: ComparisonReport,
  request: ComparisonPackRequest,
): Promise<ExportResultDto> {
  const { formats, dpi } = packOptions(request);
  checkDestination(request.out);
  const figures = comparisonFigures(report);
  const files = new Map<string, Buffer>();
  const listed: { name: string; figure: string; title: string; files: string[] }[] = [];
  for (const figure of figures) {
    const own = await figureFiles(figure, formats, dpi);
    for (const [name, bytes] of own) files.set(name, bytes);
    listed.push({ name: figure.spec.name, figure: figure.spec.figure, title: figure.spec.title, files: [...own.keys()] });
  }
  files.set('report.json', Buffer.from(JSON.stringify(report, null, 2) + '\n', 'utf8'));
  files.set('report.txt', Buffer.from(formatComparisonReport(report), 'utf8'));
  const { options } = report;
  const trial = comparisonOverrides(options);
  const heading = `remedy comparison on preset ${options.preset}, ${options.seeds} seeds per arm from seed ${options.seedStart}${trial ? ` (a trial: ${trial})` : ''}`;
  files.set(
    'README.md',
    buildReadme({
      heading,
      appVersion: appVersion(),
      formats,
      dpi,
      figures: figures.map((f, i) => ({ spec: f.spec, files: listed[i]?.files ?? [] })),
      contents:
        '`report.txt` is the comparison as `modcomp compare-remedies` prints it, `report.json` the same as JSON. The runs behind the figures stay in the workspace, as the sweeps that `manifest.json` lists by id (open them with `modcomp show` or in the app); this pack holds no run data of its own, so it is not for `modcomp import-pack`.',
    }),
  );
  files.set(
    MANIFEST_FILE,
    buildManifest({
      exportedAt: new Date(),
      workspace: workspace.file,
      source: { kind: 'remedy-comparison', preset: options.preset, sweeps: report.sweeps },
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
