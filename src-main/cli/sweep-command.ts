/**
 * `modcomp sweep SPEC.json`: expand the grid, train its runs in batches in an engine process,
 * record them in the workspace and print the per-cell table. `--resume` continues a sweep the
 * workspace already holds without redoing finished runs; Ctrl-C stops it (resumable).
 */
import * as fs from 'node:fs';
import { SingleBar } from 'cli-progress';
import { fsFailure } from '../common/fs-failure';
import { forkTransport } from '../engine-host/engine-transport';
import { Orchestrator } from '../engine-host/orchestrator';
import { planBackend } from '../sweeps/sweep-backend';
import { localExecutor } from '../sweeps/sweep-executor';
import { planSweep, SweepSpecError } from '../sweeps/sweep-spec';
import { runSweep, type SweepProgress } from '../sweeps/sweep-runner';
import type { CliIo } from './cli-io';
import { formatCellTable } from './cell-table';
import { CANCELLED_EXIT_CODE } from './run-command';
import { withWorkspace } from './workspace-option';

export interface SweepOptions {
  workspace?: string;
  resume: boolean;
  json: boolean;
  threads?: number;
}

function readSpec(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new SweepSpecError(`cannot read sweep spec ${file}: ${fsFailure(err)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new SweepSpecError(`sweep spec ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function progressBar(io: CliIo): { update(p: SweepProgress): void; stop(): void } {
  const stream = io.progressStream;
  if (!stream) return { update: () => {}, stop: () => {} };
  const bar = new SingleBar({
    stream,
    format: 'sweep [{bar}] {percentage}% | {value}/{total} runs | ETA {eta_formatted} | {failed} failed',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 20,
  });
  let started = false;
  return {
    update(p) {
      const todo = p.total - p.skipped;
      if (!started) bar.start(todo, 0, { failed: 0 });
      started = true;
      // A run counts once it has trained every step, not only when its whole batch is written.
      bar.update(p.done + p.failed + p.trained, { failed: p.failed });
    },
    stop: () => bar.stop(),
  };
}

/** Kept here too: the CLI exported it first. */
export { sweepBackend } from '../sweeps/sweep-backend';

export async function sweepCommand(specFile: string, opts: SweepOptions, io: CliIo): Promise<number> {
  const plan = planSweep(readSpec(specFile), `sweep spec ${specFile}`);
  const backend = planBackend(plan);
  // Resuming needs the workspace that holds the sweep; a new sweep may start a new workspace.
  return withWorkspace(opts.workspace, opts.resume ? 'existing' : 'create', async (workspace) => {
    const orchestrator = new Orchestrator({ transport: forkTransport() });
    const executor = localExecutor(orchestrator, { threads: opts.threads });
    let interrupted = false;
    const removeInterrupt = io.onInterrupt(() => {
      interrupted = true;
      io.err('\nmodcomp: stopping the sweep; `--resume` continues it\n');
      executor.cancel();
    });
    const bar = progressBar(io);
    let report;
    try {
      report = await runSweep({ workspace, plan, executor, backend, resume: opts.resume, onProgress: (p) => bar.update(p) });
    } finally {
      bar.stop();
      removeInterrupt();
      orchestrator.close();
    }
    const K = plan.runs[0]?.config.data.K ?? 1;
    if (opts.json) {
      io.out(JSON.stringify({ sweepId: report.sweepId, name: plan.name, total: report.total, skipped: report.skipped, done: report.done, failed: report.failed, cancelled: report.cancelled, cells: report.table }, null, 2) + '\n');
    } else {
      io.out(`sweep ${report.sweepId} "${plan.name}": ${report.total} runs, ${report.skipped} already done, ${report.done} trained, ${report.failed} failed, ${report.cancelled} cancelled\n`);
      io.out(formatCellTable(report.table, K));
    }
    if (interrupted || report.cancelled > 0) return CANCELLED_EXIT_CODE;
    return report.failed > 0 ? 1 : 0;
  });
}
