import { loadNativeAddon } from '../../src-main/engine/native-loader';
import type { NativeRunResult, NativeRunSpec } from '../../src-main/engine/native-types';

/** Trains one spec with the native addon and resolves with its result (tests only). */
export function trainNativeOnce(spec: NativeRunSpec, threads = 1): Promise<NativeRunResult> {
  const addon = loadNativeAddon();
  return new Promise((resolve, reject) => {
    addon.train(
      [spec],
      { threads },
      () => undefined,
      (error, results) => {
        const result = results?.[0];
        if (error) reject(error);
        else if (!result) reject(new Error('native train returned no result'));
        else if (result.error) reject(new Error(result.error));
        else resolve(result);
      },
    );
  });
}
