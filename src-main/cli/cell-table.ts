/**
 * The per-cell sweep table as text: coordinates, runs, the share of each exclusive outcome of the
 * joint run and of each modality as the sole winner (each with its Wilson 95% interval), the
 * heuristic's prediction, and the gap in percentage points (as the app shows it).
 */
import type { CellRecord } from '../workspace/run-types';
import { JOINT_OUTCOME_KINDS, JOINT_OUTCOME_LABELS } from '../runs/run-outcome';
import type { CellStats, Interval } from '../sweeps/sweep-stats';

const fmt = (v: number | null | undefined, digits = 3): string => (typeof v === 'number' ? v.toFixed(digits) : '-');
const points = (v: number | null | undefined): string => (typeof v === 'number' ? `${v >= 0 ? '+' : ''}${(v * 100).toFixed(1)}` : '-');
const share = (w: Interval | undefined): string => (w ? `${fmt(w.p, 2)} [${fmt(w.low, 2)},${fmt(w.high, 2)}]` : '-');

export function formatCellTable(cells: CellRecord[], K: number): string {
  const lines: string[] = [];
  const coordNames = Object.keys(cells[0]?.coords ?? {});
  const header = [
    ...coordNames,
    'runs',
    ...JOINT_OUTCOME_KINDS.map((kind) => `P(${kind}) [95% CI]`),
    ...Array.from({ length: K }, (_, r) => `P(sole ${r}) [95% CI]`),
    'predicted',
    'gap mean±sd (points)',
  ];
  lines.push(header.join('\t'));
  for (const cell of cells) {
    const stats = cell.stats as CellStats | null;
    const coords = coordNames.map((n) => JSON.stringify(cell.coords[n]));
    if (!stats) {
      lines.push([...coords, '0', 'no finished runs'].join('\t'));
      continue;
    }
    const outcomes = JOINT_OUTCOME_KINDS.map((kind) => share(stats.outcome?.[kind]));
    const sole = Array.from({ length: K }, (_, r) => share(stats.soleWinner?.[r]));
    const predicted =
      stats.predictedWinner.modality === null ? '-' : `${stats.predictedWinner.modality} (${fmt(stats.predictedWinner.share, 2)})`;
    const gap = `${points(stats.gap.mean)}±${stats.gap.sd === null ? '-' : (stats.gap.sd * 100).toFixed(1)}`;
    lines.push([...coords, String(stats.runs), ...outcomes, ...sole, predicted, gap].join('\t'));
  }
  lines.push(`outcomes: ${JOINT_OUTCOME_KINDS.map((kind) => `${kind} = ${JOINT_OUTCOME_LABELS[kind]}`).join('; ')}`);
  return lines.join('\n') + '\n';
}
