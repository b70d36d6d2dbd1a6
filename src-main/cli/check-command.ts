/**
 * `modcomp check`: the paper check. Trains (or reuses) the runs every claim needs as sweeps of
 * the workspace, prints each statistic with its 95% interval, threshold and verdict, and exits 0
 * when every claim holds, 1 when one does not, 130 when stopped (`check` again continues).
 */
import { Command, Option } from 'commander';
import { defaultCheckOptions, planCheck, runCheck, type CheckOptions } from '../science/paper-check';
import { formatCheckReport } from '../science/check-text';
import { planBackend } from '../sweeps/sweep-backend';
import type { CliIo } from './cli-io';
import { parseDpi, parseFormats } from './export-command';
import { countOption, refuseBadDestination, trainLongJob } from './long-job-cli';
import { UsageError } from './usage-error';
import { CANCELLED_EXIT_CODE } from './run-command';
import { WORKSPACE_HELP, withWorkspace } from './workspace-option';

export const CLAIM_FAILED_EXIT_CODE = 1;

interface CheckCliOptions {
  seeds?: number;
  seedStart?: number;
  quick: boolean;
  maps?: boolean;
  backend: CheckOptions['backend'];
  precision: CheckOptions['precision'];
  mapSeeds?: number;
  set: string[];
  threads?: number;
  workspace?: string;
  out?: string;
  format?: string;
  dpi?: string;
  json: boolean;
}

const CHECK_EXAMPLES = `
Examples:
  $ modcomp check --quick --workspace lab.mcl          a few minutes: 12 seeds per claim
  $ modcomp check --workspace lab.mcl                  the full check: 50 seeds per claim and the regime maps
  $ modcomp check --seeds 100 --seed-start 5000 --precision f64 --json > check.json
  $ modcomp check --quick --workspace lab.mcl --out check-figures   the report and its figure pack

The runs are recorded as sweeps of the workspace ("paper check: ..."), so the check can be
stopped and run again with the same options to continue, and every run can be opened.
Exit status: 0 every claim holds, 1 a claim does not (or a run failed), 2 bad input, 130 stopped.`;

export async function checkCommand(opts: CheckCliOptions, io: CliIo): Promise<number> {
  const defaults = defaultCheckOptions(opts.quick);
  const options: CheckOptions = {
    ...defaults,
    seeds: opts.seeds ?? defaults.seeds,
    seedStart: opts.seedStart ?? defaults.seedStart,
    backend: opts.backend,
    precision: opts.precision,
    maps: opts.maps ?? defaults.maps,
    mapSeeds: opts.mapSeeds ?? defaults.mapSeeds,
    set: opts.set,
  };
  const formats = parseFormats(opts.format);
  const dpi = parseDpi(opts.dpi);
  let planned;
  try {
    planned = planCheck(options);
  } catch (err) {
    // A bad --set names the setting (the sweep spec's message); nothing has trained yet.
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const backend = planBackend(planned[0]!.plan);
  // Loaded only for --out: the renderers (pdfkit, resvg) are not needed otherwise.
  const pack = opts.out === undefined ? null : await import('../export/check-pack');
  if (pack && opts.out !== undefined) {
    // Refused before training, so an occupied folder does not cost the check's hour.
    const out = opts.out;
    refuseBadDestination(() => pack.checkPackDestination(out));
  }
  return withWorkspace(opts.workspace, 'create', async (workspace) => {
    const { result: report, interrupted } = await trainLongJob(
      io,
      { name: 'the check', barLabel: 'check', stage: 'sweep', threads: opts.threads },
      ({ executor, onProgress, stopped }) => runCheck({ workspace, options, executor, backend, onProgress, stopped }),
    );
    io.out(opts.json ? JSON.stringify(report, null, 2) + '\n' : formatCheckReport(report));
    if (interrupted) return CANCELLED_EXIT_CODE;
    if (pack && opts.out !== undefined) {
      const written = await pack.exportCheckPack(workspace, report, { out: opts.out, formats, dpi });
      // The report on stdout stays pure JSON with --json; where the pack went goes to stderr.
      io.err(`figure pack of the evidence written to ${written.path} (${written.files.length} files)\n`);
    }
    return report.verdict === 'pass' ? 0 : CLAIM_FAILED_EXIT_CODE;
  });
}

export function registerCheckCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('measure every claim of the theory over many seeds, with intervals, thresholds and verdicts')
    .option('--seeds <n>', 'seeds per claim (default 50, or 12 with --quick)', countOption('--seeds', false))
    .option('--seed-start <s>', 'first seed (default 1)', countOption('--seed-start', true))
    .option('--quick', 'fewer seeds and no regime maps: a few minutes', false)
    .option('--maps', 'train the regime maps too (the full check does)')
    .option('--no-maps', 'skip the regime maps')
    .option('--map-seeds <n>', 'seeds per cell of each regime map (default 12)', countOption('--map-seeds', false))
    .option(
      '--set <key=value>',
      'a trial, not the paper check: change this setting of every run (repeatable); the report and figures say so',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .addOption(new Option('--backend <engine>', 'engine to train with').choices(['auto', 'cpu', 'cuda']).default('auto'))
    .addOption(new Option('--precision <p>', 'floating-point precision').choices(['f32', 'f64', 'tf32']).default('f32'))
    .option('--threads <n>', 'native worker threads (0 = every core; results do not depend on it)', countOption('--threads', true))
    .option('--workspace <file>', WORKSPACE_HELP)
    .option('--out <dir>', 'write a figure pack of the evidence here (a new or empty folder, or a .zip)')
    .option('--format <formats>', 'figure formats of the pack, comma-separated among svg, pdf, png (default: all)')
    .option('--dpi <n>', 'PNG resolution of the pack (default 300)')
    .option('--json', 'print the report as JSON', false)
    .addHelpText('after', CHECK_EXAMPLES)
    .action(async (opts: CheckCliOptions) => setExit(await checkCommand(opts, io)));
}
