/**
 * Many valid jobs in flight at once, cancelled at random moments (before, during, after their
 * run, sometimes twice), some with a progress listener that throws. Every job must report
 * exactly once through onDone: a throwing listener's error, or results for every spec.
 */
import type { NativeAddon } from '../../../src-main/engine/native-types';
import type { SeededRandom } from '../../support/seeded-random';
import type { CallReport } from './sync-entry-points';
import { drawTinySpec } from './tiny-spec';

const JOBS_PER_BURST = 40;
const SETTLE_LIMIT_MS = 30_000;

class ListenerError extends Error {}

function oneJob(addon: NativeAddon, random: SeededRandom): Promise<CallReport> {
  const specs = Array.from({ length: random.integer(1, 4) }, () => {
    const { spec } = drawTinySpec(random);
    (spec['train'] as Record<string, unknown>)['steps'] = random.integer(0, 400);
    return spec;
  });
  const throwAtBatch = random.uniform() < 0.3 ? random.integer(1, 3) : -1;
  const cancelAfterMs = random.uniform() < 0.5 ? random.integer(0, 30) : -1;
  const description = `burst job: ${specs.length} specs, listener throws at batch ${throwAtBatch}, cancel after ${cancelAfterMs} ms`;
  return new Promise((resolve) => {
    let batches = 0;
    let doneCalls = 0;
    const finish = (failure: string | null): void => resolve({ entry: 'train (burst)', description, refused: false, failure });
    const job = addon.train(
      specs as never,
      { threads: random.integer(0, 3), progressIntervalMs: random.integer(0, 5) },
      () => {
        batches++;
        if (batches === throwAtBatch) throw new ListenerError('listener failed on purpose');
      },
      (error, results) => {
        doneCalls++;
        if (doneCalls > 1) return finish('onDone called twice');
        setTimeout(() => job.cancel(), 0); // cancelling a finished job must be harmless
        if (throwAtBatch > 0 && batches >= throwAtBatch) {
          finish(error instanceof ListenerError ? null : `expected the listener's error, got ${String(error)}`);
        } else if (error) {
          finish(`unexpected onDone error: ${String(error)}`);
        } else {
          finish(Array.isArray(results) && results.length === specs.length ? null : 'results do not match the specs');
        }
      },
    );
    if (cancelAfterMs === 0) job.cancel();
    else if (cancelAfterMs > 0)
      setTimeout(() => {
        job.cancel();
        job.cancel();
      }, cancelAfterMs);
  });
}

export async function fuzzConcurrentJobs(addon: NativeAddon, random: SeededRandom): Promise<CallReport[]> {
  const jobs = Array.from({ length: JOBS_PER_BURST }, () => oneJob(addon, random));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CallReport[]>((resolve) => {
    timer = setTimeout(
      () =>
        resolve([{ entry: 'train (burst)', description: 'burst', refused: false, failure: `jobs unfinished after ${SETTLE_LIMIT_MS} ms` }]),
      SETTLE_LIMIT_MS,
    );
  });
  const reports = await Promise.race([Promise.all(jobs), timeout]);
  clearTimeout(timer);
  return reports;
}
