/**
 * Fuzzing of train(specs, options, onProgress, onDone): one of the specs, the options, a
 * callback, the specs container or the argument count is malformed per call. Accepted jobs are
 * awaited (and cancelled if they would run long), and must report exactly once through onDone.
 */
import type { NativeAddon, NativeJob } from '../../../src-main/engine/native-types';
import type { SeededRandom } from '../../support/seeded-random';
import { drawHostileValue } from './hostile-values';
import { callAndCapture, judge } from './judge';
import { mutateSpec, mutateValue, type Expectation } from './spec-mutations';
import type { CallReport } from './sync-entry-points';
import { drawTinySpec, type SpecShape } from './tiny-spec';

/** Small enough that no mutated-but-valid size allocates much; big enough for every tiny spec. */
const FUZZ_MEMORY_LIMIT = 64 * 1024 * 1024;
/** Mutations may produce valid specs with up to 1e9 steps; such jobs are cancelled. */
const CANCEL_AFTER_STEPS = 20;
const CANCEL_AFTER_MS = 300;
const GIVE_UP_AFTER_MS = 20_000;

interface TrainArguments {
  specs: unknown;
  options: unknown;
  onProgress: unknown;
  onDone: unknown;
  argumentCount: number;
}

interface DoneSignal {
  calls: number;
  error: unknown;
  results: unknown;
  finished: Promise<void>;
  cancelJob: () => void;
}

function makeCallbacks(): {
  onProgress: (batch: { stepsDone: number }) => void;
  onDone: (error: unknown, results: unknown) => void;
  done: DoneSignal;
} {
  let resolveFinished: () => void = () => undefined;
  const done: DoneSignal = {
    calls: 0,
    error: null,
    results: undefined,
    finished: new Promise<void>((resolve) => {
      resolveFinished = resolve;
    }),
    cancelJob: () => undefined,
  };
  return {
    onProgress: (batch) => {
      if (batch.stepsDone >= CANCEL_AFTER_STEPS) done.cancelJob();
    },
    onDone: (error, results) => {
      done.calls++;
      done.error = error;
      done.results = results;
      resolveFinished();
    },
    done,
  };
}

function mutateArguments(random: SeededRandom, args: TrainArguments, shapes: SpecShape[]): { expectation: Expectation; prefix?: string } {
  const target = random.uniform();
  const specs = args.specs as unknown[];
  if (target < 0.65) {
    const index = random.integer(0, specs.length - 1);
    const shape = shapes[index] as SpecShape;
    const mutated = mutateSpec(random, specs[index] as Record<string, unknown>, shape, `specs[${index}]`);
    specs[index] = mutated.value;
    return { expectation: mutated.expectation, prefix: `specs[${index}]` };
  }
  if (target < 0.77) {
    const options = args.options as Record<string, unknown>;
    const path = random.uniform() < 0.25 ? ['options'] : ['options', random.pick(['threads', 'memoryLimitBytes', 'progressIntervalMs'])];
    const mutated = mutateValue(random, path.length === 1 ? options : options[path[1] as string], path, shapes[0] as SpecShape);
    if (path.length === 1) args.options = mutated.value;
    else if (mutated.remove) delete options[path[1] as string];
    else options[path[1] as string] = mutated.value;
    return { expectation: mutated.expectation };
  }
  if (target < 0.85) {
    const which = random.uniform() < 0.5 ? 'onProgress' : 'onDone';
    const hostile = drawHostileValue(random);
    args[which] = hostile.value;
    const mustRefuse = typeof hostile.value !== 'function';
    return {
      expectation: {
        description: `${which} = ${hostile.label}`,
        mustRefuse,
        hostility: hostile.hostility === 'proxy' ? 'plain' : hostile.hostility,
        blame: [which],
      },
    };
  }
  if (target < 0.92) {
    const choice = random.integer(0, 2);
    const hostile = drawHostileValue(random);
    args.specs = choice === 0 ? [] : choice === 1 ? [specs[0], , specs[0]] : hostile.value; // eslint-disable-line no-sparse-arrays
    const label = choice === 0 ? '[]' : choice === 1 ? 'a sparse array [spec, <hole>, spec]' : hostile.label;
    const mustRefuse = choice < 2 || hostile.hostility !== 'proxy';
    return {
      expectation: { description: `specs = ${label}`, mustRefuse, hostility: choice < 2 ? 'plain' : hostile.hostility, blame: ['specs'] },
    };
  }
  if (target < 0.97) {
    args.argumentCount = random.integer(0, 3);
    return {
      expectation: {
        description: `train called with ${args.argumentCount} arguments`,
        mustRefuse: true,
        hostility: 'plain',
        blame: ['expected train('],
      },
    };
  }
  return { expectation: { description: 'valid arguments', mustRefuse: false, hostility: 'plain', blame: [] } };
}

function checkResults(done: DoneSignal, specCount: number): string | null {
  if (done.calls !== 1) return `onDone was called ${done.calls} times`;
  if (done.error !== null) return `onDone reported an error for an accepted job: ${String(done.error)}`;
  if (!Array.isArray(done.results) || done.results.length !== specCount) return 'onDone results do not match the specs';
  for (const result of done.results as { error: unknown; modes: unknown }[])
    if (result.error === null && !Array.isArray(result.modes)) return 'a successful run has no modes';
  return null;
}

export async function fuzzTrain(addon: NativeAddon, random: SeededRandom): Promise<CallReport> {
  const drawn = Array.from({ length: random.integer(1, 3) }, () => drawTinySpec(random));
  const { onProgress, onDone, done } = makeCallbacks();
  const args: TrainArguments = {
    specs: drawn.map((d) => d.spec),
    options: { threads: random.integer(1, 2), memoryLimitBytes: FUZZ_MEMORY_LIMIT, progressIntervalMs: random.integer(0, 20) },
    onProgress,
    onDone,
    argumentCount: 4,
  };
  const specCount = (args.specs as unknown[]).length;
  const { expectation, prefix } = mutateArguments(
    random,
    args,
    drawn.map((d) => d.shape),
  );
  const train = addon.train as (...values: unknown[]) => unknown;
  const argumentList = [args.specs, args.options, args.onProgress, args.onDone].slice(0, args.argumentCount);
  const outcome = callAndCapture(() => train(...argumentList));
  let failure = judge(expectation, outcome, prefix);
  if (!failure && !outcome.threw) {
    const job = outcome.result as NativeJob;
    if (typeof job?.cancel !== 'function')
      return { entry: 'train', description: expectation.description, refused: false, failure: 'train returned no job' };
    done.cancelJob = () => job.cancel();
    if (args.onDone !== onDone || args.onProgress !== onProgress) {
      job.cancel(); // a replacement callback was valid: nothing of ours will hear from this job
    } else {
      const cancelTimer = setTimeout(() => job.cancel(), CANCEL_AFTER_MS);
      let giveUpTimer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<'gave up'>((resolve) => {
        giveUpTimer = setTimeout(() => resolve('gave up'), GIVE_UP_AFTER_MS);
      });
      const winner = await Promise.race([done.finished.then(() => 'done' as const), gaveUp]);
      clearTimeout(cancelTimer);
      clearTimeout(giveUpTimer);
      failure = winner === 'gave up' ? `onDone not called within ${GIVE_UP_AFTER_MS} ms of a cancel` : checkResults(done, specCount);
    }
  }
  return { entry: 'train', description: expectation.description, refused: outcome.threw, failure };
}
