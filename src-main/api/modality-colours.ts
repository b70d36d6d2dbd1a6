/**
 * The one colour rule of the lab, shared by the app's charts and the exported figures so a
 * modality looks the same on screen and in the paper: Okabe & Ito's colour-blind-safe palette,
 * modality r taking entry r (cycling past seven). Blue and vermillion come first because the
 * two-modality case is the common one and they stay distinct under every common colour-vision
 * deficiency; yellow comes last because it is faint on white.
 *
 * Values only and no imports: the renderer may import this file (tests/architecture checks it).
 */
export const MODALITY_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442'] as const;

export function modalityColour(r: number): string {
  const n = MODALITY_COLOURS.length;
  return MODALITY_COLOURS[((r % n) + n) % n] as string;
}
