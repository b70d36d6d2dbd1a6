import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { buildSummary } from '../../src-main/runs/run-summary';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { forkTransport } from '../../src-main/engine-host/engine-transport';
import { Orchestrator } from '../../src-main/engine-host/orchestrator';
import { RunRecorder } from '../../src-main/runs/run-recorder';
import { Workspace } from '../../src-main/workspace/workspace';
import { captureIo } from '../cli/capture-io';
import { tempDir } from '../workspace/temp-dir';
import { TINY_SETTINGS, tinyConfig } from './tiny-config';
import { toRunSpec } from '../../src-main/config/resolve';

let tmp: ReturnType<typeof tempDir>;
let orchestrator: Orchestrator | null = null;
beforeEach(() => {
  tmp = tempDir('mcl-rec-');
});
afterEach(() => {
  orchestrator?.close();
  orchestrator = null;
  tmp.cleanup();
});

describe.skipIf(!nativeAvailable())('recording runs as they progress', () => {
  it('appends metric chunks while the run trains, then stores the complete series once it finishes', async () => {
    const ws = Workspace.open(path.join(tmp.dir, 'lab.mcl'));
    orchestrator = new Orchestrator({ transport: forkTransport(), progressIntervalMs: 20 });
    const config = tinyConfig(11, 40_000);
    const recorder = RunRecorder.begin(ws, config, 'cpu', 50);
    let chunksWhileRunning = 0;
    const job = orchestrator.submit([toRunSpec(config)], {
      onProgress: (p) => {
        recorder.progress(p);
        if (chunksWhileRunning === 0) chunksWhileRunning = ws.getSeries(recorder.runId).size;
      },
    });
    const outcome = await job.done;
    expect(outcome.status).toBe('finished');
    if (outcome.status !== 'finished') return;
    expect(chunksWhileRunning).toBeGreaterThan(0);
    const result = outcome.results[0];
    if (!result) throw new Error('no result');
    recorder.finish(result, buildSummary({ config, result, backendUsed: 'cpu' }));
    const stored = ws.getSeries(recorder.runId);
    for (const mode of result.modes) {
      expect(Array.from(stored.get(mode.mode)?.steps ?? [])).toEqual(Array.from(mode.series.steps));
      expect(stored.get(mode.mode)?.alignments).toEqual(mode.series.alignments);
    }
    expect(ws.getRun(recorder.runId)).toMatchObject({ status: 'finished' });
    ws.close();
  });

  it('runs one job per backend at a time, and different backends side by side', async () => {
    orchestrator = new Orchestrator({ transport: forkTransport(), concurrency: { a: 1, b: 1 } });
    const running = new Set<number>();
    let most = 0;
    orchestrator.on('job', (e: { jobId: number; status: string }) => {
      if (e.status === 'running') running.add(e.jobId);
      else running.delete(e.jobId);
      most = Math.max(most, running.size);
    });
    const jobs = [
      orchestrator.submit([toRunSpec(tinyConfig(1))], { backend: 'a' }),
      orchestrator.submit([toRunSpec(tinyConfig(2))], { backend: 'a' }),
      orchestrator.submit([toRunSpec(tinyConfig(3))], { backend: 'b' }),
    ];
    expect(orchestrator.counts).toMatchObject({ running: 2, queued: 1 });
    await Promise.all(jobs.map((j) => j.done));
    expect(most).toBe(2);
  });

  it('stops a sweep on Ctrl-C with its unfinished runs marked cancelled, and --resume completes it', async () => {
    const ws = path.join(tmp.dir, 'lab.mcl');
    const spec = path.join(tmp.dir, 'spec.json');
    fs.writeFileSync(
      spec,
      JSON.stringify({
        base: { config: { ...TINY_SETTINGS, train: { steps: 100_000, recordEvery: 1000 } } },
        grid: [{ path: 'data.n', values: [6, 8] }],
        seeds: 4,
        runsPerBatch: 2,
      }),
    );
    const io = captureIo();
    const pending = main(['sweep', spec, '--workspace', ws, '--json'], io);
    // Ctrl-C once the first batch is stored, so some runs are finished and some are not.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !io.stdout) {
      const db = fs.existsSync(ws) ? new Database(ws, { readonly: true }) : null;
      const finished = db ? (db.prepare("SELECT count(*) AS n FROM runs WHERE status = 'finished'").get() as { n: number }).n : 0;
      db?.close();
      if (finished >= 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(io.interrupt(), io.stderr + io.stdout).toBe(true);
    expect(await pending).toBe(130);
    const first = JSON.parse(io.stdout) as { done: number; cancelled: number };
    expect(first.cancelled).toBeGreaterThan(0);
    const again = captureIo();
    expect(await main(['sweep', spec, '--workspace', ws, '--resume', '--json'], again)).toBe(0);
    const second = JSON.parse(again.stdout) as { skipped: number; done: number };
    expect(second.skipped).toBe(first.done);
    expect(second.skipped + second.done).toBe(8);
  });
});
