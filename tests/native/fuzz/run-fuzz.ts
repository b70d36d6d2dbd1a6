/**
 * The fuzz child process: `node run-fuzz.js ADDON_PATH SEED TRAIN_CALLS SYNC_CALLS EVALUATE_CALLS`.
 * Runs in its own process so that a native crash shows as a signal or a non-zero exit instead of
 * taking the test runner down. Prints one FAIL line per contract violation and a summary line:
 * `fuzz summary: seed=S calls=N refused=R accepted=A failures=F`.
 */
import type { NativeAddon } from '../../../src-main/engine/native-types';
import { SeededRandom } from '../../support/seeded-random';
import { fuzzConcurrentJobs } from './concurrent-jobs';
import { fuzzEvaluate, fuzzSpecOnly, type CallReport } from './sync-entry-points';
import { fuzzTrain } from './train-entry-point';

const MAX_PRINTED_FAILURES = 40;
const BURSTS = 3;

function trainOneTinyRunToTheEnd(addon: NativeAddon): Promise<void> {
  const spec = { seed: 3, data: { K: 2, d: 4, P: 2, n: 4, nTest: 4 }, model: { m: 2 }, train: { steps: 5, recordEvery: 1 } };
  return new Promise((resolve, reject) => {
    addon.train(
      [spec as never],
      { threads: 2 },
      () => undefined,
      (error, results) => {
        const stepsRun = results?.[0]?.modes[0]?.stepsRun;
        if (error || stepsRun !== 5)
          reject(new Error(`the addon no longer trains after fuzzing: ${String(error)} stepsRun=${String(stepsRun)}`));
        else resolve();
      },
    );
  });
}

async function main(): Promise<void> {
  const [addonPath, seedText, trainText, syncText, evaluateText] = process.argv.slice(2);
  if (!addonPath || !seedText) throw new Error('usage: run-fuzz ADDON_PATH SEED [TRAIN_CALLS SYNC_CALLS EVALUATE_CALLS]');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const addon = require(addonPath) as NativeAddon;
  const seed = Number(seedText);
  const random = new SeededRandom(seed);
  const trainCalls = Number(trainText ?? 1500);
  const syncCalls = Number(syncText ?? 600);
  const evaluateCalls = Number(evaluateText ?? 900);
  console.log(`fuzz seed=${seed}`);

  const reports: CallReport[] = [];
  for (let i = 0; i < trainCalls; i++) reports.push(await fuzzTrain(addon, random));
  for (let i = 0; i < syncCalls; i++) reports.push(fuzzSpecOnly(addon, random, 'generateData'));
  for (let i = 0; i < syncCalls; i++) reports.push(fuzzSpecOnly(addon, random, 'initialWeights'));
  for (let i = 0; i < evaluateCalls; i++) reports.push(fuzzEvaluate(addon, random));
  for (let burst = 0; burst < BURSTS; burst++) reports.push(...(await fuzzConcurrentJobs(addon, random)));

  const failures = reports.map((report, index) => ({ report, index })).filter(({ report }) => report.failure !== null);
  for (const { report, index } of failures.slice(0, MAX_PRINTED_FAILURES))
    console.log(`FAIL call #${index} ${report.entry}: ${report.description} -> ${report.failure ?? ''}`);
  const refused = reports.filter((report) => report.refused).length;
  // The addon must still train correctly after everything above.
  await trainOneTinyRunToTheEnd(addon);
  console.log(
    `fuzz summary: seed=${seed} calls=${reports.length} refused=${refused} accepted=${reports.length - refused} failures=${failures.length}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('fuzz harness error:', error);
    process.exit(2);
  },
);
