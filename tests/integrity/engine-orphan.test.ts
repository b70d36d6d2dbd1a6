/**
 * The engine host dies with its lab: SIGKILL of `modcomp run` (no clean-up runs) must not leave
 * the engine process training on, re-parented to init, for as long as its run lasts.
 */
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import * as path from 'node:path';
import { spawnCli } from '../lab/cli-from-source';
import { tempDir } from '../workspace/temp-dir';

/** Child pids of `pid` (Linux /proc). */
function childrenOf(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    // A zombie (exited, not yet reaped by init) counts as gone.
    return !/^\S+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitFor(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe.skipIf(!nativeAvailable() || process.platform !== 'linux')('the engine host after its lab is killed', () => {
  it('exits instead of training on as an orphan', async () => {
    const tmp = tempDir('mcl-orphan-');
    // A recorded run trains in an engine host; this one lasts far longer than the test, so
    // without the parent watch the host would train on for minutes.
    const cli = spawnCli([
      'run',
      '--backend',
      'cpu',
      '--workspace',
      path.join(tmp.dir, 'o.mcl'),
      '--set',
      'train.steps=5000000',
      '--set',
      'data.d=200',
      '--set',
      'data.n=200',
      '--json',
    ]);
    const cliPid = cli.pid as number;
    let host = 0;
    const found = await waitFor(() => {
      host = childrenOf(cliPid).find((pid) => /engine-host/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) ?? 0;
      return host !== 0;
    }, 60_000);
    expect(found, 'the CLI started an engine host').toBe(true);
    // Let the host begin training (its native worker holds a pool thread from then on).
    await new Promise((r) => setTimeout(r, 1500));
    expect(alive(host)).toBe(true);
    const exited = new Promise((resolve) => cli.once('exit', resolve));
    cli.kill('SIGKILL');
    await exited;
    const gone = await waitFor(() => !alive(host), 20_000);
    if (!gone) process.kill(host, 'SIGKILL');
    tmp.cleanup();
    expect(gone, `engine host ${host} still runs after its lab was killed`).toBe(true);
  }, 120_000);
});
