/** Seed bands of a sweep cell as chart lines: the 10-90% band filled, the mean on top. */
import type { BandDto } from '../../../src-main/api/lab-api';
import type { LineSpec } from './line-spec';

export function bandLines(band: BandDto, label: string, colour: string): LineSpec[] {
  return [
    { label: `${label} 10%`, colour, dash: [], xs: band.steps, ys: band.low, width: 0.5, hideInLegend: true },
    { label: `${label} 10-90% band`, colour, dash: [], xs: band.steps, ys: band.high, width: 0.5, fillToPrevious: true },
    { label: `${label} mean`, colour, dash: [], xs: band.steps, ys: band.mean, width: 2 },
  ];
}
