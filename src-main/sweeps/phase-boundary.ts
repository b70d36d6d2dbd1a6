/**
 * The theory's predicted phase boundary of a sweep, as the edges between neighbouring grid cells
 * whose predicted winners differ. Cells are neighbours when their coordinates differ in exactly
 * one swept setting, by one step along that setting's grid. Returning cell pairs (not pixels)
 * lets the heatmap in the app and the exported figure each draw the edge in their own geometry.
 */
import { canonicalJson } from '../config/hash';

export interface BoundaryCell {
  cellIndex: number;
  coords: Record<string, unknown>;
  /** CellStats (sweeps/sweep-stats.ts) or null before any run of the cell finished. */
  stats: unknown;
}

function predictedModality(stats: unknown): number | null {
  const predicted = (stats as { predictedWinner?: { modality?: unknown } } | null)?.predictedWinner;
  return typeof predicted?.modality === 'number' ? predicted.modality : null;
}

/** Position of each cell's value along each axis, in the order the grid first lists it. */
function gridPositions(cells: BoundaryCell[], axes: string[]): number[][] {
  const orders = axes.map(() => new Map<string, number>());
  return cells.map((cell) =>
    axes.map((axis, a) => {
      const key = canonicalJson(cell.coords[axis] ?? null);
      const order = orders[a]!;
      if (!order.has(key)) order.set(key, order.size);
      return order.get(key)!;
    }),
  );
}

export function predictedBoundary(cells: BoundaryCell[], axes: string[]): [number, number][] {
  const positions = gridPositions(cells, axes);
  const byPosition = new Map<string, number>();
  positions.forEach((position, i) => byPosition.set(position.join(','), i));
  const pairs: [number, number][] = [];
  cells.forEach((cell, i) => {
    const winner = predictedModality(cell.stats);
    if (winner === null) return;
    // Look one step forward along each axis only, so every neighbouring pair is seen once.
    axes.forEach((_, a) => {
      const next = [...positions[i]!];
      next[a]! += 1;
      const j = byPosition.get(next.join(','));
      if (j === undefined) return;
      const other = predictedModality(cells[j]!.stats);
      if (other === null || other === winner) return;
      const [lo, hi] = [cell.cellIndex, cells[j]!.cellIndex].sort((x, y) => x - y) as [number, number];
      pairs.push([lo, hi]);
    });
  });
  return pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}
