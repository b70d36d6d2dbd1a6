/** Colour of a value on the figure colour maps (the app's own scales, src-main/api/colour-scales.ts). */
import { DIVERGING_STOPS, interpolateStops, MISSING_COLOUR, VIRIDIS_STOPS } from '../api/colour-scales';

export { inkOn } from '../api/colour-scales';

export const MISSING_COLOR = MISSING_COLOUR;

/** The fill for `value` within `domain` on the named map; grey for a missing value. */
export function colorFor(map: 'sequential' | 'diverging', domain: [number, number], value: number | null): string {
  if (value === null || !Number.isFinite(value)) return MISSING_COLOR;
  const t = domain[1] > domain[0] ? (value - domain[0]) / (domain[1] - domain[0]) : 0.5;
  return interpolateStops(map === 'sequential' ? VIRIDIS_STOPS : DIVERGING_STOPS, t);
}
