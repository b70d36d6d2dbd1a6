/**
 * Two sweep processes and a lab server on one workspace, one of them killed with SIGKILL at a
 * random moment of its work in each of 100 rounds (seeded) and started again. After each round: every run
 * that anyone had finished is still finished with its summary and series, and once the
 * workspace is opened no queued or running run is held by a process that is gone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { Workspace } from '../../src-main/workspace/workspace';
import { ROOT } from '../lab/cli-from-source';
import { tempDir } from '../workspace/temp-dir';

const ROUNDS = 100;
const HOOK = path.join(ROOT, 'tools', 'ts-require-hook.js');
const WRITER = path.join(__dirname, 'soak-writer.ts');

const spec = (name: string, values: number[], seeds: number) => ({
  name,
  base: {
    config: {
      data: { K: 2, d: 8, P: 2, n: 6, nTest: 8 },
      model: { m: 4 },
      train: { steps: 40, recordEvery: 5 },
      precision: 'f64',
      backend: 'cpu',
    },
  },
  grid: [{ path: 'data.n', values }],
  seeds,
  runsPerBatch: 4,
  seriesPoints: 8,
});
// Different grids, so two sweeps (a sweep is identified by its spec, its name aside).
// Seeds enough that the sweeps are still being trained in most rounds: a working writer records
// tens of runs a second, and 1000 seeds a sweep were all done within the first third of the rounds.
const SPECS = [spec('soak-a', [6, 8], 3000), spec('soak-b', [7, 9], 3000)];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const tmp = tempDir('mcl-soak-');
afterAll(() => tmp.cleanup());

describe.skipIf(!nativeAvailable())('two sweep processes and a server under random kills', () => {
  it(`keeps every finished run and leaves no run to a dead holder, over ${ROUNDS} rounds`, async () => {
    const file = path.join(tmp.dir, 'soak.mcl');
    const cache = path.join(tmp.dir, 'ts-cache');
    fs.mkdirSync(cache);
    Workspace.open(file).close();
    const random = rng(13);
    const errors: string[] = [];
    /** A writer, and whether it got to work (false: it exited before saying it was ready). */
    interface Writer {
      child: ChildProcess;
      ready: Promise<boolean>;
    }
    const start = (role: string): Writer => {
      const child = spawn(process.execPath, ['--require', HOOK, WRITER, role, file, JSON.stringify(SPECS)], {
        cwd: ROOT,
        // Transpiled once, not at each of the hundred restarts (see tools/ts-require-hook.js).
        env: { ...process.env, MODCOMP_TS_CACHE: cache },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stderr?.on('data', (d: Buffer) => errors.push(d.toString()));
      const ready = new Promise<boolean>((resolve) => {
        child.stdout?.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(true));
        child.once('exit', () => resolve(false));
      });
      void ready.then((ok) => ok || errors.push(`soak writer ${role} failed: it exited before it was ready`));
      return { child, ready };
    };
    const roles = ['sweep', 'sweep', 'server'];
    const writers = roles.map(start);
    const finishedEver = new Set<number>();
    let kills = 0;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const victim = Math.floor(random() * writers.length);
        const { child, ready } = writers[victim] as Writer;
        // Killed at a random moment of its work: starting a writer takes seconds on busy cores,
        // and a writer killed before it began would test nothing.
        await ready;
        await new Promise((r) => setTimeout(r, 200 + random() * 1000));
        const exited = new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r(null) : child.once('exit', r)));
        child.kill('SIGKILL');
        await exited;
        kills++;

        // Opening the workspace marks what the dead writer held as interrupted.
        const ws = Workspace.open(file, { busyTimeoutMs: 30_000 });
        ws.close();
        const db = new Database(file, { readonly: true });
        try {
          db.pragma('busy_timeout = 30000');
          const rows = db
            .prepare(
              `SELECT r.id, r.status, r.owner_pid, (SELECT count(*) FROM run_summaries s WHERE s.run_id = r.id) AS summary,
                 (SELECT count(*) FROM series_chunks c WHERE c.run_id = r.id) AS chunks FROM runs r`,
            )
            .all() as { id: number; status: string; owner_pid: number; summary: number; chunks: number }[];
          const byId = new Map(rows.map((r) => [r.id, r]));
          for (const id of finishedEver) {
            const row = byId.get(id);
            expect(row, `round ${round}: finished run ${id} vanished`).toBeDefined();
            expect(row?.status, `round ${round}: run ${id}`).toBe('finished');
            expect(row?.summary, `round ${round}: run ${id}'s summary`).toBe(1);
            expect(row?.chunks, `round ${round}: run ${id}'s series`).toBeGreaterThan(0);
          }
          for (const row of rows) {
            if (row.status === 'finished') {
              expect(row.summary, `round ${round}: run ${row.id} finished without a summary`).toBe(1);
              finishedEver.add(row.id);
            }
            if (row.status === 'queued' || row.status === 'running') {
              expect(pidAlive(row.owner_pid), `round ${round}: run ${row.id} is held by dead process ${row.owner_pid}`).toBe(true);
            }
          }
        } finally {
          db.close();
        }
        writers[victim] = start(roles[victim] as string);
      }
    } finally {
      for (const w of writers) w.child.kill('SIGKILL');
    }
    expect(errors.filter((e) => /soak writer .* failed/.test(e))).toEqual([]);
    expect(kills).toBe(ROUNDS);
    // The writers made progress between the kills (a soak that trained nothing would prove
    // nothing): with 1000 seeds a sweep, all 4000 sweep runs and about 100 of the server's were
    // finished, on two cores with a load average near 10.
    expect(finishedEver.size).toBeGreaterThan(500);
    // A generous limit: each round waits for its writer to start, which took up to 22 s on busy cores.
  }, 1_800_000);
});
