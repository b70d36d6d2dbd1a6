/**
 * `modcomp rm RUN...`: deletes runs with their series, tags and notes. It asks first on a
 * terminal; `--yes` skips the question; without a terminal and without --yes it refuses, so a
 * script never deletes by accident.
 */
import { storeCurrentCellStats } from '../sweeps/current-cells';
import type { CliIo } from './cli-io';
import { parseRunId } from './run-id';
import { UsageError } from './usage-error';
import { withWorkspace } from './workspace-option';

export async function rmCommand(runTexts: string[], opts: { workspace?: string; yes: boolean; json: boolean }, io: CliIo): Promise<number> {
  const ids = [...new Set(runTexts.map(parseRunId))];
  return withWorkspace(opts.workspace, 'existing', async (ws) => {
    const missing = ids.filter((id) => !ws.getRun(id));
    if (missing.length) throw new UsageError(`workspace ${ws.file} has no run ${missing.join(', ')}; nothing was deleted`);
    if (!opts.yes) {
      if (!io.confirm) throw new UsageError('rm deletes runs for good: add --yes to confirm (no terminal to ask on); nothing was deleted');
      const ok = await io.confirm(
        `delete ${ids.length === 1 ? `run ${ids[0]}` : `${ids.length} runs (${ids.join(', ')})`} from ${ws.file}?`,
      );
      if (!ok) {
        io.err('modcomp: nothing was deleted\n');
        return 1;
      }
    }
    const sweeps = ids.flatMap((id) => ws.getRun(id)?.sweepId ?? []);
    const deleted = ws.deleteRuns(ids);
    // The sweeps these runs belonged to keep statistics over the runs they still hold.
    storeCurrentCellStats(ws, sweeps);
    io.out(opts.json ? JSON.stringify({ deleted: ids }) + '\n' : `deleted ${deleted} run${deleted === 1 ? '' : 's'}\n`);
    return 0;
  });
}
