/**
 * Figure packs: one folder (or .zip) a researcher can drop into a paper repository and rebuild
 * from. Per figure: SVG / PDF / PNG, the tidy CSV behind it and its chart specification; `data/`
 * with everything needed to re-import the runs; `manifest.json` with provenance and a SHA-256 per
 * file; a README with a caption per figure. The CLI, the lab server and the app all call these.
 */
import type { ExportRequestDto, ExportResultDto, FigureInfo } from '../api/lab-api';
import { buildFigures, FigureRequestError, standardFigureInfos } from '../figures/catalog';
import type { BuiltFigure } from '../figures/built-figure';
import { FigureSourceError, loadRunSource, loadSweepSource, type FigureSource } from '../figures/sources';
import type { Workspace } from '../workspace/workspace';
import { packData } from './pack-data';
import { FigurePackError } from './pack-errors';
import { importPack } from './pack-import';
import { checkDestination } from './pack-output';
import { packFormatsAndDpi, type PackFormat } from './pack-options';
import { writeFiguresPack } from './pack-writer';

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

  const runs = source.kind === 'run' ? [source.run] : source.runs;
  return writeFiguresPack(workspace, {
    out: request.out,
    formats,
    dpi,
    figures,
    extra: packData(runs, source.kind === 'sweep' ? source : null),
    heading:
      source.kind === 'run'
        ? `run ${source.run.record.id} (seed ${source.run.record.seed})`
        : `sweep ${source.sweep.id} "${source.sweep.name}" (${source.runs.length} runs)`,
    source:
      source.kind === 'run'
        ? { kind: 'run', runId: source.run.record.id }
        : { kind: 'sweep', sweepId: source.sweep.id, name: source.sweep.name, specHash: source.sweep.specHash },
    runs,
  });
}

export async function importFigurePack(workspace: Workspace, packPath: string): Promise<{ runIds: number[]; sweepId: number | null }> {
  return importPack(workspace, packPath);
}

export { importCheckedPack, loadPack, type CheckedPack } from './pack-import';
