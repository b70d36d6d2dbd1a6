import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nativeAddonPath, nativeAvailable } from '../../src-main/engine/native-loader';
import { compileFuzzChild } from './fuzz/compile-for-child';

/*
 * Thousands of malformed calls to every entry point of the native addon (train, generateData,
 * initialWeights, evaluate), run in a child process so that a crash (a signal, an abort, a
 * non-zero exit) fails this test instead of killing vitest. Each call mutates one thing of a
 * valid tiny config (or applies one named clash, e.g. K = 0 or odd m with a two-class head);
 * the child checks that a refused call throws an Error naming the offending setting and that
 * inputs the contract calls invalid never succeed (see fuzz/judge.ts and fuzz/field-rules.ts).
 *
 * The seed is random per run and printed; rerun a failure with MODCOMP_FUZZ_SEED=<seed>.
 * Call counts: 1500 train + 600 generateData + 600 initialWeights + 900 evaluate = 3600.
 */
const TRAIN_CALLS = 1500;
const SYNC_CALLS_EACH = 600;
const EVALUATE_CALLS = 900;
const MINIMUM_CALLS = 3000;
const CHILD_TIMEOUT_MS = 110_000;

function chooseSeed(): number {
  const fromEnvironment = process.env.MODCOMP_FUZZ_SEED;
  return fromEnvironment ? Number(fromEnvironment) : Math.floor(Math.random() * 2 ** 31);
}

describe.skipIf(!nativeAvailable())('native addon under malformed input (fuzz)', () => {
  it('refuses every malformed call with an Error naming the setting, and never crashes', () => {
    const seed = chooseSeed();
    const script = compileFuzzChild();
    const addonPath = nativeAddonPath() as string;
    console.log(`native fuzz seed ${seed} (reproduce with MODCOMP_FUZZ_SEED=${seed})`);
    const child = spawnSync(
      process.execPath,
      [script, addonPath, String(seed), String(TRAIN_CALLS), String(SYNC_CALLS_EACH), String(EVALUATE_CALLS)],
      {
        encoding: 'utf8',
        timeout: CHILD_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const output = `${child.stdout ?? ''}\n${child.stderr ?? ''}`;
    const context = `seed ${seed}, signal ${String(child.signal)}, status ${String(child.status)}\n${output.slice(-6000)}`;
    expect(child.error, context).toBeUndefined();
    expect(child.signal, context).toBeNull();
    expect(child.status, context).toBe(0);
    const summary = /fuzz summary: seed=(\d+) calls=(\d+) refused=(\d+) accepted=(\d+) failures=(\d+)/.exec(child.stdout);
    expect(summary, context).not.toBeNull();
    const [, , calls, refused, accepted, failures] = (summary as RegExpExecArray).map(Number) as number[];
    expect(calls, context).toBeGreaterThanOrEqual(MINIMUM_CALLS);
    // Both outcomes must occur, or the generator has drifted to all-valid or all-garbage input.
    expect(refused, context).toBeGreaterThan(calls! / 4);
    expect(accepted, context).toBeGreaterThan(calls! / 20);
    expect(failures, context).toBe(0);
  });
});
