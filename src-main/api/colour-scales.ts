/**
 * The lab's colour scales, one per meaning, shared by the app's charts and the exported figures
 * so a colour means the same on screen and on paper:
 *
 * - modality r: Okabe-Ito (modality-colours.ts), blue and vermillion for the common K = 2;
 * - a share or probability (0 to 1): viridis, monotone in lightness and readable in grey;
 * - a signed value (an alignment, the gap): purple through near-white to green (ColorBrewer
 *   PRGn), chosen because neither end looks like the blue or vermillion of modalities 0 and 1;
 * - an outcome category of the joint run: four colours from Paul Tol's muted scheme, again away
 *   from the first two modality colours.
 *
 * Every palette here is safe under the common colour-vision deficiencies. Values and pure
 * functions only, no imports: the renderer may import this file (tests/architecture checks it).
 */

/** Viridis at ten evenly spaced points, 0 (dark purple) to 1 (yellow). */
export const VIRIDIS_STOPS = [
  '#440154',
  '#482878',
  '#3E4989',
  '#31688E',
  '#26828E',
  '#1F9E89',
  '#35B779',
  '#6ECE58',
  '#B5DE2B',
  '#FDE725',
] as const;

/** ColorBrewer PRGn (7 classes): negative purple, zero near-white, positive green. */
export const DIVERGING_STOPS = ['#762A83', '#AF8DC3', '#E7D4E8', '#F7F7F7', '#D9F0D3', '#7FBF7B', '#1B7837'] as const;

/** Colour of each outcome of the joint run (keys as in runs/run-outcome.ts). */
export const OUTCOME_COLOURS = {
  one: '#882255',
  several: '#DDCC77',
  split: '#44AA99',
  none: '#BBBBBB',
} as const;

/** A cell or value with nothing to show. */
export const MISSING_COLOUR = '#D9D9D9';

function channels(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex(rgb: [number, number, number]): string {
  return '#' + rgb.map((c) => Math.round(c).toString(16).padStart(2, '0').toUpperCase()).join('');
}

/** The colour at `t` in [0, 1] (clamped) along evenly spaced stops, interpolated in RGB. */
export function interpolateStops(stops: readonly string[], t: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const position = clamped * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(position));
  const f = position - i;
  const a = channels(stops[i] as string);
  const b = channels(stops[i + 1] as string);
  return toHex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
}

/** Viridis colour of a share in [0, 1]; grey when missing. */
export function sequentialColour(value: number | null): string {
  return value === null || !Number.isFinite(value) ? MISSING_COLOUR : interpolateStops(VIRIDIS_STOPS, value);
}

/** Diverging colour of a signed value on a scale symmetric around 0 reaching +-`limit`; grey when missing. */
export function divergingColour(value: number | null, limit: number): string {
  if (value === null || !Number.isFinite(value)) return MISSING_COLOUR;
  if (!(limit > 0)) return DIVERGING_STOPS[3];
  return interpolateStops(DIVERGING_STOPS, 0.5 + value / (2 * limit));
}

/** Relative luminance (0 black to 1 white) of a #rrggbb colour. */
export function luminance(hex: string): number {
  const [r, g, b] = channels(hex);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** Black or white, whichever reads better on `background`. */
export function inkOn(background: string): string {
  return /^#[0-9a-f]{6}$/i.test(background) && luminance(background) < 0.5 ? '#FFFFFF' : '#000000';
}
