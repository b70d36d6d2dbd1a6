import type { BenchCase } from './cases';
import type { EngineOutcome } from './engine-result';
import { benchNative } from './native-bench';
import { benchNumpy } from './numpy-bench';

/** The faster of two outcomes; once an engine is skipped or failed, that answer stands. */
function better(best: EngineOutcome | null, next: EngineOutcome): EngineOutcome {
  if (best === null || best.status !== 'measured') return best ?? next;
  if (next.status !== 'measured') return best;
  return next.result.secondsPerStep < best.result.secondsPerStep ? next : best;
}

/**
 * Times both engines on one case, alternating them `repeats` times and keeping each one's best.
 * Alternating puts both under the same machine conditions; the best of a few is the usual
 * estimate of the undisturbed speed on a machine that other work also uses.
 */
export async function measureCase(
  c: BenchCase,
  steps: number,
  threads: number | undefined,
  repeats: number,
  verbose: boolean,
): Promise<{ native: EngineOutcome; numpy: EngineOutcome }> {
  let native: EngineOutcome | null = null;
  let numpy: EngineOutcome | null = null;
  const say = (text: string): void => {
    if (verbose) process.stderr.write(`bench ${c.name}: ${text}\n`);
  };
  for (let round = 1; round <= repeats; round++) {
    const of = repeats > 1 ? ` (round ${round}/${repeats})` : '';
    if (native === null || native.status === 'measured') {
      say(`native engine, ${steps} steps${of}...`);
      native = better(native, await benchNative(c, steps, threads, verbose));
    }
    if (numpy === null || numpy.status === 'measured') {
      say(`NumPy peer, ${steps} steps${of}...`);
      numpy = better(numpy, await benchNumpy(c, steps, threads, verbose));
    }
  }
  // repeats >= 1, so both are set.
  return { native: native as EngineOutcome, numpy: numpy as EngineOutcome };
}
