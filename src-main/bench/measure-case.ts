import type { BenchCase } from './cases';
import type { EngineMeasurement, EngineOutcome } from './engine-result';
import { benchNative, combineNativeRounds } from './native-bench';
import type { PeerId, PythonPeer } from './peers';
import { benchPeer } from './python-peer';

/** A peer times its steps directly, so its best round is simply the fastest one. */
function fastestRound(rounds: EngineMeasurement[]): EngineOutcome {
  const best = rounds.reduce((a, b) => (b.secondsPerStep < a.secondsPerStep ? b : a));
  return { status: 'measured', result: { ...best, rounds: rounds.length } };
}

export interface CaseMeasurements {
  native: EngineOutcome;
  peers: Partial<Record<PeerId, EngineOutcome>>;
}

/**
 * Times the native engine and every peer on one case, taking turns `repeats` times, then keeps
 * each one's best. Taking turns puts all of them under the same machine conditions; the best of
 * a few rounds is the usual estimate of the undisturbed speed on a machine that other work also
 * uses. An engine that is skipped or fails is not retried.
 */
export async function measureCase(
  c: BenchCase,
  peers: readonly PythonPeer[],
  steps: number,
  threads: number | undefined,
  repeats: number,
  verbose: boolean,
): Promise<CaseMeasurements> {
  const say = (text: string): void => {
    if (verbose) process.stderr.write(`bench ${c.name}: ${text}\n`);
  };
  const rounds = new Map<string, EngineMeasurement[]>();
  const stopped = new Map<string, EngineOutcome>();
  const contenders: { id: string; label: string; run: () => Promise<EngineOutcome> }[] = [
    { id: 'native', label: 'native engine', run: () => benchNative(c, steps, threads, verbose) },
    ...peers.map((p) => ({ id: p.id, label: `${p.label} peer`, run: () => benchPeer(p, c, steps, threads, verbose) })),
  ];
  for (let round = 1; round <= repeats; round++) {
    const of = repeats > 1 ? ` (round ${round}/${repeats})` : '';
    for (const contender of contenders) {
      if (stopped.has(contender.id)) continue;
      say(`${contender.label}, ${steps} timed steps${of}...`);
      const outcome = await contender.run();
      if (outcome.status === 'measured') rounds.set(contender.id, [...(rounds.get(contender.id) ?? []), outcome.result]);
      else stopped.set(contender.id, outcome);
    }
  }
  const result = (id: string, combine: (r: EngineMeasurement[]) => EngineOutcome): EngineOutcome =>
    stopped.get(id) ?? combine(rounds.get(id) ?? []);
  const measuredPeers: Partial<Record<PeerId, EngineOutcome>> = {};
  for (const p of peers) measuredPeers[p.id] = result(p.id, fastestRound);
  return { native: result('native', (r) => combineNativeRounds(c, steps, r)), peers: measuredPeers };
}
