/**
 * The failures a careless user meets say what is wrong and what to do in one sentence, the lab
 * server's status says whose fault it is, and a refused or missing workspace leaves its folder
 * exactly as it was.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { startLabServer, type LabServer } from '../../src-main/server/lab-server';
import { createLabService, type LabService } from '../../src-main/service/lab-service';
import { MIGRATIONS, type Migration } from '../../src-main/workspace/migrations';
import { Workspace } from '../../src-main/workspace/workspace';
import { captureIo } from '../cli/capture-io';
import { recordTinyRun } from '../figures/lab-fixtures';
import { call, request } from '../server/http-client';
import { tempDir } from '../workspace/temp-dir';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('mcl-msg-');
});
afterEach(() => tmp.cleanup());

const listing = (): string[] => fs.readdirSync(tmp.dir).sort();

describe('the lab server says whose fault a failure is', () => {
  let service: LabService;
  let server: LabServer;
  beforeEach(async () => {
    service = createLabService({ workspacePath: path.join(tmp.dir, 'lab.mcl'), host: 'server', progressIntervalMs: 20 });
    const staticDir = path.join(tmp.dir, 'static');
    fs.mkdirSync(staticDir);
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>lab</title>');
    server = await startLabServer({ service, port: 0, staticDir });
  });
  afterEach(async () => {
    await server.close();
    await service.close();
  });

  it('answers a body nested 100,000 levels deep with 400 and a sentence, not a stack overflow', async () => {
    const deep = `{"args":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const reply = await request(server.port, {
      method: 'POST',
      path: '/api/call/getRun',
      headers: { 'X-Modcomp-Token': server.token },
      body: deep,
    });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error.message).toBe('the request body is nested more than 200 levels deep; nothing was read');
  });

  it('answers a run or sweep that does not exist with 404, cancelling a run that is not running with 409', async () => {
    const missing = await call(server.port, server.token, 'getRun', { runId: 99999 });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body).error.message).toMatch(/^there is no run 99999 in the workspace lab\.mcl$/);
    const noSweep = await call(server.port, server.token, 'cancelSweep', { sweepId: 5 });
    expect(noSweep.status).toBe(404);
    expect(JSON.parse(noSweep.body).error.message).toBe('there is no sweep 5 in the workspace lab.mcl');

    // A run that has already ended, recorded by another connection to the same file.
    const ws = Workspace.open(path.join(tmp.dir, 'lab.mcl'));
    let id: number;
    try {
      id = ws.createRun({ config: {}, configHash: 'h', seed: 1, backend: 'cpu', status: 'running' });
      ws.endRuns([id], 'failed', 'a failure for the test');
    } finally {
      ws.close();
    }
    const ended = await call(server.port, server.token, 'cancelRun', { runId: id });
    expect(ended.status).toBe(409);
    expect(JSON.parse(ended.body).error.message).toBe(`run ${id} is not running (it is failed)`);
  });

  it("answers the remedy comparison's user mistakes with 4xx: an unknown preset 400, cancel or export with none run 409", async () => {
    const unknown = await call(server.port, server.token, 'startComparison', { preset: 'no-such-preset', seeds: 1 });
    expect(unknown.status).toBe(400);
    expect(JSON.parse(unknown.body).error.message).toMatch(/^unknown preset "no-such-preset"; choose one of competition, /);
    const cancel = await call(server.port, server.token, 'cancelComparison', {});
    expect(cancel.status).toBe(409);
    expect(JSON.parse(cancel.body).error.message).toBe('no remedy comparison is running');
    const exported = await call(server.port, server.token, 'exportPack', {
      comparison: true,
      out: path.join(tmp.dir, 'pack'),
      formats: ['svg'],
    });
    expect(exported.status).toBe(409);
    expect(JSON.parse(exported.body).error.message).toBe(
      'no remedy comparison has run in this lab session; start one, then export its figures',
    );
    expect(fs.existsSync(path.join(tmp.dir, 'pack'))).toBe(false);
  });

  it.skipIf(!nativeAvailable())('answers an export to a destination that exists with 400 and leaves it alone (was 500)', async () => {
    const id = await recordTinyRun(path.join(tmp.dir, 'lab.mcl'), 4, 20);
    const out = path.join(tmp.dir, 'taken');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'mine.txt'), 'keep me');
    const reply = await call(server.port, server.token, 'exportPack', { runId: id, out, formats: ['svg'] });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error.message).toBe(`${out} already exists and is not empty; choose another --out or remove it first`);
    expect(fs.readdirSync(out)).toEqual(['mine.txt']);
  });

  it('answers an import of something that is not a pack with 400', async () => {
    const reply = await call(server.port, server.token, 'importPack', { path: '/dev/zero' });
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.body).error.message).toMatch(/\/dev\/zero is not a regular file/);
  });
});

describe('the CLI on user mistakes', () => {
  it('refuses a configuration too large for the reference engine with exit 2, not an internal error', async () => {
    const io = captureIo();
    expect(await main(['run', '--backend', 'reference', '--set', 'data.d=1000000', '--set', 'data.n=100000'], io)).toBe(2);
    expect(io.stderr).toMatch(/^modcomp: the reference engine is for small configurations: .*; use the native backend\n$/);
  });
});

describe('damaged workspaces', () => {
  it('a dropped table or a lost schema version is named at open, not met later as a raw SQLite error', async () => {
    for (const [damage, message] of [
      ['DROP TABLE tags', /is damaged \(its table tags is missing\); restore a backup or start a new workspace; nothing was changed\n$/],
      [
        'DELETE FROM schema_version',
        /is damaged \(its schema version is missing\); restore a backup or start a new workspace; nothing was changed\n$/,
      ],
    ] as const) {
      const file = path.join(tmp.dir, `damaged-${damage.split(' ')[0]}.mcl`);
      Workspace.open(file).close();
      const db = new Database(file);
      db.exec(damage);
      db.close();
      const io = captureIo();
      expect(await main(['list', '--workspace', file], io)).toBe(2);
      expect(io.stderr).toMatch(message);
      expect(io.stderr).not.toMatch(/no such table|already exists|internal error/);
    }
  });
});

describe.skipIf(!nativeAvailable())('`show` of a damaged run', () => {
  it('names the damaged configuration or summary in one line, exit 2, printing nothing else (was an internal error)', async () => {
    const file = path.join(tmp.dir, 'show.mcl');
    const id = await recordTinyRun(file, 3, 20);
    const ok = captureIo();
    expect(await main(['show', String(id), '--workspace', file], ok)).toBe(0);
    expect(ok.stdout).toMatch(/^run \d+: finished\n/);
    // The configuration first: the summary is still whole, so it is the one named.
    for (const [damage, what] of [
      [`UPDATE runs SET config_json = '{"a":1}'`, 'configuration'],
      [`UPDATE run_summaries SET summary_json = '{"modes":"x"}'`, 'summary'],
    ] as const) {
      const db = new Database(file);
      db.exec(damage);
      db.close();
      const io = captureIo();
      expect(await main(['show', String(id), '--workspace', file], io)).toBe(2);
      expect(io.stdout).toBe('');
      expect(io.stderr).toMatch(
        new RegExp(
          `^modcomp: workspace .*show\\.mcl: run ${id}'s ${what} is damaged \\(.+\\); see it as stored with \`modcomp show ${id} --json\`, delete the run with \`modcomp rm\` or restore a backup\\n$`,
        ),
      );
      const json = captureIo();
      expect(await main(['show', String(id), '--workspace', file, '--json'], json)).toBe(0);
    }
  });
});

describe('no writes on refusal', () => {
  it('`list` on a 0-byte file refuses it and leaves it empty', async () => {
    const empty = path.join(tmp.dir, 'empty.mcl');
    fs.writeFileSync(empty, '');
    const io = captureIo();
    expect(await main(['list', '--workspace', empty], io)).toBe(2);
    expect(io.stderr).toMatch(/empty\.mcl is an empty file, not a workspace; .*nothing was changed\n$/);
    expect(fs.statSync(empty).size).toBe(0);
    expect(listing()).toEqual(['empty.mcl']);
  });

  it('`import-pack` of a path that does not exist creates no workspace', async () => {
    const io = captureIo();
    expect(await main(['import-pack', '--workspace', path.join(tmp.dir, 'fresh.mcl'), path.join(tmp.dir, 'nonexistent')], io)).toBe(2);
    expect(io.stderr).toMatch(/nonexistent does not exist; give the folder or \.zip a figure pack was exported to\n$/);
    expect(listing()).toEqual([]);
  });

  it('a workspace refused as too new keeps no -wal or -shm beside it', () => {
    const file = path.join(tmp.dir, 'new.mcl');
    const future: Migration = { version: 99, describe: 'a later lab', up: (db) => db.exec('CREATE TABLE later (x)') };
    Workspace.open(file, { migrations: [...MIGRATIONS, future] }).close();
    const before = listing();
    expect(() => Workspace.open(file)).toThrow(/schema version 99, newer than this lab understands/);
    expect(listing()).toEqual(before);
    expect(before).toEqual(['new.mcl']);
  });

  it('a note with a lone surrogate is refused instead of being stored as other characters', () => {
    const ws = Workspace.open(path.join(tmp.dir, 'notes.mcl'));
    try {
      const id = ws.createRun({ config: {}, configHash: 'h', seed: 1, backend: 'cpu', status: 'running' });
      expect(() => ws.addNote(id, 'half \ud800 a character')).toThrow(/^the note holds a lone UTF-16 surrogate .*; nothing was saved$/);
      ws.addNote(id, 'a whole one: \u{1F600}');
      expect(ws.getRun(id)?.notes.map((n) => n.text)).toEqual(['a whole one: \u{1F600}']);
    } finally {
      ws.close();
    }
  });
});
