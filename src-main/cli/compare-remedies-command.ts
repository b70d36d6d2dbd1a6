/**
 * `modcomp compare-remedies`: each balancing remedy at a few knob values over the same seeds of
 * one competition setting, trained as sweeps of the workspace (run it again to continue), with
 * the rescue rate, each modality's learning rate, time to learn and utilisation, and the gap to
 * the best unimodal net, all with 95% intervals.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { findPreset, presetNames } from '../config/presets';
import { forkTransport } from '../engine-host/engine-transport';
import { Orchestrator } from '../engine-host/orchestrator';
import { formatComparisonReport } from '../science/comparison-text';
import { DEFAULT_COMPARISON_SEEDS, planComparison, runComparison, type ComparisonOptions, type ComparisonProgress } from '../science/remedy-comparison';
import { planBackend } from '../sweeps/sweep-backend';
import { localExecutor } from '../sweeps/sweep-executor';
import type { CliIo } from './cli-io';
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
}

const EXAMPLES = `
Examples:
  $ modcomp compare-remedies --workspace lab.mcl                     50 seeds of the competition preset
  $ modcomp compare-remedies --seeds 12 --seed-start 1000 --json     a quick look on other seeds

The runs are recorded as sweeps of the workspace ("remedy comparison: ..."), one per remedy with
its knob as the swept setting, so the comparison can be stopped and run again to continue.
Exit status: 0 done, 1 a run failed, 2 bad input, 130 stopped.`;

function count(name: string, allowZero: boolean) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || (!allowZero && Number(value) === 0)) {
      throw new InvalidArgumentError(`${name} needs a ${allowZero ? 'non-negative' : 'positive'} integer`);
    }
    return Number(value);
  };
}

function progressBar(io: CliIo): { update(p: ComparisonProgress): void; stop(): void } {
  const stream = io.progressStream;
  if (!stream) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({
    stream,
    format: 'compare [{bar}] {value}/{total} runs | remedy {sweep}/{sweeps} {key} | ETA {eta_formatted} | {failed} failed',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 40,
  });
  let started = false;
  return {
    update(p) {
      if (!started) bar.start(p.total, p.done, { sweep: p.sweep, sweeps: p.sweeps, key: p.key, failed: p.failed });
      started = true;
      bar.update(p.done + p.failed, { sweep: p.sweep, sweeps: p.sweeps, key: p.key, failed: p.failed });
    },
    stop: () => bar.stop(),
  };
}

export async function compareRemediesCommand(opts: CompareCliOptions, io: CliIo): Promise<number> {
  if (!findPreset(opts.preset)) throw new UsageError(`unknown preset "${opts.preset}"; choose one of ${presetNames().join(', ')}`);
  const options: ComparisonOptions = {
    preset: opts.preset,
    seeds: opts.seeds,
    seedStart: opts.seedStart,
    backend: 'cpu', // auto means the CPU here (see below), and the report and runs say so
    precision: opts.precision,
  };
  // The CUDA backend refuses every remedy, so all arms (the plain one too, to compare like with
  // like) train on the CPU; asked for CUDA, say so before anything is made.
  if (opts.backend === 'cuda') {
    throw new UsageError("--backend cuda: the CUDA backend does not train balancing remedies yet; use --backend cpu (auto also trains on the CPU)");
  }
  const planned = planComparison(options);
  planBackend(planned[0]!.plan); // refuses, with the reason, when the native engine is missing
  const backend = 'cpu' as const;
  return withWorkspace(opts.workspace, 'create', async (workspace) => {
    const orchestrator = new Orchestrator({ transport: forkTransport() });
    const executor = localExecutor(orchestrator, { threads: opts.threads });
    let interrupted = false;
    const removeInterrupt = io.onInterrupt(() => {
      interrupted = true;
      io.err('\nmodcomp: stopping the comparison; run it again with the same options to continue\n');
      executor.cancel();
    });
    const bar = progressBar(io);
    let failed = 0;
    let result;
    try {
      result = await runComparison({
        workspace,
        options,
        executor,
        backend,
        onProgress: (p) => {
          failed = p.failed;
          bar.update(p);
        },
        stopped: () => interrupted,
      });
    } finally {
      bar.stop();
      removeInterrupt();
      orchestrator.close();
    }
    io.out(opts.json ? JSON.stringify(result.report, null, 2) + '\n' : formatComparisonReport(result.report));
    if (interrupted || result.cancelled) return CANCELLED_EXIT_CODE;
    return failed > 0 ? 1 : 0;
  });
}

export function registerCompareRemediesCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('compare-remedies')
    .description('compare the balancing remedies on one competition setting over seeds: rescue rate, utilisation, time to learn')
    .option('--preset <name>', 'the competition setting', 'competition')
    // Commander prints each default after its description.
    .option('--seeds <n>', 'seeds per arm', count('--seeds', false), DEFAULT_COMPARISON_SEEDS)
    .option('--seed-start <s>', 'first seed', count('--seed-start', true), 1)
    .addOption(new Option('--backend <engine>', 'engine to train with').choices(['auto', 'cpu', 'cuda']).default('auto'))
    .addOption(new Option('--precision <p>', 'floating-point precision (tf32 needs CUDA, which trains no remedy)').choices(['f32', 'f64']).default('f32'))
    .option('--threads <n>', 'native worker threads (0 = every core; results do not depend on it)', count('--threads', true))
    .option('--workspace <file>', WORKSPACE_HELP)
    .option('--json', 'print the report as JSON', false)
    .addHelpText('after', EXAMPLES)
    .action(async (opts: CompareCliOptions) => setExit(await compareRemediesCommand(opts, io)));
}
