/**
 * Child-process entry that times the native engine on one case and prints one JSON line.
 * A process of its own per case makes `maxRSS` that case's peak, not the whole bench's.
 *
 *   node dist/src-main/bench/native-worker.js <case> <steps> <threads>
 */
import * as os from 'node:os';
import { loadNativeAddon } from '../engine/native-loader';
import type { NativeAddon, NativeRunResult } from '../engine/native-types';
import { findCase, gemmFlopsPerStep, type BenchCase } from './cases';
import { benchRunSpecs } from './native-specs';
import { stepTimedSecondsPerStep, type StepReport } from './step-timing';

/**
 * Steps of the short run of the pair. The long run has this many plus the timed steps, so
 * `steps` GD steps are timed on both engines alike.
 */
export const SHORT_RUN_STEPS = 2;

/**
 * Progress reports at most this often per run. A single run's steps are timed from its reports,
 * so they come often; a batch's are not used, and 64 runs reporting 20 times a second would
 * keep Node's thread busy beside the engine while it is timed.
 */
function progressIntervalMs(runs: number): number {
  return runs === 1 ? 50 : 1000;
}

function trainOnce(
  addon: NativeAddon,
  c: BenchCase,
  steps: number,
  threads: number,
): Promise<{ seconds: number; results: NativeRunResult[]; reports: StepReport[] }> {
  const specs = benchRunSpecs(c, steps);
  const options = { threads, memoryLimitBytes: os.freemem(), progressIntervalMs: progressIntervalMs(c.runs) };
  const reports: StepReport[] = [];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    addon.train(
      specs,
      options,
      (batch) => {
        // A report is sent right after a step, so its arrival time is that step's end.
        if (batch.runIndex === 0) reports.push({ stepsDone: batch.stepsDone, seconds: Number(process.hrtime.bigint() - start) / 1e9 });
      },
      (error, results) => {
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        if (error) reject(error);
        else if (!results) reject(new Error('native train returned no results'));
        else resolve({ seconds, results, reports });
      },
    );
  });
}

/** A timing is only meaningful if every run trained every step. */
function checkComplete(results: NativeRunResult[], steps: number): void {
  for (const run of results) {
    if (run.error) throw new Error(`run ${run.index} failed: ${run.error}`);
    for (const mode of run.modes) {
      if (mode.stepsRun !== steps || mode.divergedAtStep !== null) {
        throw new Error(`run ${run.index} ${mode.mode} stopped at ${mode.stepsRun}/${steps} steps (diverged at ${mode.divergedAtStep})`);
      }
    }
  }
}

async function main(argv: string[]): Promise<void> {
  const [caseName, stepsText, threadsText] = argv;
  const c = findCase(caseName ?? '');
  const steps = Number(stepsText);
  const threads = Number(threadsText ?? 0);
  const addon = loadNativeAddon();
  const short = SHORT_RUN_STEPS;
  const long = SHORT_RUN_STEPS + steps;

  // Warm-up: loads code pages, starts the thread pool, faults in allocator arenas.
  await trainOnce(addon, c, 1, threads);
  const shortRun = await trainOnce(addon, c, short, threads);
  const longRun = await trainOnce(addon, c, long, threads);
  checkComplete(shortRun.results, short);
  checkComplete(longRun.results, long);

  // Data generation, initialisation and the start/end metric records cost the same in both
  // runs, so the difference is the cost of `steps` GD steps alone; a single run's steps are
  // also timed directly from its progress reports, which the bench prefers (see above).
  const differencedSecondsPerStep = (longRun.seconds - shortRun.seconds) / steps;
  const stepTimed = stepTimedSecondsPerStep(c.runs, long, longRun.reports);
  const secondsPerStep = stepTimed ?? differencedSecondsPerStep;
  const caps = addon.capabilities();
  const measurement = {
    case: c.name,
    engine: 'native',
    steps,
    shortRunSteps: short,
    secondsPerStep,
    gflops: gemmFlopsPerStep(c) / secondsPerStep / 1e9,
    peakRssBytes: process.resourceUsage().maxRSS * 1024, // Node reports KiB
    wallSecondsShort: shortRun.seconds,
    wallSecondsLong: longRun.seconds,
    stepTimedSecondsPerStep: stepTimed,
    threads: threads > 0 ? threads : caps.hardwareThreads,
    simd: caps.simd,
    version: addon.version(),
  };
  process.stdout.write(`${JSON.stringify(measurement)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: Error) => {
      process.stderr.write(`native bench: ${err.message}\n`);
      process.exit(1);
    },
  );
}
