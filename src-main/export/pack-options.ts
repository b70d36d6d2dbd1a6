/** The choices a pack request takes (kept apart from the renderers so the CLI can list them cheaply). */
export const PACK_FORMATS = ['svg', 'pdf', 'png'] as const;
export type PackFormat = (typeof PACK_FORMATS)[number];
export const DEFAULT_DPI = 300;
export const DPI_RANGE = { min: 50, max: 1200 } as const;
