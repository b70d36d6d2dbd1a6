/** `modcomp show RUN`: one run's record and summary; `modcomp show --sweep ID`: a sweep's cell table. */
import { z } from 'zod';
import type { RunSummary } from '../runs/run-summary';
import { currentCellTable } from '../sweeps/current-cells';
import { formatSummaryText } from '../runs/summary-text';
import type { RunConfig } from '../config/schema';
import type { CliIo } from './cli-io';
import { formatCellTable } from './cell-table';
import { parseRunId } from './run-id';
import { UsageError } from './usage-error';
import { withWorkspace } from './workspace-option';
import type { RunRecord } from '../workspace/run-types';
import { storedSummarySchema } from '../workspace/summary-schema';

/** The parts of a run's configuration the summary text reads. */
const printedConfigSchema = z.looseObject({
  data: z.looseObject({ K: z.number().int().min(1).max(64) }),
  model: z.looseObject({ rho: z.number() }),
  precision: z.string(),
});

/**
 * The summary text of a run read back from the file. The summary and the parts of the
 * configuration the text reads are checked first, so a damaged row is named in a sentence
 * instead of failing as an internal error half-way through the printout.
 */
function summaryText(file: string, run: RunRecord): string {
  for (const [what, parsed] of [
    ['summary', storedSummarySchema.safeParse(run.summary)],
    ['configuration', printedConfigSchema.safeParse(run.config)],
  ] as const) {
    if (parsed.success) continue;
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `workspace ${file}: run ${run.id}'s ${what} is damaged (${issue?.path.join('.') || what}: ${issue?.message ?? 'invalid'}); ` +
        `see it as stored with \`modcomp show ${run.id} --json\`, delete the run with \`modcomp rm\` or restore a backup`,
    );
  }
  return formatSummaryText({ ...(run.summary as Omit<RunSummary, 'config'>), config: run.config as RunConfig });
}

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
    // Checked before anything is printed, so a refusal is the command's only output.
    const summary = run.summary ? summaryText(ws.file, run) : null;
    io.out(`run ${run.id}: ${run.status}${run.error ? ` (${run.error})` : ''}\n`);
    io.out(`seed ${run.seed}, backend ${run.backend}, lab ${run.appVersion}, config ${run.configHash.slice(0, 12)}\n`);
    io.out(`created ${run.createdAt}${run.finishedAt ? `, ended ${run.finishedAt}` : ''}\n`);
    if (run.tags.length) io.out(`tags: ${run.tags.join(', ')}\n`);
    for (const note of run.notes) io.out(`note (${note.createdAt}): ${note.text}\n`);
    if (summary) io.out('\n' + summary);
    return 0;
  });
}
