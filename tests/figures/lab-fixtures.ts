/**
 * Real runs and a real sweep for the figure and pack tests: the native engine on tiny
 * configurations (milliseconds each), recorded into a workspace the way the CLI records them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src-main/cli/main';
import { forkTransport } from '../../src-main/engine-host/engine-transport';
import { Orchestrator } from '../../src-main/engine-host/orchestrator';
import { localExecutor } from '../../src-main/sweeps/sweep-executor';
import { runSweep } from '../../src-main/sweeps/sweep-runner';
import { planSweep } from '../../src-main/sweeps/sweep-spec';
import { Workspace } from '../../src-main/workspace/workspace';
import { captureIo } from '../cli/capture-io';
import { TINY_SETTINGS } from '../lab/tiny-config';

/** Trains one tiny run (joint and both unimodal modes) with `modcomp run --workspace`; returns its id. */
export async function recordTinyRun(workspaceFile: string, seed: number, steps = 60): Promise<number> {
  const config = path.join(path.dirname(workspaceFile), `tiny-${seed}.json`);
  fs.writeFileSync(config, JSON.stringify({ ...TINY_SETTINGS, seed, train: { ...TINY_SETTINGS.train, steps } }));
  const io = captureIo();
  const code = await main(['run', config, '--workspace', workspaceFile, '--json'], io);
  if (code !== 0) throw new Error(`modcomp run failed (${code}): ${io.stderr}`);
  const ws = Workspace.open(workspaceFile);
  try {
    const last = ws
      .listRuns()
      .filter((r) => r.seed === seed)
      .pop();
    if (!last) throw new Error('the run was not recorded');
    return last.id;
  } finally {
    ws.close();
  }
}

/** A 2 x 2 grid (mu_0 x n) with `seeds` seeds per cell, trained by the sweep runner; returns its id. */
export async function recordTinySweep(workspaceFile: string, seeds = 2): Promise<number> {
  const plan = planSweep({
    name: 'tiny grid',
    base: { config: TINY_SETTINGS },
    grid: [
      {
        path: 'data.mu',
        values: [
          [0.3, 0.05],
          [0.05, 0.3],
        ],
      },
      { path: 'data.n', values: [6, 10] },
    ],
    seeds,
    runsPerBatch: 8,
    seriesPoints: 8,
  });
  const orchestrator = new Orchestrator({ transport: forkTransport() });
  const workspace = Workspace.open(workspaceFile);
  try {
    const report = await runSweep({ workspace, plan, executor: localExecutor(orchestrator), resume: false, backend: 'cpu' });
    if (report.failed > 0) throw new Error(`${report.failed} sweep runs failed`);
    return report.sweepId;
  } finally {
    workspace.close();
    orchestrator.close();
  }
}
