/**
 * The `modcomp` command line. `bin/modcomp.js` calls main(process.argv.slice(2)) and exits with
 * the returned code: 0 success, 1 internal failure, 2 bad input (one `modcomp: ...` line on
 * stderr, never a stack trace), 130 cancelled by Ctrl-C.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { processIo, type CliIo } from './cli-io';
import { runCommand, type RunOptions } from './run-command';
import { configCommand, type ConfigOptions } from './config-command';
import { presetsCommand } from './presets-command';
import { describeFailure } from './usage-error';
import { registerLabCommands } from './lab-commands';
import { registerServeCommand } from './serve-command';
import { registerExportCommand } from './export-command';
import { registerImportCommand } from './import-command';
import { registerCheckCommand } from './check-command';
import { registerCompareRemediesCommand } from './compare-remedies-command';
import { registerWorkerCommand } from './worker-command';
import { defaultWorkspacePath } from '../workspace/default-location';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function integerOption(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} needs a non-negative integer`);
    return Number(value);
  };
}

const RUN_EXAMPLES = `
Examples:
  $ modcomp run --preset competition
  $ modcomp run --preset quick --json > summary.json
  $ modcomp run my-config.json --set data.mu=[0.3,0.05] --set train.steps=2000
  $ modcomp run --preset quick --backend reference --precision f64 --trace trace.csv
  $ modcomp run --data mydata.npz --init w0.npz --save-weights final.npz
  $ modcomp run --preset quick --workspace lab.mcl      record it; then \`modcomp list --workspace lab.mcl\`

Settings merge in this order: defaults < --preset < config file < --set < --backend/--precision
< the sizes of a --data file. See \`modcomp config\` for every setting, its default and range.`;

const CONFIG_EXAMPLES = `
Examples:
  $ modcomp config                      the settings table (defaults, ranges, units, help)
  $ modcomp config --markdown           the same table as Markdown (the science page's table)
  $ modcomp config --json               the table as JSON (for tools and UIs)
  $ modcomp config --preset quick --set data.n=100     the resolved configuration and its hash`;

const PRESETS_EXAMPLES = `
Examples:
  $ modcomp presets
  $ modcomp presets --json`;

const BENCH_EXAMPLES = `
Examples:
  $ modcomp bench
  $ modcomp bench --case paper-single --case sweep --json
  $ modcomp bench --case large --steps 5 --threads 2`;

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('modcomp')
    .description('Modality Competition Lab: watch modalities compete in jointly trained late-fusion networks.')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      outputError: (text, write) => write(`modcomp: ${text.replace(/^error: /, '').trim()}\n`),
    })
    .addHelpText('after', `\nRun \`modcomp <command> --help\` for a command's options and examples.`);

  program
    .command('run')
    .description('train the joint and unimodal networks on one data draw and summarise the competition')
    .argument('[config]', 'JSON config file (any subset of the settings)')
    .option('--preset <name>', 'start from a named preset (see `modcomp presets`)')
    .option('--set <key=value>', 'set one setting; the value is JSON where it parses (repeatable)', collect, [])
    .addOption(new Option('--backend <engine>', 'engine to train with').choices(['auto', 'cpu', 'reference', 'cuda']))
    .addOption(new Option('--precision <p>', 'floating-point precision').choices(['f32', 'f64', 'tf32']))
    .option('--threads <n>', 'native worker threads (0 = every core; results do not depend on it)', integerOption('--threads'))
    .option('--data <file.npz>', 'import the dataset (y_train, y_test, X{r}_train, X{r}_test, optional v{r})')
    .option('--init <file.npz>', 'import the initial weights W{r} of shape (m, d)')
    .option('--save-weights <file.npz>', 'write the final weights (joint_W{r}, unimodal{r}_W{r})')
    .option('--trace <file.csv>', 'write every recorded metric as a tidy CSV (one row per mode and step)')
    .option('--json', 'print one JSON summary instead of the text summary', false)
    .option(
      '--workspace <file>',
      `record the run in this workspace file (without it nothing is recorded; the lab's default is ${defaultWorkspacePath()})`,
    )
    .option('--experiment <name>', 'with --workspace: group the recorded run under this experiment name')
    .addHelpText('after', RUN_EXAMPLES)
    .action(async (config: string | undefined, opts: RunOptions) => setExit(await runCommand(config, opts, io)));

  program
    .command('presets')
    .description('list the named presets and what each shows')
    .option('--json', 'print them as JSON (with their settings)', false)
    .addHelpText('after', PRESETS_EXAMPLES)
    .action((opts: { json: boolean }) => setExit(presetsCommand(opts, io)));

  program
    .command('config')
    .description('print the settings table, or the resolved configuration of a preset/file/--set')
    .argument('[config]', 'JSON config file to resolve')
    .option('--preset <name>', 'resolve this preset')
    .option('--set <key=value>', 'set one setting (repeatable)', collect, [])
    .option('--markdown', 'print the settings table as Markdown', false)
    .option('--json', 'print the settings table (or the resolved configuration) as JSON', false)
    .addHelpText('after', CONFIG_EXAMPLES)
    .action((config: string | undefined, opts: ConfigOptions) => setExit(configCommand(config, opts, io)));

  program
    .command('bench')
    .description("time the native engine against its Python peers (NumPy, Numba, PyTorch where present) and the machine's sgemm rate")
    .option('--case <name>', 'paper-single, sweep or large (repeatable; default: the default cases)', collect, [])
    .option(
      '--peer <id>',
      'numpy, numexpr, numba or torch (repeatable; default: every peer, each skipped with its reason where missing)',
      collect,
      [],
    )
    .option('--backend <engine>', 'native backend to time', 'auto')
    .option('--steps <n>', 'timed gradient steps per case', integerOption('--steps'))
    .option('--threads <n>', 'threads for every engine (0 = every core)', integerOption('--threads'))
    .option('--repeats <n>', 'rounds per case, the engines taking turns (the best round counts)', integerOption('--repeats'))
    .option('--no-history', 'do not append the table to the bench history file')
    .option('--json', 'print one JSON object per case', false)
    .addHelpText('after', BENCH_EXAMPLES)
    .action(
      async (opts: {
        case: string[];
        peer: string[];
        backend: string;
        steps?: number;
        threads?: number;
        repeats?: number;
        history: boolean;
        json: boolean;
      }) => {
        // Loaded on demand: the benchmark pulls in modules the other commands never need.
        const { runBenchCommand } = await import('../bench');
        const split = (values: string[]): string[] => values.flatMap((c) => c.split(',')).filter((c) => c.length > 0);
        setExit(
          await runBenchCommand({
            cases: split(opts.case),
            peers: split(opts.peer),
            backend: opts.backend,
            steps: opts.steps,
            json: opts.json,
            threads: opts.threads,
            repeats: opts.repeats,
            history: opts.history,
            commandLine: `modcomp bench ${process.argv.slice(3).join(' ')}`.trim(),
          }),
        );
      },
    );

  registerLabCommands(program, io, setExit);
  registerServeCommand(program, io, setExit);
  registerExportCommand(program, io, setExit);
  registerImportCommand(program, io, setExit);
  registerCheckCommand(program, io, setExit);
  registerCompareRemediesCommand(program, io, setExit);
  registerWorkerCommand(program, io, setExit);
  return program;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  if (argv.length === 0) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version are "errors" to commander; everything else it reports is bad usage.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
      if (err.code === 'commander.help') return 0;
      return 2;
    }
    const { code, line } = describeFailure(err);
    io.err(`${line}\n`);
    if (code === 1 && process.env.MODCOMP_DEBUG) io.err(`${(err as Error).stack ?? ''}\n`);
    return code;
  }
}
