/**
 * Crash safety (issue 3): SIGKILL the CLI in the middle of a 120-run sweep, reopen the
 * workspace, find every finished run equal to a clean run of the same seed, the runs in flight
 * marked interrupted, and `--resume` finishing with the same table as an uninterrupted sweep.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { Workspace } from '../../src-main/workspace/workspace';
import { captureIo } from '../cli/capture-io';
import { tempDir } from '../workspace/temp-dir';
import { spawnCli } from './cli-from-source';

const SPEC = {
  name: 'crash-safety',
  base: {
    config: {
      data: { K: 2, d: 16, P: 2, n: 8, nTest: 32, sigmaXi: 0.3 },
      model: { m: 4, sigma0: 0.05 },
      train: { steps: 3000, recordEvery: 10 },
      precision: 'f64',
    },
  },
  grid: [
    {
      path: 'data.mu',
      values: [
        [0.3, 0.05],
        [0.05, 0.3],
      ],
    },
    { path: 'data.n', values: [6, 8, 12] },
  ],
  seeds: 20,
  runsPerBatch: 8,
};
const TOTAL = 120;

let tmp: ReturnType<typeof tempDir>;
let specFile: string;
beforeAll(() => {
  tmp = tempDir('mcl-crash-');
  specFile = path.join(tmp.dir, 'spec.json');
  fs.writeFileSync(specFile, JSON.stringify(SPEC));
});
afterAll(() => tmp.cleanup());

function finishedCount(file: string): number {
  if (!fs.existsSync(file)) return 0;
  try {
    const db = new Database(file, { readonly: true });
    try {
      return (db.prepare("SELECT count(*) AS n FROM runs WHERE status = 'finished'").get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0; // not created yet
  }
}

describe.skipIf(!nativeAvailable())('a sweep killed with SIGKILL', () => {
  it('keeps finished runs intact, marks the ones in flight interrupted, and resumes to the same table', async () => {
    const clean = path.join(tmp.dir, 'clean.mcl');
    const killed = path.join(tmp.dir, 'killed.mcl');

    const io = captureIo();
    expect(await main(['sweep', specFile, '--workspace', clean, '--json'], io)).toBe(0);
    expect(JSON.parse(io.stdout)).toMatchObject({ total: TOTAL, done: TOTAL, failed: 0 });

    const child = spawnCli(['sweep', specFile, '--workspace', killed]);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 60_000;
    while (finishedCount(killed) < 16 && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 25));
    }
    child.kill('SIGKILL');
    expect(await exited, stderr).toBe('SIGKILL');

    const reopened = Workspace.open(killed);
    const cleanWs = Workspace.open(clean);
    try {
      const sweep = reopened.listSweeps()[0];
      expect(sweep).toBeDefined();
      const counts = reopened.countRuns({ sweepId: sweep?.id });
      expect(counts.finished ?? 0).toBeGreaterThanOrEqual(16);
      expect(counts.finished ?? 0).toBeLessThan(TOTAL);
      expect(counts.running ?? 0).toBe(0);
      expect(counts.interrupted ?? 0).toBeGreaterThan(0);

      const cleanRuns = cleanWs.sweepRuns(cleanWs.listSweeps()[0]?.id as number);
      for (const [key, run] of reopened.sweepRuns(sweep?.id as number)) {
        if (run.status !== 'finished') continue;
        const twin = cleanRuns.get(key);
        expect(twin, key).toBeDefined();
        expect(run.summary).toEqual(twin?.summary);
        expect(reopened.getSeries(run.id)).toEqual(cleanWs.getSeries(twin?.id as number));
      }
    } finally {
      reopened.close();
      cleanWs.close();
    }

    const resumeIo = captureIo();
    expect(await main(['sweep', specFile, '--workspace', killed, '--resume', '--json'], resumeIo)).toBe(0);
    const resumed = JSON.parse(resumeIo.stdout) as { skipped: number; done: number; cells: unknown[] };
    expect(resumed.skipped + resumed.done).toBe(TOTAL);
    expect(resumed.skipped).toBeGreaterThanOrEqual(16);

    const a = Workspace.open(clean);
    const b = Workspace.open(killed);
    try {
      expect(b.cellTable(1)).toEqual(a.cellTable(1));
      expect(b.countRuns({ sweepId: 1 })).toEqual({ finished: TOTAL });
      expect(b.listRuns({ sweepId: 1 })).toHaveLength(TOTAL);
    } finally {
      a.close();
      b.close();
    }
  });
});
