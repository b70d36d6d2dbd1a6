/**
 * Colour scales for the phase diagram. Probabilities use one sequential scale (light yellow to
 * dark blue, monotone in lightness, so it reads with every common colour-vision deficiency);
 * signed values (the gap) use a diverging scale through white
 * from Okabe-Ito blue (negative: joint training better) to vermillion (positive: a unimodal net
 * better). Missing values are grey.
 */
type Rgb = [number, number, number];

const SEQUENTIAL: Rgb[] = [
  [255, 247, 188],
  [199, 233, 180],
  [65, 182, 196],
  [34, 94, 168],
  [8, 29, 88],
];
const DIVERGING: Rgb[] = [
  [0, 114, 178],
  [255, 255, 255],
  [213, 94, 0],
];
export const MISSING_COLOUR = '#d9d9d9';

function hex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

function interpolate(stops: Rgb[], t: number): string {
  const clamped = Math.min(1, Math.max(0, t));
  const position = clamped * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(position));
  const f = position - i;
  const a = stops[i] as Rgb;
  const b = stops[i + 1] as Rgb;
  return hex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
}

/** Colour of a value in [0, 1] (values outside are clamped). */
export function sequentialColour(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return MISSING_COLOUR;
  return interpolate(SEQUENTIAL, value);
}

/** Colour of a signed value on a scale symmetric around 0 reaching +-`limit`. */
export function divergingColour(value: number | null, limit: number): string {
  if (value === null || !Number.isFinite(value)) return MISSING_COLOUR;
  if (!(limit > 0)) return hex(DIVERGING[1] as Rgb);
  return interpolate(DIVERGING, 0.5 + value / (2 * limit));
}

/** Black or white text, whichever reads better on `background` (#rrggbb). */
export function textColourOn(background: string): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(background);
  if (!m) return '#000000';
  const [r, g, b] = [m[1], m[2], m[3]].map((c) => parseInt(c as string, 16) / 255) as [number, number, number];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.5 ? '#000000' : '#ffffff';
}
