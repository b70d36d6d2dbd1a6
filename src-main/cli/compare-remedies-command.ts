/**
 * `modcomp compare-remedies`: each balancing remedy at a few knob values over the same seeds of
 * one competition setting, trained as sweeps of the workspace (run it again to continue), with
 * the rescue rate, each modality's learning rate, time to learn and utilisation, and the gap to
 * the best unimodal net, all with 95% intervals.
 */
import { Command, Option } from 'commander';
import { findPreset, presetNames } from '../config/presets';
import { formatComparisonReport } from '../science/comparison-text';
import { DEFAULT_COMPARISON_SEEDS, planComparison, runComparison, type ComparisonOptions } from '../science/remedy-comparison';
import { planBackend } from '../sweeps/sweep-backend';
import type { CliIo } from './cli-io';
import { parseDpi, parseFormats } from './export-command';
import { countOption, refuseBadDestination, trainLongJob } from './long-job-cli';
import { CANCELLED_EXIT_CODE } from './run-command';
import { UsageError } from './usage-error';
import { WORKSPACE_HELP, withWorkspace } from './workspace-option';

interface CompareCliOptions {
  preset: string;
  seeds: number;
  seedStart: number;
  backend: ComparisonOptions['backend'];
  precision: ComparisonOptions['precision'];
  threads?: number;
  workspace?: string;
  json: boolean;
  set: string[];
  out?: string;
  format?: string;
  dpi?: string;
}

const EXAMPLES = `
Examples:
  $ modcomp compare-remedies --workspace lab.mcl                     50 seeds of the competition preset
  $ modcomp compare-remedies --seeds 12 --seed-start 1000 --json     a quick look on other seeds
  $ modcomp compare-remedies --workspace lab.mcl --out remedy-figures the table and its figure pack

The runs are recorded as sweeps of the workspace ("remedy comparison: ..."), one per remedy with
its knob as the swept setting, so the comparison can be stopped and run again to continue.
Exit status: 0 done, 1 a run failed, 2 bad input, 130 stopped.`;

export async function compareRemediesCommand(opts: CompareCliOptions, io: CliIo): Promise<number> {
  if (!findPreset(opts.preset)) throw new UsageError(`unknown preset "${opts.preset}"; choose one of ${presetNames().join(', ')}`);
  const options: ComparisonOptions = {
    preset: opts.preset,
    seeds: opts.seeds,
    seedStart: opts.seedStart,
    backend: 'cpu', // auto means the CPU here (see below), and the report and runs say so
    precision: opts.precision,
    set: opts.set,
  };
  // The CUDA backend refuses every remedy, so all arms (the plain one too, to compare like with
  // like) train on the CPU; asked for CUDA, say so before anything is made.
  if (opts.backend === 'cuda') {
    throw new UsageError(
      '--backend cuda: the CUDA backend does not train balancing remedies yet; use --backend cpu (auto also trains on the CPU)',
    );
  }
  const formats = parseFormats(opts.format);
  const dpi = parseDpi(opts.dpi);
  let planned;
  try {
    planned = planComparison(options);
  } catch (err) {
    // A bad --set names the setting (the sweep spec's message); nothing has trained yet.
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  planBackend(planned[0]!.plan); // refuses, with the reason, when the native engine is missing
  // Loaded only for --out: the renderers (pdfkit, resvg) are not needed otherwise.
  const pack = opts.out === undefined ? null : await import('../export/comparison-pack');
  if (pack && opts.out !== undefined) {
    // Refused before training, so an occupied folder does not cost the comparison's hours.
    const out = opts.out;
    refuseBadDestination(() => pack.comparisonPackDestination(out));
  }
  const backend = 'cpu' as const;
  return withWorkspace(opts.workspace, 'create', async (workspace) => {
    let failed = 0;
    const { result, interrupted } = await trainLongJob(
      io,
      { name: 'the comparison', barLabel: 'compare', stage: 'remedy', threads: opts.threads },
      ({ executor, onProgress, stopped }) =>
        runComparison({
          workspace,
          options,
          executor,
          backend,
          onProgress: (p) => {
            failed = p.failed;
            onProgress(p);
          },
          stopped,
        }),
    );
    io.out(opts.json ? JSON.stringify(result.report, null, 2) + '\n' : formatComparisonReport(result.report));
    if (interrupted || result.cancelled) return CANCELLED_EXIT_CODE;
    if (pack && opts.out !== undefined) {
      const written = await pack.exportComparisonPack(workspace, result.report, { out: opts.out, formats, dpi });
      // The report on stdout stays pure JSON with --json; where the pack went goes to stderr.
      io.err(`figure pack of the comparison written to ${written.path} (${written.files.length} files)\n`);
    }
    return failed > 0 ? 1 : 0;
  });
}

export function registerCompareRemediesCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('compare-remedies')
    .description('compare the balancing remedies on one competition setting over seeds: rescue rate, utilisation, time to learn')
    .option('--preset <name>', 'the competition setting', 'competition')
    // Commander prints each default after its description.
    .option('--seeds <n>', 'seeds per arm', countOption('--seeds', false), DEFAULT_COMPARISON_SEEDS)
    .option('--seed-start <s>', 'first seed', countOption('--seed-start', true), 1)
    .addOption(new Option('--backend <engine>', 'engine to train with').choices(['auto', 'cpu', 'cuda']).default('auto'))
    .addOption(
      new Option('--precision <p>', 'floating-point precision (tf32 needs CUDA, which trains no remedy)')
        .choices(['f32', 'f64'])
        .default('f32'),
    )
    .option('--threads <n>', 'native worker threads (0 = every core; results do not depend on it)', countOption('--threads', true))
    .option('--workspace <file>', WORKSPACE_HELP)
    .option(
      '--set <key=value>',
      'a trial, not the comparison: change this setting of every run (repeatable); the report and figures say so',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--json', 'print the report as JSON', false)
    .option('--out <dir>', 'write a figure pack of the comparison here (a new or empty folder, or a .zip)')
    .option('--format <formats>', 'figure formats of the pack, comma-separated among svg, pdf, png (default: all)')
    .option('--dpi <n>', 'PNG resolution of the pack (default 300)')
    .addHelpText('after', EXAMPLES)
    .action(async (opts: CompareCliOptions) => setExit(await compareRemediesCommand(opts, io)));
}
