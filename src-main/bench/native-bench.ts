import * as fs from 'node:fs';
import * as path from 'node:path';
import { nativeAddonPath } from '../engine/native-loader';
import type { BenchCase } from './cases';
import { lastLine, runChild } from './child-process';
import { parseMeasurement, type EngineOutcome } from './engine-result';

/** Times the native engine on one case in a child Node process (see native-worker.ts). */
export async function benchNative(c: BenchCase, steps: number, threads: number | undefined, verbose: boolean): Promise<EngineOutcome> {
  if (!nativeAddonPath()) {
    return { status: 'skipped', reason: 'native engine not built (run `npm run build:native`)' };
  }
  // The worker must be compiled JS: the bench runs from dist/, and the worker sits beside us.
  const worker = path.join(__dirname, 'native-worker.js');
  if (!fs.existsSync(worker)) {
    return { status: 'skipped', reason: `${worker} missing (run \`npm run build:ts\`)` };
  }
  const args = [worker, c.name, String(steps), String(threads ?? 0)];
  const out = await runChild(process.execPath, args, process.env, verbose);
  if (out.code !== 0) {
    return { status: 'failed', reason: out.stderr.trim().slice(-500) || `worker exited with ${out.code}` };
  }
  return { status: 'measured', result: parseMeasurement(lastLine(out.stdout), 'native') };
}
