import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NativeAddon } from './native-types';

/** Where `npm run build:native` (cmake-js) puts the addon, relative to the repository root. */
const CANDIDATES = ['build/native/Release/modcomp_native.node', 'build/native/Debug/modcomp_native.node'];

let cached: NativeAddon | null = null;
let cachedError: Error | null = null;

function repositoryRoot(): string {
  // Works from src-main/engine (ts, under vitest) and from dist/src-main/engine (compiled js).
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
}

/**
 * In the packaged desktop app the addon is unpacked from the asar archive (forge.config.ts), so
 * its real file is under `<resources>/app.asar.unpacked/`; Electron sets `process.resourcesPath`
 * (plain Node does not, so the CLI never looks there).
 */
function packagedCandidates(): string[] {
  const resources = (process as { resourcesPath?: unknown }).resourcesPath;
  if (typeof resources !== 'string' || resources === '') return [];
  return [path.join(resources, 'app.asar.unpacked', CANDIDATES[0]!)];
}

/** Absolute path of the addon file this process would load, or null when none is built. */
export function nativeAddonPath(): string | null {
  const override = process.env.MODCOMP_NATIVE_ADDON;
  if (override) return path.resolve(override);
  for (const full of packagedCandidates()) {
    if (fs.existsSync(full)) return full;
  }
  const root = repositoryRoot();
  for (const candidate of CANDIDATES) {
    const full = path.join(root, candidate);
    if (fs.existsSync(full)) return full;
  }
  return null;
}

/** Loads the native addon once; throws a clear error naming the fix when it is missing. */
export function loadNativeAddon(): NativeAddon {
  if (cached) return cached;
  if (cachedError) throw cachedError;
  const file = nativeAddonPath();
  if (!file) {
    cachedError = new Error(
      'the native engine is not built (no build/native/Release/modcomp_native.node); ' +
        'run `npm run build:native`, or use --backend reference',
    );
    throw cachedError;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    cached = require(file) as NativeAddon;
    return cached;
  } catch (err) {
    cachedError = new Error(`the native engine at ${file} could not be loaded: ${(err as Error).message}`);
    throw cachedError;
  }
}

/** True when the addon loads; never throws. */
export function nativeAvailable(): boolean {
  try {
    loadNativeAddon();
    return true;
  } catch {
    return false;
  }
}
