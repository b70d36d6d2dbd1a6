import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { nativeAddonPath } from '../../../src-main/engine/native-loader';

/**
 * Runs a JavaScript snippet in a fresh Node process with the addon loaded as `addon`, so that a
 * native crash (a signal) shows up as this function's result instead of killing the test runner.
 */
export function runWithAddonInChild(body: string, timeoutMs = 60_000): SpawnSyncReturns<string> {
  const script = `const addon = require(${JSON.stringify(nativeAddonPath())});\n${body}`;
  return spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: timeoutMs });
}
