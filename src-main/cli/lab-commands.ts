/** The workspace commands: sweep, list, show, tag, note, rm (registered on the `modcomp` program). */
import { Command, InvalidArgumentError } from 'commander';
import type { CliIo } from './cli-io';
import { noteCommand, tagCommand } from './annotate-commands';
import { listCommand, type ListOptions } from './list-command';
import { rmCommand } from './rm-command';
import { showCommand, type ShowOptions } from './show-command';
import { sweepCommand, type SweepOptions } from './sweep-command';
import { defaultWorkspacePath } from '../workspace/default-location';
import { WORKSPACE_HELP } from './workspace-option';

function count(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} needs a non-negative integer`);
    return Number(value);
  };
}

const SWEEP_EXAMPLES = `
Examples:
  $ modcomp sweep mu-grid.json --workspace lab.mcl
  $ modcomp sweep mu-grid.json --workspace lab.mcl --resume      continue after a crash or Ctrl-C
  $ modcomp sweep mu-grid.json --json > table.json
  $ modcomp sweep mu-grid.json --workspace lab.mcl --queue redis://queue-host:6379
                                  trained by \`modcomp worker --queue redis://queue-host:6379\` processes

A spec is JSON:
  {
    "name": "mu_1 x n",
    "base": { "preset": "quick", "config": { "train": { "steps": 500 } }, "set": ["data.P=1"] },
    "grid": [
      { "path": "data.mu", "values": [[0.3, 0.05], [0.05, 0.3]] },
      { "path": "data.n", "from": 20, "to": 200, "count": 5, "spacing": "log" }
    ],
    "seeds": 8,                 (or { "count": 8, "start": 100 })
    "runsPerBatch": 64,         (runs trained together in one engine call)
    "seriesPoints": 16          (records kept per mode and run; sweeps store downsampled series)
  }
Per cell the table gives P(modality r wins) (its joint gamma crossed rho) with a Wilson 95%
interval, the heuristic's predicted winner (majority), and the gap's mean and sd.`;

const LIST_EXAMPLES = `
Examples:
  $ modcomp list
  $ modcomp list --workspace lab.mcl --status failed
  $ modcomp list --sweeps --json
  $ modcomp list --sweep 2 --tag keep`;

const SHOW_EXAMPLES = `
Examples:
  $ modcomp show 12
  $ modcomp show 12 --json
  $ modcomp show --sweep 2 --workspace lab.mcl     the sweep's per-cell table`;

const TAG_EXAMPLES = `
Examples:
  $ modcomp tag 12 baseline keep
  $ modcomp tag 12 keep --remove`;

const NOTE_EXAMPLES = `
Examples:
  $ modcomp note 12 "modality 1 won although the heuristic said 0"`;

const RM_EXAMPLES = `
Examples:
  $ modcomp rm 12             asks before deleting (on a terminal)
  $ modcomp rm 12 13 --yes    no question (needed in scripts: without a terminal rm refuses)`;

export function registerLabCommands(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const before = new Set(program.commands);
  program
    .command('sweep')
    .description('train a grid of settings x seeds in batches and record the per-cell competition statistics')
    .argument('<spec>', 'sweep spec JSON file')
    .option('--workspace <file>', WORKSPACE_HELP)
    .option('--resume', 'continue a sweep this workspace already holds, skipping finished runs', false)
    .option('--threads <n>', 'native worker threads (0 = every core)', count('--threads'))
    .option(
      '--queue <url>',
      'send the batches to this Redis queue (redis://[:password@]host:port[/db] or rediss://...) for `modcomp worker` processes to train',
    )
    .option('--json', 'print the report and per-cell table as JSON', false)
    .addHelpText('after', SWEEP_EXAMPLES)
    .action(async (spec: string, opts: SweepOptions) => setExit(await sweepCommand(spec, opts, io)));

  program
    .command('list')
    .description('list the runs (or sweeps) recorded in a workspace')
    .option('--workspace <file>', WORKSPACE_HELP)
    .option('--sweeps', 'list sweeps instead of runs', false)
    .option('--sweep <id>', 'only the runs of this sweep')
    .option('--status <status>', 'only runs with this status (queued, running, finished, failed, cancelled, interrupted)')
    .option('--tag <tag>', 'only runs with this tag')
    .option('--experiment <name>', 'only runs recorded with `run --experiment NAME`')
    .option('--limit <n>', 'at most this many runs', count('--limit'))
    .option('--json', 'print JSON', false)
    .addHelpText('after', LIST_EXAMPLES)
    .action(async (opts: ListOptions) => setExit(await listCommand(opts, io)));

  program
    .command('show')
    .description("show one run's record and summary, or a sweep's per-cell table")
    .argument('[run]', 'run id (see `modcomp list`)')
    .option('--sweep <id>', 'show this sweep instead of a run')
    .option('--workspace <file>', WORKSPACE_HELP)
    .option('--json', 'print JSON', false)
    .addHelpText('after', SHOW_EXAMPLES)
    .action(async (run: string | undefined, opts: ShowOptions) => setExit(await showCommand(run, opts, io)));

  program
    .command('tag')
    .description('add tags to a run (or remove them with --remove)')
    .argument('<run>', 'run id')
    .argument('<tags...>', 'one or more tags')
    .option('--remove', 'remove these tags instead', false)
    .option('--workspace <file>', WORKSPACE_HELP)
    .option('--json', 'print JSON', false)
    .addHelpText('after', TAG_EXAMPLES)
    .action(async (run: string, tags: string[], opts: { workspace?: string; remove: boolean; json: boolean }) =>
      setExit(await tagCommand(run, tags, opts, io)),
    );

  program
    .command('note')
    .description('attach a note to a run')
    .argument('<run>', 'run id')
    .argument('<text>', 'the note')
    .option('--workspace <file>', WORKSPACE_HELP)
    .option('--json', 'print JSON', false)
    .addHelpText('after', NOTE_EXAMPLES)
    .action(async (run: string, text: string, opts: { workspace?: string; json: boolean }) =>
      setExit(await noteCommand(run, text, opts, io)),
    );

  program
    .command('rm')
    .description('delete runs (with their series, tags and notes); asks first unless --yes')
    .argument('<runs...>', 'run ids')
    .option('--yes', 'delete without asking', false)
    .option('--workspace <file>', WORKSPACE_HELP)
    .option('--json', 'print JSON', false)
    .addHelpText('after', RM_EXAMPLES)
    .action(async (runs: string[], opts: { workspace?: string; yes: boolean; json: boolean }) => setExit(await rmCommand(runs, opts, io)));

  // Long paths wrap inside the options column, so the default is also named on its own line.
  for (const command of program.commands) {
    if (!before.has(command)) command.addHelpText('after', `\nDefault workspace: ${defaultWorkspacePath()}`);
  }
}
