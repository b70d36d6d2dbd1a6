/**
 * Promise + AbortSignal face of the native addon's callback API: `train` resolves with the
 * results of every run in the batch; aborting the signal cancels the native job (it stops within
 * one step and still returns what it has, marked cancelled).
 */
import { loadNativeAddon } from './native-loader';
import type { NativeAddon, NativeProgress, NativeRunResult, NativeRunSpec, NativeTrainOptions } from './native-types';

export interface TrainCallOptions extends NativeTrainOptions {
  signal?: AbortSignal;
  onProgress?: (progress: NativeProgress) => void;
}

export function trainNative(
  specs: NativeRunSpec[],
  options: TrainCallOptions = {},
  addon: NativeAddon = loadNativeAddon(),
): Promise<NativeRunResult[]> {
  const { signal, onProgress, ...nativeOptions } = options;
  return new Promise<NativeRunResult[]>((resolve, reject) => {
    let settled = false;
    const onAbort = (): void => job.cancel();
    const finish = (error: Error | null, results: NativeRunResult[] | undefined): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(error);
      else if (!results) reject(new Error('the native engine finished without results'));
      else resolve(results);
    };
    // A throwing progress consumer (e.g. a closed terminal) must not take the native job down.
    const progress = (batch: NativeProgress): void => {
      try {
        onProgress?.(batch);
      } catch {
        /* progress display is best-effort */
      }
    };
    let job: ReturnType<NativeAddon['train']>;
    try {
      job = addon.train(specs, nativeOptions, progress, finish);
    } catch (err) {
      // The addon validates synchronously and throws on bad arguments.
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (signal) {
      if (signal.aborted) job.cancel();
      else signal.addEventListener('abort', onAbort, { once: true });
    }
  });
}
