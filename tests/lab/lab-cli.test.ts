import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { Workspace } from '../../src-main/workspace/workspace';
import { captureIo } from '../cli/capture-io';
import { sha, tempDir } from '../workspace/temp-dir';
import { TINY_SETTINGS } from './tiny-config';

let tmp: ReturnType<typeof tempDir>;
let ws: string;
let configFile: string;
beforeEach(() => {
  tmp = tempDir('mcl-cli-');
  ws = path.join(tmp.dir, 'lab.mcl');
  configFile = path.join(tmp.dir, 'tiny.json');
  fs.writeFileSync(configFile, JSON.stringify(TINY_SETTINGS));
});
afterEach(() => {
  delete process.env.MODCOMP_TEST_ENGINE_ABORT;
  delete process.env.MODCOMP_TEST_ENGINE_ABORT_SEED;
  tmp.cleanup();
});

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

function writeSpec(seeds: number): string {
  const file = path.join(tmp.dir, 'spec.json');
  fs.writeFileSync(
    file,
    JSON.stringify({ base: { config: TINY_SETTINGS }, grid: [{ path: 'data.n', values: [6, 8] }], seeds, runsPerBatch: 2 }),
  );
  return file;
}

describe('lab commands: help and bad input', () => {
  it('names the default workspace and gives examples in every command help', async () => {
    for (const command of ['sweep', 'list', 'show', 'tag', 'note', 'rm']) {
      const { code, out } = await cli(command, '--help');
      expect(code).toBe(0);
      expect(out).toMatch(/Examples:/);
      expect(out).toMatch(/Default workspace: /);
    }
    expect((await cli('list', '--help')).out).toMatch(/Default workspace: .*modality-competition-lab[/\\]default\.mcl/);
  });

  it('refuses a file that is not a workspace in one line (exit 2) and leaves it untouched', async () => {
    const notes = path.join(tmp.dir, 'notes.txt');
    fs.writeFileSync(notes, 'my notes\n');
    const { code, err } = await cli('list', '--workspace', notes);
    expect(code).toBe(2);
    expect(err).toMatch(/^modcomp: .*notes\.txt is not a workspace \(not an SQLite file\); nothing was changed\n$/);
    expect(fs.readFileSync(notes, 'utf8')).toBe('my notes\n');
  });

  it('reading and annotating commands refuse a missing workspace, creating no file or folder', async () => {
    const typo = path.join(tmp.dir, 'no-such-folder', 'lab.mcl');
    const commands = [
      ['list'],
      ['show', '1'],
      ['tag', '1', 'keep'],
      ['note', '1', 'text'],
      ['rm', '1', '--yes'],
      ['export', '--run', '1'],
      ['sweep', writeSpec(1), '--resume'],
    ];
    for (const args of commands) {
      const r = await cli(...args, '--workspace', typo);
      expect(r, args.join(' ')).toMatchObject({ code: 2, out: '' });
      expect(r.err).toMatch(
        /^modcomp: there is no workspace at .*no-such-folder[/\\]lab\.mcl; check --workspace \(a workspace is made by `modcomp run --workspace FILE`, `modcomp sweep` or `modcomp import-pack`\)\n$/,
      );
    }
    expect(fs.existsSync(path.dirname(typo))).toBe(false);
  });

  it('refuses malformed sweep specs and unknown settings before touching the workspace', async () => {
    const broken = path.join(tmp.dir, 'broken.json');
    fs.writeFileSync(broken, '{ "grid": [');
    let r = await cli('sweep', broken, '--workspace', ws);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^modcomp: sweep spec .*broken\.json is not valid JSON/);
    fs.writeFileSync(broken, JSON.stringify({ grid: [{ path: 'train.stepz', values: [1] }], seeds: 1 }));
    r = await cli('sweep', broken, '--workspace', ws);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown setting train\.stepz; did you mean train\.steps\?/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    r = await cli('sweep', path.join(tmp.dir, 'missing.json'), '--workspace', ws);
    expect(r.err).toMatch(/cannot read sweep spec .*missing\.json: no such file or folder \(ENOENT\)/);
    expect(fs.existsSync(ws)).toBe(false);
  });

  it('refuses bad run ids and filters in one line', async () => {
    Workspace.open(ws).close();
    expect(await cli('show', 'abc', '--workspace', ws)).toMatchObject({ code: 2, err: expect.stringMatching(/"abc" is not a run id/) });
    expect(await cli('show', '99', '--workspace', ws)).toMatchObject({ code: 2, err: expect.stringMatching(/has no run 99/) });
    expect(await cli('list', '--status', 'done', '--workspace', ws)).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--status must be one of/),
    });
    expect(await cli('tag', '1', 'bad tag!', '--workspace', ws)).toMatchObject({ code: 2 });
  });
});

describe.skipIf(!nativeAvailable())('lab commands with the native engine', () => {
  it('records `run --workspace`, then lists, shows, tags, notes and deletes it (rm refuses without a terminal)', async () => {
    const run = await cli('run', configFile, '--workspace', ws, '--experiment', 'first', '--json');
    expect(run.code, run.err).toBe(0);
    expect(run.err).toMatch(/recorded as run 1 in /);
    const summary = JSON.parse(run.out) as { configHash: string };

    const listed = JSON.parse((await cli('list', '--workspace', ws, '--json')).out) as { id: number; status: string }[];
    expect(listed).toEqual([expect.objectContaining({ id: 1, status: 'finished', configHash: summary.configHash })]);
    expect(JSON.parse((await cli('list', '--experiment', 'first', '--workspace', ws, '--json')).out)).toHaveLength(1);
    expect(JSON.parse((await cli('list', '--experiment', 'other', '--workspace', ws, '--json')).out)).toHaveLength(0);
    expect((await cli('tag', '1', 'keep', 'baseline', '--workspace', ws)).out).toBe('run 1 tags: baseline, keep\n');
    expect((await cli('note', '1', 'modality 1 won', '--workspace', ws)).code).toBe(0);
    const shown = JSON.parse((await cli('show', '1', '--workspace', ws, '--json')).out) as {
      summary: { configHash: string };
      tags: string[];
      notes: { text: string }[];
    };
    expect(shown.summary.configHash).toBe(summary.configHash);
    expect(shown.tags).toEqual(['baseline', 'keep']);
    expect(shown.notes.map((n) => n.text)).toEqual(['modality 1 won']);
    expect((await cli('show', '1', '--workspace', ws)).out).toMatch(/run 1: finished[\s\S]*observed winner/);

    const workspace = Workspace.open(ws);
    expect([...workspace.getSeries(1).keys()].sort()).toEqual(['joint', 'unimodal:0', 'unimodal:1']);
    workspace.close();

    const before = sha(ws);
    const refused = await cli('rm', '1', '--workspace', ws);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/add --yes to confirm .*nothing was deleted/);
    expect(sha(ws)).toBe(before);
    expect(await cli('rm', '1', '--yes', '--workspace', ws)).toMatchObject({ code: 0, out: 'deleted 1 run\n' });
    expect(JSON.parse((await cli('list', '--workspace', ws, '--json')).out)).toEqual([]);
  });

  it('records a run whose engine process dies as failed with the reason, and the next run still works', async () => {
    process.env.MODCOMP_TEST_ENGINE_ABORT = '1';
    const crashed = await cli('run', configFile, '--workspace', ws);
    expect(crashed.code).toBe(1);
    expect(crashed.err).toMatch(/the engine process was killed by SIGABRT/);
    delete process.env.MODCOMP_TEST_ENGINE_ABORT;
    expect((await cli('run', configFile, '--workspace', ws)).code).toBe(0);
    const runs = JSON.parse((await cli('list', '--workspace', ws, '--json')).out) as { status: string; error: string | null }[];
    expect(runs.map((r) => r.status)).toEqual(['failed', 'finished']);
    expect(runs[0]?.error).toMatch(/killed by SIGABRT/);
  });

  it('fails only the batch whose engine process dies in a sweep; --resume completes it', async () => {
    const spec = writeSpec(3);
    process.env.MODCOMP_TEST_ENGINE_ABORT_SEED = '3';
    const first = await cli('sweep', spec, '--workspace', ws, '--json');
    expect(first.code).toBe(1);
    const report = JSON.parse(first.out) as { total: number; done: number; failed: number };
    expect(report.total).toBe(6);
    expect(report.failed).toBeGreaterThan(0);
    expect(report.done).toBeGreaterThan(0);
    const failed = JSON.parse((await cli('list', '--status', 'failed', '--workspace', ws, '--json')).out) as { error: string }[];
    expect(failed[0]?.error).toMatch(/SIGABRT/);
    delete process.env.MODCOMP_TEST_ENGINE_ABORT_SEED;
    const resumed = JSON.parse((await cli('sweep', spec, '--workspace', ws, '--resume', '--json')).out) as {
      skipped: number;
      done: number;
      cells: { stats: unknown }[];
    };
    expect(resumed.skipped).toBe(report.done);
    expect(resumed.done).toBe(6 - report.done);
    expect(resumed.cells.every((c) => c.stats !== null)).toBe(true);
    expect((await cli('show', '--sweep', '1', '--workspace', ws)).out).toMatch(/P\(sole 0\)/);
  });

  it("prints a sweep's gap in points, as the app does, and its counts after a run is deleted", async () => {
    const spec = writeSpec(2);
    expect((await cli('sweep', spec, '--workspace', ws)).code).toBe(0);
    const table = (await cli('show', '--sweep', '1', '--workspace', ws)).out;
    const lines = table.split('\n');
    const header = (lines[1] as string).split('\t');
    const gapColumn = header.indexOf('gap mean±sd (points)');
    expect(gapColumn).toBeGreaterThan(0);
    const stats = JSON.parse((await cli('show', '--sweep', '1', '--workspace', ws, '--json')).out) as {
      cells: { stats: { gap: { mean: number }; runs: number } }[];
    };
    // The gap of cell 0 as a fraction, printed as signed points with one decimal.
    const mean = stats.cells[0]?.stats.gap.mean as number;
    expect((lines[2] as string).split('\t')[gapColumn]).toMatch(
      new RegExp(
        `^${mean >= 0 ? '\\+' : '-'}${Math.abs(mean * 100)
          .toFixed(1)
          .replace('.', '\\.')}±`,
      ),
    );
    // Deleting one of cell 0's runs: the table counts the runs that are left.
    const runs = JSON.parse((await cli('list', '--sweep', '1', '--workspace', ws, '--json')).out) as { id: number; cellIndex: number }[];
    const victim = runs.find((r) => r.cellIndex === 0)?.id as number;
    expect((await cli('rm', String(victim), '--yes', '--workspace', ws)).code).toBe(0);
    const after = JSON.parse((await cli('show', '--sweep', '1', '--workspace', ws, '--json')).out) as {
      cells: { stats: { runs: number } }[];
    };
    expect(after.cells.map((c) => c.stats.runs)).toEqual([1, 2]);
  });
});
