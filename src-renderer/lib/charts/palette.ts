/**
 * Okabe-Ito, the colour-blind-safe palette (Okabe & Ito, 2008). Each modality keeps its colour
 * in every chart and view; black is left for overlays (the predicted boundary).
 */
export const OKABE_ITO = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
  black: '#000000',
} as const;

/** Modality r's colour; the order keeps the first two far apart and avoids yellow on white. */
const MODALITY_ORDER = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.orange,
  OKABE_ITO.skyBlue,
  OKABE_ITO.yellow,
];

export function modalityColour(r: number): string {
  const n = MODALITY_ORDER.length;
  return MODALITY_ORDER[((r % n) + n) % n] as string;
}

/** Dash pattern per mode: solid for the joint run, dashed for unimodal runs. */
export function modeDash(mode: string): number[] {
  return mode === 'joint' ? [] : [6, 4];
}
