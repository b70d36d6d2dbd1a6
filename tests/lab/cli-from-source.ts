import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
const HOOK = path.join(ROOT, 'tools', 'ts-require-hook.js');
const MAIN = path.join(ROOT, 'src-main', 'cli', 'main.ts');

/** Starts `modcomp ARGS` from the TypeScript sources in a separate process (no build needed). */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const script = `require(${JSON.stringify(MAIN)}).main(process.argv.slice(1)).then((c) => process.exit(c))`;
  return spawn(process.execPath, ['--require', HOOK, '-e', script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
}
