/**
 * `modcomp import-pack --workspace FILE PACK`: checks a figure pack against its manifest, then
 * re-creates its run(s) (and sweep) in the workspace with the same configs, summaries and series.
 */
import { Command } from 'commander';
import * as path from 'node:path';
import { defaultWorkspacePath } from '../workspace/default-location';
import type { CliIo } from './cli-io';
import { UsageError } from './usage-error';
import { withWorkspace, WORKSPACE_HELP } from './workspace-option';

export async function importPackCommand(pack: string, opts: { workspace?: string; json: boolean }, io: CliIo): Promise<number> {
  const { FigurePackError, importCheckedPack, loadPack } = await import('../export/figure-pack');
  // The pack is read and checked before the workspace is opened: a refused pack (or a path
  // that is not one) leaves no new workspace file behind.
  let checked;
  try {
    checked = await loadPack(path.resolve(pack));
  } catch (err) {
    if (err instanceof FigurePackError) throw new UsageError(err.message);
    throw err;
  }
  return withWorkspace(opts.workspace, 'create', async (ws) => {
    try {
      const result = importCheckedPack(ws, checked);
      if (opts.json) io.out(JSON.stringify(result) + '\n');
      else {
        const runs =
          result.runIds.length === 1
            ? `run ${result.runIds[0]}`
            : `${result.runIds.length} runs (${result.runIds[0]} to ${result.runIds[result.runIds.length - 1]})`;
        io.out(`imported ${runs}${result.sweepId !== null ? ` as sweep ${result.sweepId}` : ''} into ${ws.file}\n`);
      }
      return 0;
    } catch (err) {
      if (err instanceof FigurePackError) throw new UsageError(err.message);
      throw err;
    }
  });
}

const IMPORT_EXAMPLES = `
Examples:
  $ modcomp import-pack --workspace lab.mcl lab-run-12-figures
  $ modcomp import-pack --workspace other.mcl sweep2.zip --json

Every file is checked against the SHA-256 sums in the pack's manifest.json first; a changed file
stops the import before anything is written.`;

export function registerImportCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('import-pack')
    .description('re-create the runs (and sweep) of a figure pack in a workspace, after checking its checksums')
    .argument('<pack>', 'pack folder or .zip')
    .option('--workspace <file>', WORKSPACE_HELP)
    .option('--json', 'print the new run ids (and sweep id) as JSON', false)
    .addHelpText('after', `${IMPORT_EXAMPLES}\n\nDefault workspace: ${defaultWorkspacePath()}`)
    .action(async (pack: string, opts: { workspace?: string; json: boolean }) => setExit(await importPackCommand(pack, opts, io)));
}
