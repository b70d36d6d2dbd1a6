/**
 * What the figure builders draw from: one run (config, summary, series per mode) or one sweep
 * (spec, cells with statistics, the predicted boundary, and every run with its series), read from
 * a workspace. Builders never touch the workspace themselves, so a re-imported pack or a test can
 * hand them the same shapes.
 */
import { compareModes } from '../engine/mode-order';
import type { NativeSeries } from '../engine/native-types';
import { currentCellTable } from '../sweeps/current-cells';
import { predictedBoundary } from '../sweeps/phase-boundary';
import { storedSweepAxes } from '../sweeps/sweep-spec';
import type { CellRecord, RunRecord, SweepRecord } from '../workspace/run-types';
import type { Workspace } from '../workspace/workspace';

export class FigureSourceError extends Error {
  override name = 'FigureSourceError';
}

export interface RunData {
  record: RunRecord;
  /** Per mode, in display order: joint first, then unimodal:0, unimodal:1, ... */
  series: Map<string, NativeSeries>;
}

export interface RunSource {
  kind: 'run';
  run: RunData;
}

export interface SweepSource {
  kind: 'sweep';
  sweep: SweepRecord;
  /** The swept settings, in grid order. */
  axes: string[];
  cells: CellRecord[];
  boundary: [number, number][];
  /** Every run of the sweep, by id. */
  runs: RunData[];
}

export type FigureSource = RunSource | SweepSource;

function orderedSeries(series: Map<string, NativeSeries>): Map<string, NativeSeries> {
  return new Map([...series.entries()].sort(([a], [b]) => compareModes(a, b)));
}

function runData(workspace: Workspace, id: number): RunData {
  const record = workspace.getRun(id);
  if (!record) throw new FigureSourceError(`workspace ${workspace.file} has no run ${id}; see \`modcomp list\``);
  return { record, series: orderedSeries(workspace.getSeries(id)) };
}

export function loadRunSource(workspace: Workspace, id: number): RunSource {
  const run = runData(workspace, id);
  if (run.record.status === 'queued' || run.record.status === 'running') {
    throw new FigureSourceError(`run ${id} is still ${run.record.status}; export it once it has ended`);
  }
  if (run.series.size === 0) throw new FigureSourceError(`run ${id} has no recorded metrics to draw (status ${run.record.status})`);
  return { kind: 'run', run };
}

export function loadSweepSource(workspace: Workspace, id: number): SweepSource {
  const sweep = workspace.getSweep(id);
  if (!sweep) throw new FigureSourceError(`workspace ${workspace.file} has no sweep ${id}; see \`modcomp list --sweeps\``);
  const cells = currentCellTable(workspace, id);
  const axes = storedSweepAxes(sweep.spec, () => cells[0]?.coords);
  // Only finished runs are drawn, so only they are loaded (with their series).
  const ids = [...workspace.sweepRuns(id).values()]
    .filter((r) => r.status === 'finished')
    .map((r) => r.id)
    .sort((a, b) => a - b);
  const runs = ids.map((runId) => runData(workspace, runId));
  return { kind: 'sweep', sweep, axes, cells, boundary: predictedBoundary(cells, axes), runs };
}
