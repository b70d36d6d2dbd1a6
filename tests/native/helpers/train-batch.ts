import { loadNativeAddon } from '../../../src-main/engine/native-loader';
import type { NativeJob, NativeProgress, NativeRunResult, NativeRunSpec, NativeTrainOptions } from '../../../src-main/engine/native-types';

export interface TrainedBatch {
  results: NativeRunResult[];
  progress: NativeProgress[];
}

/**
 * Trains a batch of specs in one native call and resolves with every result and every progress
 * batch. Rejects on a job error or on any run's own error, so tests never compare failures.
 * `onJob` receives the job handle (to cancel it) and each progress batch as it arrives.
 */
export function trainBatch(
  specs: NativeRunSpec[],
  options: NativeTrainOptions = {},
  onProgress?: (batch: NativeProgress, job: NativeJob) => void,
): Promise<TrainedBatch> {
  const addon = loadNativeAddon();
  const progress: NativeProgress[] = [];
  return new Promise((resolve, reject) => {
    let job: NativeJob | undefined;
    job = addon.train(
      specs,
      options,
      (batch) => {
        progress.push(batch);
        if (onProgress && job) onProgress(batch, job);
      },
      (error, results) => {
        if (error) return reject(error);
        if (!results) return reject(new Error('native train returned no results'));
        const failed = results.find((result) => result.error !== null);
        if (failed) return reject(new Error(`run ${failed.index} failed: ${String(failed.error)}`));
        resolve({ results, progress });
      },
    );
  });
}
