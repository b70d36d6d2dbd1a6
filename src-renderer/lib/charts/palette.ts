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

/** Modality r's colour: the lab's one rule, shared with the exported figures. */
export { modalityColour } from '../../../src-main/api/modality-colours';

/** Dash pattern per mode: solid for the joint run, dashed for unimodal runs. */
export function modeDash(mode: string): number[] {
  return mode === 'joint' ? [] : [6, 4];
}
