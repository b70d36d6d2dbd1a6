/**
 * What `modcomp check` and `modcomp compare-remedies` share: both train a list of sweeps in one
 * workspace with a progress bar over all their runs, stop on Ctrl-C so that running the same
 * command again continues, and refuse an occupied --out folder before anything trains.
 */
import { InvalidArgumentError } from 'commander';
import { SingleBar } from 'cli-progress';
import { forkTransport } from '../engine-host/engine-transport';
import { Orchestrator } from '../engine-host/orchestrator';
import type { SweepsProgress } from '../science/sweeps-in-turn';
import { localExecutor, type SweepExecutor } from '../sweeps/sweep-executor';
import type { CliIo } from './cli-io';
import { UsageError } from './usage-error';

/** A count option's parser: a whole number, 0 allowed or not, else commander's one-line refusal. */
export function countOption(name: string, allowZero: boolean): (value: string) => number {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || (!allowZero && Number(value) === 0)) {
      throw new InvalidArgumentError(`${name} needs a ${allowZero ? 'non-negative' : 'positive'} integer`);
    }
    return Number(value);
  };
}

/** Runs a check of the --out destination before training, so a bad folder costs nothing. */
export function refuseBadDestination(check: () => void): void {
  try {
    check();
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export interface LongJobCli {
  /** In the Ctrl-C message: "the check", "the comparison". */
  name: string;
  /** The progress bar's first word and what it calls one sweep: "check" and "sweep". */
  barLabel: string;
  stage: string;
  threads?: number;
}

function progressBar(io: CliIo, job: LongJobCli): { update(p: SweepsProgress): void; stop(): void } {
  const stream = io.progressStream;
  if (!stream) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({
    stream,
    format: `${job.barLabel} [{bar}] {value}/{total} runs | ${job.stage} {sweep}/{sweeps} {key} | ETA {eta_formatted} | {failed} failed`,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 40,
  });
  let started = false;
  return {
    update(p) {
      const payload = { sweep: p.sweep, sweeps: p.sweeps, key: p.key, failed: p.failed };
      if (!started) bar.start(p.total, p.done, payload);
      started = true;
      bar.update(p.done + p.failed, payload);
    },
    stop: () => bar.stop(),
  };
}

/**
 * Trains a job with the local executor and an engine process of its own; Ctrl-C cancels the
 * runs in flight and lets `train` return what finished. Resolves with its result and whether
 * the user stopped it.
 */
export async function trainLongJob<T>(
  io: CliIo,
  job: LongJobCli,
  train: (ctx: { executor: SweepExecutor; onProgress: (p: SweepsProgress) => void; stopped: () => boolean }) => Promise<T>,
): Promise<{ result: T; interrupted: boolean }> {
  const orchestrator = new Orchestrator({ transport: forkTransport() });
  const executor = localExecutor(orchestrator, { threads: job.threads });
  let interrupted = false;
  const removeInterrupt = io.onInterrupt(() => {
    interrupted = true;
    io.err(`\nmodcomp: stopping ${job.name}; run it again with the same options to continue\n`);
    executor.cancel();
  });
  const bar = progressBar(io, job);
  try {
    const result = await train({ executor, onProgress: (p) => bar.update(p), stopped: () => interrupted });
    return { result, interrupted };
  } finally {
    bar.stop();
    removeInterrupt();
    orchestrator.close();
  }
}
