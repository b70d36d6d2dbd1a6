/**
 * PLACEHOLDER (replaced by the figure-pack work of issue 5 in this same session): the entry
 * points the lab service, the CLI and the lab server call. Signatures are final; bodies are not.
 */
import type { ExportRequestDto, ExportResultDto, FigureInfo } from '../api/lab-api';
import type { Workspace } from '../workspace/workspace';

export interface FigurePackRequest extends ExportRequestDto {
  /** Output folder, or a path ending in `.zip`. */
  out: string;
}

export function standardFigures(): FigureInfo[] {
  return [];
}

export async function exportFigurePack(_workspace: Workspace, _request: FigurePackRequest): Promise<ExportResultDto> {
  throw new Error('figure packs are not implemented yet');
}

export async function importFigurePack(_workspace: Workspace, _packPath: string): Promise<{ runIds: number[]; sweepId: number | null }> {
  throw new Error('figure packs are not implemented yet');
}
