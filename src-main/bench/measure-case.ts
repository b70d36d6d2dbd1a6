import type { BenchCase } from './cases';
import type { EngineMeasurement, EngineOutcome } from './engine-result';
import { benchNative, combineNativeRounds } from './native-bench';
import { benchNumpy } from './numpy-bench';

/** NumPy times its steps directly, so its best round is simply the fastest one. */
function fastestRound(rounds: EngineMeasurement[]): EngineOutcome {
  const best = rounds.reduce((a, b) => (b.secondsPerStep < a.secondsPerStep ? b : a));
  return { status: 'measured', result: { ...best, rounds: rounds.length } };
}

/**
 * Times both engines on one case, alternating them `repeats` times, then keeps each one's best.
 * Alternating puts both under the same machine conditions; the best of a few rounds is the
 * usual estimate of the undisturbed speed on a machine that other work also uses. An engine that
 * is skipped or fails is not retried.
 */
export async function measureCase(
  c: BenchCase,
  steps: number,
  threads: number | undefined,
  repeats: number,
  verbose: boolean,
): Promise<{ native: EngineOutcome; numpy: EngineOutcome }> {
  const say = (text: string): void => {
    if (verbose) process.stderr.write(`bench ${c.name}: ${text}\n`);
  };
  const nativeRounds: EngineMeasurement[] = [];
  const numpyRounds: EngineMeasurement[] = [];
  let nativeStop: EngineOutcome | null = null;
  let numpyStop: EngineOutcome | null = null;
  for (let round = 1; round <= repeats; round++) {
    const of = repeats > 1 ? ` (round ${round}/${repeats})` : '';
    if (!nativeStop) {
      say(`native engine, ${steps} timed steps${of}...`);
      const outcome = await benchNative(c, steps, threads, verbose);
      if (outcome.status === 'measured') nativeRounds.push(outcome.result);
      else nativeStop = outcome;
    }
    if (!numpyStop) {
      say(`NumPy peer, ${steps} timed steps${of}...`);
      const outcome = await benchNumpy(c, steps, threads, verbose);
      if (outcome.status === 'measured') numpyRounds.push(outcome.result);
      else numpyStop = outcome;
    }
  }
  return {
    native: nativeStop ?? combineNativeRounds(c, steps, nativeRounds),
    numpy: numpyStop ?? fastestRound(numpyRounds),
  };
}
