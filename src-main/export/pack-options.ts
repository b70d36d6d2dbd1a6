import { FigurePackError } from './pack-errors';

/** The choices a pack request takes (kept apart from the renderers so the CLI can list them cheaply). */
export const PACK_FORMATS = ['svg', 'pdf', 'png'] as const;
export type PackFormat = (typeof PACK_FORMATS)[number];
export const DEFAULT_DPI = 300;
export const DPI_RANGE = { min: 50, max: 1200 } as const;

/**
 * The formats (in PACK_FORMATS order) and dpi a request asks for, defaults filled in; refuses an
 * unknown format, an empty list, a dpi outside DPI_RANGE or a missing destination by name.
 */
export function packFormatsAndDpi(request: { out: string; formats?: PackFormat[]; dpi?: number }): { formats: PackFormat[]; dpi: number } {
  const formats = request.formats ?? [...PACK_FORMATS];
  if (formats.length === 0) throw new FigurePackError(`give at least one format (${PACK_FORMATS.join(', ')})`);
  for (const f of formats)
    if (!PACK_FORMATS.includes(f)) throw new FigurePackError(`unknown format "${f}"; the formats are ${PACK_FORMATS.join(', ')}`);
  const dpi = request.dpi ?? DEFAULT_DPI;
  if (!Number.isInteger(dpi) || dpi < DPI_RANGE.min || dpi > DPI_RANGE.max) {
    throw new FigurePackError(`dpi must be a whole number from ${DPI_RANGE.min} to ${DPI_RANGE.max} (got ${dpi})`);
  }
  if (typeof request.out !== 'string' || request.out.trim() === '') throw new FigurePackError('give the output folder or .zip path');
  return { formats: PACK_FORMATS.filter((f) => formats.includes(f)), dpi };
}
