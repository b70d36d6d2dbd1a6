/**
 * Figure packs: one folder (or .zip) a researcher can drop into a paper repository and rebuild
 * from. Per figure: SVG / PDF / PNG, the tidy CSV behind it and its chart specification; `data/`
 * with everything needed to re-import the runs; `manifest.json` with provenance and a SHA-256 per
 * file; a README with a caption per figure. The CLI, the lab server and the app all call these.
 */
import * as path from 'node:path';
import type { ExportRequestDto, ExportResultDto, FigureInfo } from '../api/lab-api';
import { buildFigures, FigureRequestError, standardFigureInfos } from '../figures/catalog';
import { toCsv } from '../figures/csv';
import { renderPdf } from '../figures/render-pdf';
import { pngPixels, renderPng } from '../figures/render-png';
import { renderSvg } from '../figures/render-svg';
import type { BuiltFigure } from '../figures/built-figure';
import { FigureSourceError, loadRunSource, loadSweepSource, type FigureSource } from '../figures/sources';
import { appVersion } from '../workspace/app-version';
import type { Workspace } from '../workspace/workspace';
import { packData } from './pack-data';
import { FigurePackError } from './pack-errors';
import { importPack } from './pack-import';
import { buildManifest, MANIFEST_FILE } from './pack-manifest';
import { checkDestination, writePack } from './pack-output';
import { buildReadme } from './pack-readme';
import { DEFAULT_DPI, DPI_RANGE, PACK_FORMATS, packFormatsAndDpi, type PackFormat } from './pack-options';

export { FigurePackError } from './pack-errors';
export { defaultPackPath } from './pack-output';

export interface FigurePackRequest extends ExportRequestDto {
  /** Output folder, or a path ending in `.zip`. */
  out: string;
}

export { DEFAULT_DPI, DPI_RANGE, PACK_FORMATS, type PackFormat } from './pack-options';

export function standardFigures(): FigureInfo[] {
  return standardFigureInfos();
}

function checkRequest(request: FigurePackRequest): { formats: PackFormat[]; dpi: number } {
  if ((request.runId === undefined) === (request.sweepId === undefined))
    throw new FigurePackError('give exactly one of a run id or a sweep id');
  return packFormatsAndDpi(request);
}

function loadSource(workspace: Workspace, request: FigurePackRequest): FigureSource {
  try {
    return request.runId !== undefined ? loadRunSource(workspace, request.runId) : loadSweepSource(workspace, request.sweepId as number);
  } catch (err) {
    if (err instanceof FigureSourceError) throw new FigurePackError(err.message);
    throw err;
  }
}

export async function figureFiles(figure: BuiltFigure, formats: PackFormat[], dpi: number): Promise<Map<string, Buffer>> {
  const { spec, table } = figure;
  const files = new Map<string, Buffer>();
  const svg = renderSvg(spec, table);
  if (formats.includes('svg')) files.set(`${spec.name}.svg`, Buffer.from(svg, 'utf8'));
  if (formats.includes('pdf')) files.set(`${spec.name}.pdf`, await renderPdf(svg, spec.size, spec.title));
  if (formats.includes('png')) files.set(`${spec.name}.png`, renderPng(renderSvg(spec, table, { pixels: pngPixels(spec.size, dpi) })));
  files.set(spec.data.file, Buffer.from(toCsv(table), 'utf8'));
  files.set(`${spec.name}.spec.json`, Buffer.from(JSON.stringify(spec, null, 2) + '\n', 'utf8'));
  return files;
}

export async function exportFigurePack(workspace: Workspace, request: FigurePackRequest): Promise<ExportResultDto> {
  const { formats, dpi } = checkRequest(request);
  const source = loadSource(workspace, request);
  let figures: BuiltFigure[];
  try {
    figures = buildFigures(source, request.figures);
  } catch (err) {
    if (err instanceof FigureRequestError) throw new FigurePackError(err.message);
    throw err;
  }
  // Refuse an occupied destination before the (slow) rendering, and again when writing.
  checkDestination(request.out);

  const files = new Map<string, Buffer>();
  const listed: { name: string; figure: string; title: string; files: string[] }[] = [];
  for (const figure of figures) {
    const own = await figureFiles(figure, formats, dpi);
    for (const [name, bytes] of own) files.set(name, bytes);
    listed.push({ name: figure.spec.name, figure: figure.spec.figure, title: figure.spec.title, files: [...own.keys()] });
  }
  const runs = source.kind === 'run' ? [source.run] : source.runs;
  for (const [name, bytes] of packData(runs, source.kind === 'sweep' ? source : null)) files.set(name, bytes);
  const heading =
    source.kind === 'run'
      ? `run ${source.run.record.id} (seed ${source.run.record.seed})`
      : `sweep ${source.sweep.id} "${source.sweep.name}" (${source.runs.length} runs)`;
  files.set(
    'README.md',
    buildReadme({
      heading,
      appVersion: appVersion(),
      formats,
      dpi,
      figures: figures.map((f, i) => ({ spec: f.spec, files: listed[i]?.files ?? [] })),
    }),
  );
  files.set(
    MANIFEST_FILE,
    buildManifest({
      exportedAt: new Date(),
      workspace: workspace.file,
      source:
        source.kind === 'run'
          ? { kind: 'run', runId: source.run.record.id }
          : { kind: 'sweep', sweepId: source.sweep.id, name: source.sweep.name, specHash: source.sweep.specHash },
      runs,
      figures: listed,
      formats,
      dpi,
      files,
    }),
  );
  writePack(request.out, files);
  return { path: path.resolve(request.out), files: [...files.keys()].sort() };
}

export async function importFigurePack(workspace: Workspace, packPath: string): Promise<{ runIds: number[]; sweepId: number | null }> {
  return importPack(workspace, packPath);
}

export { importCheckedPack, loadPack, type CheckedPack } from './pack-import';
