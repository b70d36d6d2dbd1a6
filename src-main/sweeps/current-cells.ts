/**
 * A sweep's cells with statistics computed from the runs it holds now: a run deleted since the
 * sweep ran (from the app or `modcomp rm`) is no longer counted, so a cell's run count, its
 * outcome shares and the gap always agree with the list of its runs. Every reader that shows
 * cell statistics (the lab service, figures, the CLI) takes them from here.
 */
import type { CellRecord } from '../workspace/run-types';
import type { Workspace } from '../workspace/workspace';
import { cellStats, parseStoredSummary, type CellRun } from './sweep-stats';

/** Finished runs per cell, with their summaries and outcome settings. */
function finishedRunsByCell(workspace: Workspace, sweepId: number): Map<number, CellRun[]> {
  const byCell = new Map<number, CellRun[]>();
  for (const run of workspace.sweepRuns(sweepId).values()) {
    if (run.status !== 'finished' || run.summary === null) continue;
    const list = byCell.get(run.cellIndex) ?? [];
    list.push({ summary: parseStoredSummary(run.summary), context: run.outcomeContext });
    byCell.set(run.cellIndex, list);
  }
  return byCell;
}

function modalityCount(byCell: Map<number, CellRun[]>): number {
  let K = 1;
  for (const runs of byCell.values()) for (const run of runs) K = Math.max(K, run.context?.K ?? 1);
  return K;
}

/** Every cell of the sweep; `stats` is null for a cell with no finished run. */
export function currentCellTable(workspace: Workspace, sweepId: number): CellRecord[] {
  const byCell = finishedRunsByCell(workspace, sweepId);
  const K = modalityCount(byCell);
  return workspace.cellTable(sweepId).map((cell) => {
    const runs = byCell.get(cell.cellIndex) ?? [];
    return { cellIndex: cell.cellIndex, coords: cell.coords, stats: runs.length === 0 ? null : cellStats(runs, K) };
  });
}

/**
 * Stores the current statistics of these sweeps in the workspace file (after runs were recorded
 * or deleted), so what the file keeps matches its runs too.
 */
export function storeCurrentCellStats(workspace: Workspace, sweepIds: Iterable<number>): void {
  for (const sweepId of new Set(sweepIds)) {
    const table = currentCellTable(workspace, sweepId);
    workspace.setCellStats(
      sweepId,
      table.map((cell) => ({ cellIndex: cell.cellIndex, stats: cell.stats })),
    );
  }
}
