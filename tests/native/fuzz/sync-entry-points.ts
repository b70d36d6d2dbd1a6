/** Fuzzing of the synchronous entry points: generateData, initialWeights and evaluate. */
import type { NativeAddon } from '../../../src-main/engine/native-types';
import type { SeededRandom } from '../../support/seeded-random';
import { callAndCapture, judge } from './judge';
import { mutateSpec, mutateValue, type Expectation } from './spec-mutations';
import { drawTinySpec, validWeights } from './tiny-spec';

export interface CallReport {
  entry: string;
  description: string;
  refused: boolean;
  failure: string | null;
}

type SyncEntry = 'generateData' | 'initialWeights';

export function fuzzSpecOnly(addon: NativeAddon, random: SeededRandom, entry: SyncEntry): CallReport {
  const { spec, shape } = drawTinySpec(random);
  const mutated = mutateSpec(random, spec, shape, 'spec');
  const call = addon[entry] as (spec: unknown) => unknown;
  const outcome = callAndCapture(() => call(mutated.value));
  let failure = judge(mutated.expectation, outcome);
  if (!failure && !outcome.threw && (typeof outcome.result !== 'object' || outcome.result === null))
    failure = `returned ${String(outcome.result)}`;
  return { entry, description: mutated.expectation.description, refused: outcome.threw, failure };
}

/** evaluate(spec, weights, mode) with exactly one of its three arguments mutated. */
export function fuzzEvaluate(addon: NativeAddon, random: SeededRandom): CallReport {
  const { spec, shape } = drawTinySpec(random);
  let specArgument: unknown = spec;
  let weights: unknown = validWeights(random, shape);
  let mode: unknown = random.pick(['joint', ...Array.from({ length: shape.K }, (_, r) => `unimodal:${r}`)]);
  let expectation: Expectation;
  const target = random.uniform();
  if (target < 0.6) {
    const mutated = mutateSpec(random, spec, shape, 'spec');
    specArgument = mutated.value;
    expectation = mutated.expectation;
  } else if (target < 0.85) {
    const list = weights as unknown[];
    const path = random.uniform() < 0.3 ? ['weights'] : ['weights', random.integer(0, shape.K - 1)];
    const mutated = mutateValue(random, path.length === 1 ? list : list[path[1] as number], path, shape);
    if (path.length === 1) weights = mutated.value;
    else list[path[1] as number] = mutated.value;
    expectation = mutated.expectation;
  } else {
    const mutated = mutateValue(random, mode, ['mode'], shape);
    mode = mutated.value;
    expectation = mutated.expectation;
  }
  const evaluate = addon.evaluate as (spec: unknown, weights: unknown, mode: unknown) => unknown;
  const outcome = callAndCapture(() => evaluate(specArgument, weights, mode));
  let failure = judge(expectation, outcome);
  if (!failure && !outcome.threw) {
    const result = outcome.result as { loss?: unknown; grads?: unknown };
    if (typeof result?.loss !== 'number' || !Array.isArray(result.grads)) failure = 'evaluate returned a malformed result';
  }
  return { entry: 'evaluate', description: expectation.description, refused: outcome.threw, failure };
}
