/** Colour of a value on the figure colour maps (see style.ts), and a readable ink on top of it. */
import { DIVERGING_STOPS, SEQUENTIAL_STOPS } from './style';

function rgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hex([r, g, b]: [number, number, number]): string {
  return '#' + [r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0').toUpperCase()).join('');
}

function interpolate(stops: readonly string[], t: number): string {
  const clamped = Math.min(1, Math.max(0, t));
  const position = clamped * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(position));
  const f = position - i;
  const a = rgb(stops[i] as string);
  const b = rgb(stops[i + 1] as string);
  return hex([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]);
}

export const MISSING_COLOR = '#D9D9D9';

/** The fill for `value` within `domain` on the named map; grey for a missing value. */
export function colorFor(map: 'sequential' | 'diverging', domain: [number, number], value: number | null): string {
  if (value === null || !Number.isFinite(value)) return MISSING_COLOR;
  const t = domain[1] > domain[0] ? (value - domain[0]) / (domain[1] - domain[0]) : 0.5;
  return interpolate(map === 'sequential' ? SEQUENTIAL_STOPS : DIVERGING_STOPS, t);
}

/** Black or white, whichever reads better on the fill. */
export function inkOn(fill: string): string {
  const [r, g, b] = rgb(fill);
  const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  return luminance < 0.45 ? '#FFFFFF' : '#000000';
}
