/**
 * Picks the engine for a run from the `backend` setting:
 *   cpu       native C++ addon (must be built)
 *   reference TypeScript + tfjs autodiff (loaded lazily: tfjs is slow to import)
 *   auto      native on the GPU when CUDA is available, else native on the CPU, else the
 *             reference engine, with a note saying why
 *   cuda      native on the GPU, refused with the addon's reason when CUDA is not available
 */
import { EngineUnavailableError, RunRefusedError } from './engine-errors';
import { trainNative } from './native-engine';
import { loadNativeAddon } from './native-loader';
import type { NativeProgress, NativeRunResult, NativeRunSpec } from './native-types';

export type BackendChoice = 'auto' | 'cpu' | 'reference' | 'cuda';
export type EngineName = 'cpu' | 'reference' | 'cuda';

export interface EngineRunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: NativeProgress) => void;
  /** Native worker threads (0 = every core); the reference engine ignores it. */
  threads?: number;
}

export interface Engine {
  name: EngineName;
  train(spec: NativeRunSpec, options: EngineRunOptions): Promise<NativeRunResult>;
}

export { EngineUnavailableError, RunRefusedError } from './engine-errors';

/**
 * The addon names a refused run by its place in the batch ("specs[0]: data.P must be ..."); for
 * a single run the place is noise, so this returns the setting's own words, or null when the
 * message does not refuse that run.
 */
export function singleRunRefusal(message: string): string | null {
  const match = /^specs\[0\]:\s*([\s\S]*)$/.exec(message);
  return match ? (match[1] ?? '') : null;
}

function firstResult(results: NativeRunResult[]): NativeRunResult {
  const result = results[0];
  if (!result) throw new Error('the native engine returned no result');
  if (result.error) throw new RunRefusedError(result.error);
  return result;
}

function nativeEngine(name: 'cpu' | 'cuda'): Engine {
  return {
    name,
    async train(spec, { signal, onProgress, threads }) {
      let results: NativeRunResult[];
      try {
        results = await trainNative([{ ...spec, backend: name }], { signal, onProgress, threads });
      } catch (err) {
        // The addon throws synchronously, naming the setting, for every argument it refuses.
        if (err instanceof TypeError || err instanceof RangeError) {
          throw new RunRefusedError(singleRunRefusal(err.message) ?? err.message);
        }
        throw err;
      }
      return firstResult(results);
    },
  };
}

function referenceEngine(): Engine {
  return {
    name: 'reference',
    async train(spec, { signal, onProgress }) {
      const { trainReference } = await import('./reference');
      return trainReference(spec, { signal, onProgress });
    },
  };
}

/** `note` receives one-line remarks for stderr (e.g. why auto fell back to the reference engine). */
export function selectEngine(backend: BackendChoice, note: (text: string) => void = () => {}): Engine {
  switch (backend) {
    case 'reference':
      return referenceEngine();
    case 'cpu':
      try {
        loadNativeAddon();
      } catch (err) {
        throw new EngineUnavailableError((err as Error).message);
      }
      return nativeEngine('cpu');
    case 'auto':
      try {
        const cuda = loadNativeAddon().capabilities().cuda;
        if (cuda.available) return nativeEngine('cuda');
        return nativeEngine('cpu');
      } catch (err) {
        note(`using the slow reference engine: ${(err as Error).message}`);
        return referenceEngine();
      }
    case 'cuda': {
      let cuda;
      try {
        cuda = loadNativeAddon().capabilities().cuda;
      } catch (err) {
        throw new EngineUnavailableError((err as Error).message);
      }
      if (!cuda.available) {
        const reason = /^CUDA not available/.test(cuda.reason) ? cuda.reason : `CUDA not available (${cuda.reason})`;
        throw new EngineUnavailableError(`${reason}; use --backend cpu`);
      }
      return nativeEngine('cuda');
    }
  }
}
