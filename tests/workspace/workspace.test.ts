import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, type Migration } from '../../src-main/workspace/migrations';
import { concatSeries, downsampleSeries } from '../../src-main/workspace/series-codec';
import { Workspace } from '../../src-main/workspace/workspace';
import { WorkspaceError, WorkspaceTooNewError } from '../../src-main/workspace/workspace-errors';
import { defaultWorkspacePath } from '../../src-main/workspace/default-location';
import { fakeSeries } from './fake-series';
import { sha, tempDir } from './temp-dir';
import { tryMountTmpfs } from './tiny-mount';

let tmp: ReturnType<typeof tempDir>;
let file: string;
beforeEach(() => {
  tmp = tempDir();
  file = path.join(tmp.dir, 'lab.mcl');
});
afterEach(() => tmp.cleanup());

function newRun(ws: Workspace, seed = 1): number {
  return ws.createRun({ config: { seed, data: { K: 2 } }, configHash: `h${seed}`, seed, backend: 'cpu', status: 'running' });
}

describe('workspace file', () => {
  it('creates a WAL workspace at schema version 1 and reopens it with everything intact', () => {
    const ws = Workspace.open(file);
    expect(ws.schemaVersion()).toBe(2);
    const id = newRun(ws, 5);
    ws.appendSeries(id, [{ mode: 'joint', series: fakeSeries(3, 0) }]);
    ws.appendSeries(id, [{ mode: 'joint', series: fakeSeries(2, 15) }]);
    ws.addTags(id, ['keep', 'baseline']);
    ws.addNote(id, 'first try');
    ws.finishRuns([{ runId: id, summary: { seed: 5, gap: 0.1 } }]);
    ws.close();

    const again = Workspace.open(file);
    const run = again.getRun(id);
    expect(run).toMatchObject({ status: 'finished', seed: 5, tags: ['baseline', 'keep'], summary: { seed: 5, gap: 0.1 } });
    expect(run?.notes.map((n) => n.text)).toEqual(['first try']);
    const series = again.getSeries(id).get('joint');
    const expected = concatSeries([fakeSeries(3, 0), fakeSeries(2, 15)]);
    expect(series).toEqual(expected);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    again.close();
  });

  it('stores the final series of a finished run exactly once, replacing the streamed chunks', () => {
    const ws = Workspace.open(file);
    const id = newRun(ws);
    ws.appendSeries(id, [{ mode: 'joint', series: fakeSeries(2, 0) }]);
    ws.finishRuns([{ runId: id, summary: {}, series: [{ mode: 'joint', series: fakeSeries(4, 0) }] }]);
    expect(ws.getSeries(id).get('joint')).toEqual(fakeSeries(4, 0));
    ws.close();
  });

  it('downsamples a series to evenly spaced records, keeping the first and last', () => {
    const small = downsampleSeries(fakeSeries(101), 11);
    expect(Array.from(small.steps)).toEqual([0, 50, 100, 150, 200, 250, 300, 350, 400, 450, 500]);
    expect(small.scalars.length).toBe(11 * 3);
  });

  it('marks runs left running by a dead process as interrupted, and leaves live ones alone', () => {
    const ws = Workspace.open(file);
    const mine = newRun(ws, 1);
    const orphan = newRun(ws, 2);
    ws.close();
    const db = new Database(file);
    db.prepare('UPDATE runs SET owner_pid = 2147483646 WHERE id = ?').run(orphan);
    db.close();
    const again = Workspace.open(file);
    expect(again.getRun(orphan)).toMatchObject({ status: 'interrupted' });
    expect(again.getRun(orphan)?.error).toMatch(/stopped before this run finished/);
    expect(again.getRun(mine)).toMatchObject({ status: 'running' });
    again.close();
  });

  it('deletes runs with their series, tags and notes', () => {
    const ws = Workspace.open(file);
    const id = newRun(ws);
    ws.appendSeries(id, [{ mode: 'joint', series: fakeSeries(2) }]);
    ws.addTags(id, ['x']);
    // A run this process is still recording is refused (see tests/integrity); an ended one goes.
    ws.endRuns([id], 'cancelled', 'stopped');
    expect(ws.deleteRuns([id])).toBe(1);
    expect(ws.getRun(id)).toBeUndefined();
    expect(ws.getSeries(id).size).toBe(0);
    expect(() => ws.addTags(id, ['y'])).toThrow(/has no run/);
    ws.close();
  });

  it('groups runs under named experiments', () => {
    const ws = Workspace.open(file);
    const exp = ws.ensureExperiment('mu sweep');
    expect(ws.ensureExperiment('mu sweep')).toBe(exp);
    const id = ws.createRun({ config: {}, configHash: 'h', seed: 1, backend: 'cpu', status: 'running', experimentId: exp });
    newRun(ws, 2);
    expect(ws.listRuns({ experiment: 'mu sweep' }).map((r) => r.id)).toEqual([id]);
    expect(ws.listExperiments()).toEqual([expect.objectContaining({ name: 'mu sweep', runs: 1 })]);
    ws.close();
  });

  it('names the default location after XDG_DATA_HOME on Linux', () => {
    expect(defaultWorkspacePath({ XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/modality-competition-lab/default.mcl');
    expect(defaultWorkspacePath({}, 'linux')).toMatch(/\.local\/share\/modality-competition-lab\/default\.mcl$/);
  });
});

describe('migrations', () => {
  const fakeV3: Migration = {
    version: 3,
    describe: 'test: a column for run colours',
    up: (db) => db.exec("ALTER TABLE runs ADD COLUMN colour TEXT NOT NULL DEFAULT 'blue'"),
  };

  it('upgrades a v2 file to a fake v3, keeping its runs', () => {
    const ws = Workspace.open(file);
    const id = newRun(ws, 9);
    ws.close();
    const v2 = Workspace.open(file, { migrations: [...MIGRATIONS, fakeV3] });
    expect(v2.schemaVersion()).toBe(3);
    expect(v2.getRun(id)).toMatchObject({ seed: 9 });
    v2.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT colour FROM runs WHERE id = ?').get(id)).toEqual({ colour: 'blue' });
    db.close();
  });

  it('leaves the file at v2 when the v3 migration fails', () => {
    Workspace.open(file).close();
    const broken: Migration = {
      version: 3,
      describe: 'fails half way',
      up: (db) => {
        db.exec('CREATE TABLE half (x)');
        throw new Error('boom');
      },
    };
    expect(() => Workspace.open(file, { migrations: [...MIGRATIONS, broken] })).toThrow(/boom/);
    const ws = Workspace.open(file);
    expect(ws.schemaVersion()).toBe(2);
    ws.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a newer file with a clear error and changes nothing', () => {
    Workspace.open(file, { migrations: [...MIGRATIONS, fakeV3] }).close();
    const before = sha(file);
    expect(() => Workspace.open(file)).toThrow(WorkspaceTooNewError);
    expect(() => Workspace.open(file)).toThrow(/schema version 3, newer than this lab understands \(2\)/);
    expect(sha(file)).toBe(before);
  });
});

describe('files that are not workspaces', () => {
  it('refuses a text file, leaving it untouched', () => {
    fs.writeFileSync(file, 'hello, not a database\n');
    expect(() => Workspace.open(file)).toThrow(/is not a workspace \(not an SQLite file\)/);
    expect(fs.readFileSync(file, 'utf8')).toBe('hello, not a database\n');
  });

  it("refuses another application's SQLite file, leaving it untouched", () => {
    const db = new Database(file);
    db.exec('CREATE TABLE other (x); INSERT INTO other VALUES (1)');
    db.close();
    const before = sha(file);
    expect(() => Workspace.open(file)).toThrow(/SQLite file but not a Modality Competition Lab workspace/);
    expect(sha(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a damaged workspace with a clear error and changes nothing', () => {
    const ws = Workspace.open(file);
    for (let i = 0; i < 20; i++) newRun(ws, i);
    ws.close();
    const bytes = fs.readFileSync(file);
    bytes.fill(0xab, 100, 4096); // the schema page after the 100-byte header
    fs.writeFileSync(file, bytes);
    const before = sha(file);
    expect(() => Workspace.open(file)).toThrow(WorkspaceError);
    expect(() => Workspace.open(file)).toThrow(/damaged or unreadable/);
    expect(sha(file)).toBe(before);
  });

  it('refuses a folder', () => {
    expect(() => Workspace.open(tmp.dir)).toThrow(/is a folder/);
  });

  it.skipIf(process.getuid?.() === 0)('refuses to create a workspace in a read-only folder', () => {
    const ro = path.join(tmp.dir, 'ro');
    fs.mkdirSync(ro);
    fs.chmodSync(ro, 0o555);
    try {
      expect(() => Workspace.open(path.join(ro, 'w.mcl'))).toThrow(/read-only/);
    } finally {
      fs.chmodSync(ro, 0o755);
    }
  });

  it('refuses a read-only folder (a read-only mount) with a clear message and keeps the workspace in it', (ctx) => {
    const mount = tryMountTmpfs(4096);
    if (!mount) return ctx.skip();
    try {
      const inside = path.join(mount.dir, 'lab.mcl');
      const ws = Workspace.open(inside);
      const id = newRun(ws, 3);
      ws.close();
      const before = sha(inside);
      expect(mount.remount('ro')).toBe(true);
      expect(() => Workspace.open(path.join(mount.dir, 'new.mcl'))).toThrow(/folder .* is read-only/);
      expect(() => Workspace.open(inside)).toThrow(/folder .* is read-only .* nothing was changed/);
      expect(sha(inside)).toBe(before);
      expect(mount.remount('rw')).toBe(true);
      const again = Workspace.open(inside);
      expect(again.getRun(id)).toMatchObject({ seed: 3 });
      again.close();
    } finally {
      mount.unmount();
    }
  });
});

describe('failing writes (full disk simulated by an injected write error)', () => {
  it('reports the full disk in one sentence and keeps the data written before', () => {
    let failing = false;
    const ws = Workspace.open(file, {
      faultInjector: () => {
        if (failing) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      },
    });
    const id = newRun(ws, 1);
    ws.appendSeries(id, [{ mode: 'joint', series: fakeSeries(3) }]);
    failing = true;
    expect(() => ws.appendSeries(id, [{ mode: 'joint', series: fakeSeries(3, 100) }])).toThrow(
      /cannot save metrics: the disk is full; nothing from this change was saved/,
    );
    expect(() => ws.finishRuns([{ runId: id, summary: { x: 1 } }])).toThrow(/the disk is full/);
    expect(() => newRun(ws, 2)).toThrow(/the disk is full/);
    failing = false;
    expect(ws.getSeries(id).get('joint')).toEqual(fakeSeries(3));
    expect(ws.getRun(id)).toMatchObject({ status: 'running', summary: null });
    expect(ws.listRuns()).toHaveLength(1);
    ws.close();
  });
});

describe('a really full disk (a tiny tmpfs, where mounting is allowed)', () => {
  it('fails the write that does not fit with a clear message; earlier runs stay intact', (ctx) => {
    const mount = tryMountTmpfs(512);
    if (!mount) return ctx.skip();
    try {
      const inside = path.join(mount.dir, 'lab.mcl');
      const ws = Workspace.open(inside);
      const id = newRun(ws, 1);
      ws.finishRuns([{ runId: id, summary: { ok: true }, series: [{ mode: 'joint', series: fakeSeries(10) }] }]);
      // A finished run takes no more records: the disk is filled through a second, running run.
      const filling = newRun(ws, 2);
      let error: unknown = null;
      try {
        for (let i = 0; i < 2000; i++) ws.appendSeries(filling, [{ mode: 'joint', series: fakeSeries(500, i) }]);
      } catch (err) {
        error = err;
      }
      expect(String(error)).toMatch(/the disk is full; nothing from this change was saved/);
      ws.close();
      const again = Workspace.open(inside);
      expect(again.getRun(id)).toMatchObject({ status: 'finished', summary: { ok: true } });
      again.close();
    } finally {
      mount.unmount();
    }
  });
});

describe('two processes on one workspace (WAL, busy timeout, short transactions)', () => {
  it('lets two connections write concurrently without losing either side', async () => {
    const a = Workspace.open(file);
    const b = Workspace.open(file);
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) {
      ids.push(newRun(a, i));
      ids.push(newRun(b, 100 + i));
    }
    expect(new Set(ids).size).toBe(100);
    expect(a.listRuns()).toHaveLength(100);
    a.close();
    b.close();
  });

  it('a second process waits for a long write instead of failing', async () => {
    Workspace.open(file).close();
    const { spawn } = await import('node:child_process');
    // The child holds a write transaction for 600 ms; our write must wait, then succeed.
    const script = `
      const D = require(${JSON.stringify(require.resolve('better-sqlite3'))});
      const db = new D(${JSON.stringify(file)});
      db.exec('BEGIN IMMEDIATE');
      db.exec("INSERT INTO experiments (name, created_at) VALUES ('held', 'now')");
      process.stdout.write('locked\\n');
      setTimeout(() => { db.exec('COMMIT'); db.close(); }, 600);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    const ws = Workspace.open(file, { busyTimeoutMs: 5000 });
    const id = newRun(ws, 7);
    expect(ws.getRun(id)).toBeDefined();
    await new Promise((resolve) => child.once('exit', resolve));
    ws.close();
  });

  it('a write that waits longer than the busy timeout fails with a clear message and changes nothing', async () => {
    Workspace.open(file).close();
    const holder = new Database(file);
    holder.pragma('busy_timeout = 0');
    holder.exec('BEGIN IMMEDIATE');
    const ws = Workspace.open(file, { busyTimeoutMs: 50 });
    expect(() => newRun(ws, 1)).toThrow(/another process kept the workspace busy/);
    holder.exec('ROLLBACK');
    holder.close();
    expect(ws.listRuns()).toHaveLength(0);
    ws.close();
  });
});
