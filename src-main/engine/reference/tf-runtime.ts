import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** Which tfjs backend the reference engine computes with, and why a faster one was not used. */
export interface TfRuntime {
  tf: typeof tf;
  backend: 'tensorflow' | 'wasm' | 'cpu';
  /** Why the preferred backends were skipped (empty when the first choice worked). */
  notes: string[];
}

let pending: Promise<TfRuntime> | null = null;

/**
 * Picks the backend once per process: tfjs-node-gpu when the user has it installed (it cannot be
 * installed on the project's build machines, so it is never a dependency), else the wasm backend
 * loading its .wasm from the package's own dist folder (a file path: no network), else plain 'cpu'.
 * `MODCOMP_TFJS_BACKEND=cpu|wasm` forces a choice (for debugging a backend difference).
 */
export function tfRuntime(): Promise<TfRuntime> {
  if (!pending) pending = initialise();
  return pending;
}

async function initialise(): Promise<TfRuntime> {
  const notes: string[] = [];
  const forced = process.env.MODCOMP_TFJS_BACKEND;
  if (!forced && (await tryNodeGpu(notes))) return { tf, backend: 'tensorflow', notes };
  if (forced !== 'cpu' && (await tryWasm(notes))) return { tf, backend: 'wasm', notes };
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, backend: 'cpu', notes };
}

async function tryNodeGpu(notes: string[]): Promise<boolean> {
  try {
    // A computed name keeps bundlers and tsc from treating this optional package as a dependency.
    const optionalPackage = '@tensorflow/tfjs-node-gpu';
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(optionalPackage);
    return (await tf.setBackend('tensorflow')) && tf.getBackend() === 'tensorflow';
  } catch (err) {
    notes.push(`tfjs-node-gpu not usable: ${firstLine(err)}`);
    return false;
  }
}

async function tryWasm(notes: string[]): Promise<boolean> {
  try {
    // The package's main entry lives in dist/, next to the .wasm binaries.
    const distFolder = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    setWasmPaths(distFolder + path.sep);
    const ok = await tf.setBackend('wasm');
    await tf.ready();
    if (ok && tf.getBackend() === 'wasm') return true;
    notes.push('wasm backend did not initialise; using cpu');
  } catch (err) {
    notes.push(`wasm backend failed (${firstLine(err)}); using cpu`);
  }
  return false;
}

function firstLine(err: unknown): string {
  return String(err instanceof Error ? err.message : err).split('\n')[0] ?? '';
}
