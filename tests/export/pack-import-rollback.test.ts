/**
 * Importing a figure pack is all or nothing: when a workspace write fails part-way (here a full
 * disk, injected after the sweep row and some runs were already written), the workspace holds
 * exactly what it held before, and the error says what failed and that nothing was saved.
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { exportFigurePack, importFigurePack } from '../../src-main/export/figure-pack';
import { Workspace } from '../../src-main/workspace/workspace';
import { recordTinyRun, recordTinySweep } from '../figures/lab-fixtures';
import { tempDir } from '../workspace/temp-dir';

let tmp: ReturnType<typeof tempDir>;
let sweepPack: string;
let runPack: string;
let target: string;

/** Everything an import could add to: runs (with summary, notes, tags, series), sweeps and cells. */
function contents(file: string): unknown {
  const ws = Workspace.open(file);
  try {
    return {
      runs: ws.listRuns().map((r) => ({ run: ws.getRun(r.id), series: [...ws.getSeries(r.id)] })),
      sweeps: ws.listSweeps().map((s) => ({ sweep: s, cells: ws.cellTable(s.id) })),
    };
  } finally {
    ws.close();
  }
}

/** Opens `target` so that the `nth` write named `action` fails as SQLite does on a full disk. */
function openFailingAt(action: RegExp, nth: number): Workspace {
  let seen = 0;
  return Workspace.open(target, {
    faultInjector: (name) => {
      if (action.test(name) && ++seen === nth) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    },
  });
}

async function importInto(ws: Workspace, pack: string): Promise<{ runIds: number[]; sweepId: number | null }> {
  try {
    return await importFigurePack(ws, pack);
  } finally {
    ws.close();
  }
}

describe.skipIf(!nativeAvailable())('figure pack import: all or nothing', () => {
  beforeAll(async () => {
    tmp = tempDir('mcl-pack-rollback-');
    const source = path.join(tmp.dir, 'source.mcl');
    const runId = await recordTinyRun(source, 4, 60);
    const sweepId = await recordTinySweep(source, 2);
    const ws = Workspace.open(source);
    try {
      sweepPack = (
        await exportFigurePack(ws, { sweepId, formats: ['svg'], figures: ['phase-diagram'], out: path.join(tmp.dir, 'sweep.zip') })
      ).path;
      runPack = (await exportFigurePack(ws, { runId, formats: ['svg'], figures: ['gamma'], out: path.join(tmp.dir, 'run-pack') })).path;
    } finally {
      ws.close();
    }
    // The target already holds a run and another sweep, so "as before" is more than "empty".
    target = path.join(tmp.dir, 'target.mcl');
    await importInto(Workspace.open(target), runPack);
    const other = Workspace.open(target);
    other.ensureSweep({ name: 'other', spec: { grid: [] }, specHash: 'f'.repeat(64), seeds: 1, cells: [{ x: 1 }] });
    other.close();
  });
  afterAll(() => tmp?.cleanup());

  const failures: [string, RegExp, number][] = [
    ['the sweep row', /^record the sweep$/, 1],
    ['the new run rows, after the sweep row', /^record new runs$/, 1],
    ['the second run finished, after the first was saved', /^save finished runs$/, 2],
    ['the cell statistics, the last write', /^save sweep statistics$/, 1],
    ['the commit of the whole import', /^import the figure pack /, 1],
  ];
  it.each(failures)('a full disk at %s leaves the workspace as it was, with a clear message', async (_where, action, nth) => {
    const before = contents(target);
    await expect(importInto(openFailingAt(action, nth), sweepPack)).rejects.toThrow(
      new RegExp(
        `^workspace .*target\\.mcl: cannot import the figure pack .*sweep\\.zip: the disk is full; nothing from this change was saved$`,
      ),
    );
    expect(contents(target)).toEqual(before);
  });

  it("a failure that is not SQLite's (a step throwing) rolls back the same way and keeps its message", async () => {
    const before = contents(target);
    const ws = Workspace.open(target);
    vi.spyOn(ws, 'setCellStats').mockImplementation(() => {
      throw new Error('statistics could not be stored');
    });
    await expect(importInto(ws, sweepPack)).rejects.toThrow(/^statistics could not be stored$/);
    expect(contents(target)).toEqual(before);
  });

  it('after the failed attempts the same pack imports whole, once', async () => {
    const before = contents(target) as { runs: unknown[]; sweeps: unknown[] };
    const result = await importInto(Workspace.open(target), sweepPack);
    expect(result.sweepId).not.toBeNull();
    const after = contents(target) as { runs: unknown[]; sweeps: unknown[] };
    expect(after.runs).toHaveLength(before.runs.length + result.runIds.length);
    expect(after.sweeps).toHaveLength(before.sweeps.length + 1);
    await expect(importInto(Workspace.open(target), sweepPack)).rejects.toThrow(
      /already holds this sweep \(id \d+\); import the pack into another workspace/,
    );
    expect(contents(target)).toEqual(after);
  });
});
