/** The per-cell sweep table as text: coordinates, P(win) per modality with its interval, gap. */
import type { CellRecord } from '../workspace/run-types';
import type { CellStats } from '../sweeps/sweep-stats';

const fmt = (v: number | null | undefined, digits = 3): string => (typeof v === 'number' ? v.toFixed(digits) : '-');

export function formatCellTable(cells: CellRecord[], K: number): string {
  const lines: string[] = [];
  const coordNames = Object.keys(cells[0]?.coords ?? {});
  const header = [...coordNames, 'runs', ...Array.from({ length: K }, (_, r) => `P(win ${r}) [95% CI]`), 'predicted', 'gap mean±sd'];
  lines.push(header.join('\t'));
  for (const cell of cells) {
    const stats = cell.stats as CellStats | null;
    const coords = coordNames.map((n) => JSON.stringify(cell.coords[n]));
    if (!stats) {
      lines.push([...coords, 'incomplete'].join('\t'));
      continue;
    }
    const wins = stats.winProbability.map((w) => `${fmt(w.p, 2)} [${fmt(w.low, 2)},${fmt(w.high, 2)}]`);
    const predicted = stats.predictedWinner.modality === null ? '-' : `${stats.predictedWinner.modality} (${fmt(stats.predictedWinner.share, 2)})`;
    lines.push([...coords, String(stats.runs), ...wins, predicted, `${fmt(stats.gap.mean)}±${fmt(stats.gap.sd)}`].join('\t'));
  }
  return lines.join('\n') + '\n';
}
