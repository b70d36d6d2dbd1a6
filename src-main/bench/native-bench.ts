import * as fs from 'node:fs';
import * as path from 'node:path';
import { nativeAddonPath } from '../engine/native-loader';
import { gemmFlopsPerStep, type BenchCase } from './cases';
import { lastLine, runChild } from './child-process';
import { parseMeasurement, type EngineMeasurement, type EngineOutcome } from './engine-result';

/** Times the native engine on one case in a child Node process (see native-worker.ts). */
export async function benchNative(c: BenchCase, steps: number, threads: number | undefined, verbose: boolean): Promise<EngineOutcome> {
  if (!nativeAddonPath()) {
    return { status: 'skipped', reason: 'native engine not built (run `npm run build:native`)' };
  }
  // The worker must be compiled JS: the bench runs from dist/, and the worker sits beside us.
  const worker = path.join(__dirname, 'native-worker.js');
  if (!fs.existsSync(worker)) {
    return { status: 'skipped', reason: `${worker} missing (run \`npm run build:ts\`)` };
  }
  const args = [worker, c.name, String(steps), String(threads ?? 0)];
  const out = await runChild(process.execPath, args, process.env, verbose);
  if (out.code !== 0) {
    return { status: 'failed', reason: out.stderr.trim().slice(-500) || `worker exited with ${out.code}` };
  }
  return { status: 'measured', result: parseMeasurement(lastLine(out.stdout), 'native') };
}

/** The combined figure: the first round's details with the chosen per-step time. */
function combined(c: BenchCase, rounds: EngineMeasurement[], secondsPerStep: number, extra: Record<string, number> = {}): EngineOutcome {
  return {
    status: 'measured',
    result: {
      ...(rounds[0] as EngineMeasurement),
      secondsPerStep,
      gflops: gemmFlopsPerStep(c) / secondsPerStep / 1e9,
      peakRssBytes: Math.max(...rounds.map((r) => r.peakRssBytes)),
      ...extra,
      rounds: rounds.length,
    },
  };
}

/**
 * One native figure from several rounds. A single run's steps are timed directly from its
 * progress reports, and the best round counts, as for every peer. Otherwise each round's
 * per-step time is a difference of two wall times, and taking the fastest such difference would
 * favour rounds whose short run happened to be disturbed. Instead the fastest short run and the
 * fastest long run are each the undisturbed estimate of that run, and their difference is the
 * per-step cost.
 */
export function combineNativeRounds(c: BenchCase, steps: number, rounds: EngineMeasurement[]): EngineOutcome {
  const stepTimed = rounds.map((r) => r.stepTimedSecondsPerStep);
  if (stepTimed.every((t): t is number => typeof t === 'number' && t > 0)) return combined(c, rounds, Math.min(...stepTimed));
  const walls = (key: 'wallSecondsShort' | 'wallSecondsLong'): number => Math.min(...rounds.map((r) => Number(r[key])));
  const shortest = walls('wallSecondsShort');
  const longest = walls('wallSecondsLong');
  const secondsPerStep = (longest - shortest) / steps;
  if (!(secondsPerStep > 0)) {
    return {
      status: 'failed',
      reason: `timing noise exceeded ${steps} steps' time (best long run ${longest.toFixed(3)} s, short ${shortest.toFixed(3)} s); use more --steps`,
    };
  }
  return combined(c, rounds, secondsPerStep, { wallSecondsShort: shortest, wallSecondsLong: longest });
}
