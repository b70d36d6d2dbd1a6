/** `modcomp show RUN`: one run's record and summary; `modcomp show --sweep ID`: a sweep's cell table. */
import type { RunSummary } from '../runs/run-summary';
import { currentCellTable } from '../sweeps/current-cells';
import { formatSummaryText } from '../runs/summary-text';
import type { RunConfig } from '../config/schema';
import type { CliIo } from './cli-io';
import { formatCellTable } from './cell-table';
import { parseRunId } from './run-id';
import { UsageError } from './usage-error';
import { withWorkspace } from './workspace-option';

export interface ShowOptions {
  workspace?: string;
  sweep?: string;
  json: boolean;
}

export async function showCommand(runText: string | undefined, opts: ShowOptions, io: CliIo): Promise<number> {
  if ((runText === undefined) === (opts.sweep === undefined)) throw new UsageError('show needs a run id, or --sweep ID (not both)');
  if (opts.sweep !== undefined) {
    const sweepId = parseRunId(opts.sweep);
    return withWorkspace(opts.workspace, 'existing', (ws) => {
      const sweep = ws.getSweep(sweepId);
      if (!sweep) throw new UsageError(`workspace ${ws.file} has no sweep ${sweepId}; see \`modcomp list --sweeps\``);
      const table = currentCellTable(ws, sweepId);
      if (opts.json) io.out(JSON.stringify({ ...sweep, counts: ws.countRuns({ sweepId }), cells: table }, null, 2) + '\n');
      else {
        const K = Math.max(1, ...table.map((c) => (c.stats as { soleWinner?: unknown[] } | null)?.soleWinner?.length ?? 0));
        io.out(`sweep ${sweep.id} "${sweep.name}" (${sweep.cellCount} cells x ${sweep.seeds} seeds)\n`);
        io.out(formatCellTable(table, K));
      }
      return 0;
    });
  }
  const id = parseRunId(runText as string);
  return withWorkspace(opts.workspace, 'existing', (ws) => {
    const run = ws.getRun(id);
    if (!run) throw new UsageError(`workspace ${ws.file} has no run ${id}; see \`modcomp list\``);
    if (opts.json) {
      io.out(JSON.stringify(run, null, 2) + '\n');
      return 0;
    }
    io.out(`run ${run.id}: ${run.status}${run.error ? ` (${run.error})` : ''}\n`);
    io.out(`seed ${run.seed}, backend ${run.backend}, lab ${run.appVersion}, config ${run.configHash.slice(0, 12)}\n`);
    io.out(`created ${run.createdAt}${run.finishedAt ? `, ended ${run.finishedAt}` : ''}\n`);
    if (run.tags.length) io.out(`tags: ${run.tags.join(', ')}\n`);
    for (const note of run.notes) io.out(`note (${note.createdAt}): ${note.text}\n`);
    if (run.summary) io.out('\n' + formatSummaryText({ ...(run.summary as Omit<RunSummary, 'config'>), config: run.config as RunConfig }));
    return 0;
  });
}
