/**
 * Ownership of runs and sweeps across processes: a second process can neither take over, end,
 * cancel nor delete the runs a live process holds, nor train a sweep it trains, and is told who
 * holds them; once that process is gone (SIGKILL) its runs are interrupted and may be claimed.
 * A finished run is never rewritten, whoever asks.
 */
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { HeldError, Workspace } from '../../src-main/workspace/workspace';
import { captureIo } from '../cli/capture-io';
import { fakeSeries } from '../workspace/fake-series';
import { tempDir } from '../workspace/temp-dir';
import { startHolder, type HeldByChild } from './holder-process';

let tmp: ReturnType<typeof tempDir>;
let file: string;
let holder: HeldByChild | null = null;
beforeEach(() => {
  tmp = tempDir('mcl-own-');
  file = path.join(tmp.dir, 'lab.mcl');
});
afterEach(async () => {
  await holder?.kill();
  holder = null;
  tmp.cleanup();
});

function rows(): { id: number; status: string; owner_pid: number | null }[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT id, status, owner_pid FROM runs ORDER BY id').all() as {
      id: number;
      status: string;
      owner_pid: number | null;
    }[];
  } finally {
    db.close();
  }
}

describe('runs held by another live process', () => {
  it('cannot be claimed, ended, cancelled or deleted here, and the refusal names the holder', async () => {
    Workspace.open(file).close();
    holder = await startHolder(file, { runs: 3 });
    const before = rows();
    expect(before.map((r) => r.owner_pid)).toEqual([holder.pid, holder.pid, holder.pid]);
    const ws = Workspace.open(file);
    try {
      expect(ws.claimRuns(holder.runIds, 'cpu')).toEqual([]);
      expect(ws.endRuns(holder.runIds, 'cancelled', 'cancelled by the user')).toBe(0);
      ws.finishRuns(holder.runIds.map((runId) => ({ runId, summary: { taken: true } })));
      expect(() => ws.deleteRuns(holder?.runIds ?? [])).toThrow(HeldError);
      expect(() => ws.deleteRuns(holder?.runIds ?? [])).toThrow(
        new RegExp(
          `^run ${holder.runIds.join(', ')} is being recorded by process ${holder.pid} on .+; wait for it to end or stop it there, then delete; nothing was deleted$`,
        ),
      );
    } finally {
      ws.close();
    }
    expect(rows()).toEqual(before);
  });

  it('`modcomp rm` refuses a run another process is recording, exit 2, one line, nothing deleted', async () => {
    Workspace.open(file).close();
    holder = await startHolder(file, { runs: 1 });
    const io = captureIo();
    const code = await main(['rm', '--workspace', file, '--yes', String(holder.runIds[0])], io);
    expect(code).toBe(2);
    expect(io.stderr).toMatch(
      new RegExp(`^modcomp: run ${holder.runIds[0]} is being recorded by process ${holder.pid} on .+; nothing was deleted\\n$`),
    );
    expect(rows()).toHaveLength(1);
  });

  it('are interrupted at the next open once their holder is killed, and can then be claimed', async () => {
    Workspace.open(file).close();
    holder = await startHolder(file, { runs: 2 });
    const ids = holder.runIds;
    await holder.kill();
    const ws = Workspace.open(file);
    try {
      expect(rows().map((r) => r.status)).toEqual(['interrupted', 'interrupted']);
      expect(ws.claimRuns(ids, 'cpu')).toEqual(ids);
      expect(rows().map((r) => [r.status, r.owner_pid])).toEqual([
        ['running', process.pid],
        ['running', process.pid],
      ]);
    } finally {
      ws.close();
    }
  });
});

describe('a sweep another live process trains', () => {
  const spec = {
    name: 'held',
    base: {
      config: { data: { K: 2, d: 16, P: 2, n: 8, nTest: 32 }, model: { m: 4 }, train: { steps: 50, recordEvery: 5 }, precision: 'f64' },
    },
    grid: [{ path: 'data.n', values: [6, 8] }],
    seeds: 2,
    runsPerBatch: 1,
  };

  it('is refused to a second process with the holder named, and nothing is written', async () => {
    Workspace.open(file).close();
    holder = await startHolder(file, { sweepSpec: spec });
    const before = rows();
    const specFile = path.join(tmp.dir, 'spec.json');
    require('node:fs').writeFileSync(specFile, JSON.stringify({ ...spec, runsPerBatch: 4 }));
    for (const args of [
      ['sweep', specFile, '--workspace', file, '--resume'],
      ['sweep', specFile, '--workspace', file],
    ]) {
      const io = captureIo();
      expect(await main(args, io)).toBe(2);
      expect(io.stderr).toMatch(
        new RegExp(
          `^modcomp: sweep ${holder.sweepId} \\("held"\\) is being trained by process ${holder.pid} on .+; wait for it to finish \\(or stop it there\\), then run this again to continue it; nothing was changed\\n$`,
        ),
      );
      expect(io.stderr).not.toMatch(/--resume/);
    }
    expect(rows()).toEqual(before);
  });

  it('is taken over once its holder is dead', async () => {
    Workspace.open(file).close();
    holder = await startHolder(file, { sweepSpec: spec });
    const sweepId = holder.sweepId as number;
    await holder.kill();
    const ws = Workspace.open(file);
    try {
      expect(() => ws.claimSweep(sweepId)).not.toThrow();
      expect(() => ws.assertHolding(sweepId)).not.toThrow();
    } finally {
      ws.close();
    }
  });
});

describe('a finished run', () => {
  it('is never claimed again, and the file itself refuses to un-finish it or drop its summary and series', () => {
    const ws = Workspace.open(file);
    const id = ws.createRun({ config: {}, configHash: 'h', seed: 1, backend: 'cpu', status: 'running' });
    ws.finishRuns([{ runId: id, summary: { done: true }, series: [{ mode: 'joint', series: fakeSeries(4) }] }]);
    expect(ws.claimRuns([id], 'cpu')).toEqual([]);
    expect(ws.endRuns([id], 'cancelled', 'x')).toBe(0);
    ws.close();
    const db = new Database(file);
    try {
      expect(() => db.prepare("UPDATE runs SET status = 'interrupted' WHERE id = ?").run(id)).toThrow(/a finished run is never rewritten/);
      expect(() => db.prepare('DELETE FROM run_summaries WHERE run_id = ?').run(id)).toThrow(/keeps its summary/);
      expect(() => db.prepare('INSERT OR REPLACE INTO run_summaries (run_id, summary_json) VALUES (?, ?)').run(id, '{}')).toThrow(
        /keeps its summary/,
      );
      expect(() => db.prepare('DELETE FROM series_chunks WHERE run_id = ?').run(id)).toThrow(/keeps its series/);
    } finally {
      db.close();
    }
    const again = Workspace.open(file);
    expect(again.getRun(id)).toMatchObject({ status: 'finished', summary: { done: true } });
    expect(again.getSeries(id).get('joint')?.steps.length).toBe(4);
    // Deleting the whole run is still the user's choice.
    expect(again.deleteRuns([id])).toBe(1);
    again.close();
  });
});
