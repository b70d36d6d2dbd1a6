import { describe, expect, it, vi } from 'vitest';
import { trainNative } from '../../src-main/engine/native-engine';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import type { NativeAddon, NativeProgress, NativeRunResult } from '../../src-main/engine/native-types';
import { EngineUnavailableError, selectEngine } from '../../src-main/engine/select-engine';
import { toRunSpec, resolveConfig } from '../../src-main/config/resolve';
import { competitionResult, fakeSeries } from './fake-results';

type TrainArgs = Parameters<NativeAddon['train']>;

/** An addon whose train() hands its callbacks to the test, which then plays the native side. */
function fakeAddon() {
  const calls: { args: TrainArgs; cancel: ReturnType<typeof vi.fn> }[] = [];
  const addon = {
    train: (...args: TrainArgs) => {
      const cancel = vi.fn();
      calls.push({ args, cancel });
      return { cancel };
    },
  } as unknown as NativeAddon;
  return { addon, calls };
}

const spec = toRunSpec(resolveConfig({ preset: 'quick' }).config);
const progress: NativeProgress = { runIndex: 0, mode: 'joint', stepsDone: 10, stepsTotal: 100, series: fakeSeries(2, [], [], []) };

describe('trainNative (promise + AbortSignal wrapper)', () => {
  it('resolves with the results and passes options and progress through', async () => {
    const { addon, calls } = fakeAddon();
    const seen: NativeProgress[] = [];
    const promise = trainNative([spec], { threads: 2, onProgress: (p) => seen.push(p) }, addon);
    const [specs, options, onProgress, onDone] = calls[0]!.args;
    expect(specs).toEqual([spec]);
    expect(options).toEqual({ threads: 2 });
    onProgress(progress);
    onDone(null, [competitionResult()]);
    await expect(promise).resolves.toHaveLength(1);
    expect(seen).toEqual([progress]);
  });

  it('cancels the native job when the signal aborts, before or during the run', async () => {
    const { addon, calls } = fakeAddon();
    const controller = new AbortController();
    const promise = trainNative([spec], { signal: controller.signal }, addon);
    expect(calls[0]!.cancel).not.toHaveBeenCalled();
    controller.abort();
    expect(calls[0]!.cancel).toHaveBeenCalledTimes(1);
    calls[0]!.args[3](null, [competitionResult()]);
    await promise;

    const early = new AbortController();
    early.abort();
    const second = trainNative([spec], { signal: early.signal }, addon);
    expect(calls[1]!.cancel).toHaveBeenCalledTimes(1);
    calls[1]!.args[3](null, [competitionResult()]);
    await second;
  });

  it('rejects on synchronous argument errors and on errors reported at the end', async () => {
    const throwing = {
      train: () => {
        throw new RangeError('data.K must be between 1 and 64');
      },
    } as unknown as NativeAddon;
    await expect(trainNative([spec], {}, throwing)).rejects.toThrow(RangeError);
    const { addon, calls } = fakeAddon();
    const promise = trainNative([spec], {}, addon);
    calls[0]!.args[3](new Error('boom'), undefined);
    await expect(promise).rejects.toThrow('boom');
    const missing = trainNative([spec], {}, addon);
    calls[1]!.args[3](null, undefined);
    await expect(missing).rejects.toThrow(/without results/);
  });

  it('keeps going when the progress consumer throws, and settles once', async () => {
    const { addon, calls } = fakeAddon();
    const promise = trainNative(
      [spec],
      {
        onProgress: () => {
          throw new Error('closed terminal');
        },
      },
      addon,
    );
    expect(() => calls[0]!.args[2](progress)).not.toThrow();
    const result: NativeRunResult[] = [competitionResult()];
    calls[0]!.args[3](null, result);
    calls[0]!.args[3](new Error('late'), undefined);
    await expect(promise).resolves.toBe(result);
  });
});

describe('engine selection', () => {
  it('the reference engine needs no addon', () => {
    expect(selectEngine('reference').name).toBe('reference');
  });

  it.skipIf(nativeAvailable())('auto falls back to the reference engine with a note when the addon is missing', () => {
    const notes: string[] = [];
    expect(selectEngine('auto', (n) => notes.push(n)).name).toBe('reference');
    expect(notes[0]).toMatch(/using the slow reference engine: the native engine is not built/);
    expect(() => selectEngine('cpu')).toThrow(EngineUnavailableError);
  });

  it.skipIf(!nativeAvailable())('auto and cpu use the native engine; cuda says why it is unavailable', () => {
    expect(selectEngine('auto').name).toBe('cpu');
    expect(selectEngine('cpu').name).toBe('cpu');
    expect(() => selectEngine('cuda')).toThrow(EngineUnavailableError);
    expect(() => selectEngine('cuda')).toThrow(/^CUDA not available \((?!CUDA not available).*\); use --backend cpu$/);
  });
});
