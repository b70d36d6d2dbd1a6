/**
 * A second writer on a sweep a live CLI is training, as a careless user does it: the same spec
 * saved with another batch size started with `--resume`, a plain `sweep`, and the lab server's
 * startSweep, all while the first CLI trains. Each is refused with the holder named, and when
 * the first CLI ends every run it trained is finished with its summary and series, still its own.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { captureIo } from '../cli/capture-io';
import { spawnCli } from '../lab/cli-from-source';
import { openServiceFixture } from '../service/service-fixture';
import { tempDir } from '../workspace/temp-dir';

const SPEC = {
  name: 'second-writer',
  base: {
    config: {
      data: { K: 2, d: 50, P: 2, n: 20, nTest: 50, sigmaXi: 0.3 },
      model: { m: 4, sigma0: 0.05 },
      train: { steps: 6000, recordEvery: 20 },
      precision: 'f64',
    },
  },
  grid: [
    {
      path: 'data.mu',
      values: [
        [0.3, 0.05],
        [0.2, 0.2],
        [0.05, 0.3],
      ],
    },
  ],
  seeds: 8,
  runsPerBatch: 8,
};
const TOTAL = 24;

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir('mcl-2nd-');
  fs.writeFileSync(path.join(tmp.dir, 'a.json'), JSON.stringify(SPEC));
  fs.writeFileSync(path.join(tmp.dir, 'b.json'), JSON.stringify({ ...SPEC, runsPerBatch: 1 }));
});
afterAll(() => tmp.cleanup());

interface Row {
  id: number;
  status: string;
  owner_pid: number;
  summary: number;
  chunks: number;
}

function runRows(file: string): Row[] {
  if (!fs.existsSync(file)) return [];
  try {
    const db = new Database(file, { readonly: true });
    try {
      return db
        .prepare(
          `SELECT r.id, r.status, r.owner_pid, (SELECT count(*) FROM run_summaries s WHERE s.run_id = r.id) AS summary,
             (SELECT count(*) FROM series_chunks c WHERE c.run_id = r.id) AS chunks FROM runs r ORDER BY r.id`,
        )
        .all() as Row[];
    } finally {
      db.close();
    }
  } catch {
    return []; // not created yet
  }
}

describe.skipIf(!nativeAvailable())('a second writer on a sweep a live CLI trains', () => {
  it('is refused (resume, plain sweep, lab server) with the holder named; the first CLI finishes every run, nothing lost', async () => {
    const file = path.join(tmp.dir, 'g.mcl');
    const a = spawnCli(['sweep', path.join(tmp.dir, 'a.json'), '--workspace', file, '--json']);
    let aOut = '';
    let aErr = '';
    a.stdout?.on('data', (d: Buffer) => (aOut += d.toString()));
    a.stderr?.on('data', (d: Buffer) => (aErr += d.toString()));
    const aExit = new Promise<number | null>((resolve) => a.once('exit', (code) => resolve(code)));
    // Wait until A has finished some runs and still trains others.
    const deadline = Date.now() + 120_000;
    while (!runRows(file).some((r) => r.status === 'finished') && Date.now() < deadline && a.exitCode === null) {
      await new Promise((r) => setTimeout(r, 25));
    }
    const during = runRows(file);
    expect(a.exitCode, aErr).toBeNull();
    expect(during.some((r) => r.status === 'running')).toBe(true);

    const holderLine = new RegExp(
      `sweep 1 \\("second-writer"\\) is being trained by process ${a.pid} on .+; wait for it to finish \\(or stop it there\\), then run this again to continue it; nothing was changed`,
    );
    const resume = captureIo();
    expect(await main(['sweep', path.join(tmp.dir, 'b.json'), '--workspace', file, '--resume'], resume)).toBe(2);
    expect(resume.stderr).toMatch(new RegExp(`^modcomp: ${holderLine.source}\\n$`));
    const plain = captureIo();
    expect(await main(['sweep', path.join(tmp.dir, 'b.json'), '--workspace', file], plain)).toBe(2);
    expect(plain.stderr).toMatch(holderLine);
    expect(plain.stderr).not.toMatch(/--resume/);

    const server = openServiceFixture();
    try {
      await server.service.switchWorkspace(file);
      await expect(server.service.startSweep({ spec: SPEC })).rejects.toThrow(holderLine);
    } finally {
      await server.cleanup();
    }
    // While A trains, none of the runs it holds changed hands.
    for (const row of runRows(file)) expect(row.owner_pid).toBe(a.pid);

    expect(await aExit, aErr).toBe(0);
    expect(JSON.parse(aOut)).toMatchObject({ total: TOTAL, done: TOTAL, failed: 0, cancelled: 0 });
    const after = runRows(file);
    expect(after).toHaveLength(TOTAL);
    for (const row of after) expect(row).toMatchObject({ status: 'finished', owner_pid: a.pid, summary: 1 });
    for (const row of after) expect(row.chunks).toBeGreaterThan(0);
  }, 240_000);
});
