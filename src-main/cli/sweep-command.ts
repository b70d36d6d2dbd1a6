/**
 * `modcomp sweep SPEC.json`: expand the grid, train its runs in batches in an engine process,
 * record them in the workspace and print the per-cell table. `--resume` continues a sweep the
 * workspace already holds without redoing finished runs; Ctrl-C stops it (resumable).
 * With `--queue URL` the batches go to a Redis queue and `modcomp worker` processes train them;
 * this process stays the workspace's one writer and prints the same progress and table.
 */
import * as fs from 'node:fs';
import { SingleBar } from 'cli-progress';
import { fsFailure } from '../common/fs-failure';
import { forkTransport } from '../engine-host/engine-transport';
import { Orchestrator } from '../engine-host/orchestrator';
import { planBackend } from '../sweeps/sweep-backend';
import { localExecutor, type SweepExecutor } from '../sweeps/sweep-executor';
import { openQueueExecutor } from '../sweeps/queue/queue-executor';
import { localVersions } from '../sweeps/queue/queue-identity';
import { parseQueueUrl } from '../sweeps/queue/queue-url';
import { probeQueue } from '../sweeps/queue/redis-connection';
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
  queue?: string;
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
  // Checked before the workspace is touched, so a wrong URL leaves nothing behind.
  const target = opts.queue === undefined ? null : parseQueueUrl(opts.queue);
  if (target) await probeQueue(target);
  // Resuming needs the workspace that holds the sweep; a new sweep may start a new workspace.
  return withWorkspace(opts.workspace, opts.resume ? 'existing' : 'create', async (workspace) => {
    const say = (line: string): void => io.err(`modcomp: ${line}\n`);
    const orchestrator = target ? null : new Orchestrator({ transport: forkTransport() });
    const queued = target
      ? await openQueueExecutor({ target, sweep: { specHash: plan.specHash, name: plan.name }, backend, versions: localVersions(), say })
      : null;
    const executor: SweepExecutor = queued ?? localExecutor(orchestrator as Orchestrator, { threads: opts.threads });
    let interrupted = false;
    const removeInterrupt = io.onInterrupt(() => {
      interrupted = true;
      io.err(
        queued
          ? '\nmodcomp: stopping the coordinator; workers go on with the queued batches and `--resume` collects them\n'
          : '\nmodcomp: stopping the sweep; `--resume` continues it\n',
      );
      executor.cancel();
    });
    const bar = progressBar(io);
    // Said once the sweep is this process's (the first progress comes after the claim), so a
    // second coordinator that is refused never tells the user to start workers for it.
    let announced = !target;
    let report;
    try {
      report = await runSweep({
        workspace,
        plan,
        executor,
        backend,
        resume: opts.resume,
        // Every batch is queued at once, so workers on any number of hosts find work.
        inFlight: queued ? Number.MAX_SAFE_INTEGER : undefined,
        onProgress: (p) => {
          if (!announced && target) {
            announced = true;
            io.err(
              `modcomp: sweep "${plan.name}" goes to the queue at ${target.display}; start workers with \`modcomp worker --queue URL\`\n`,
            );
          }
          bar.update(p);
        },
      });
    } finally {
      bar.stop();
      removeInterrupt();
      orchestrator?.close();
      await queued?.close();
    }
    const K = plan.runs[0]?.config.data.K ?? 1;
    if (opts.json) {
      io.out(
        JSON.stringify(
          {
            sweepId: report.sweepId,
            name: plan.name,
            total: report.total,
            skipped: report.skipped,
            done: report.done,
            failed: report.failed,
            cancelled: report.cancelled,
            cells: report.table,
          },
          null,
          2,
        ) + '\n',
      );
    } else {
      io.out(
        `sweep ${report.sweepId} "${plan.name}": ${report.total} runs, ${report.skipped} already done, ${report.done} trained, ${report.failed} failed, ${report.cancelled} cancelled\n`,
      );
      if (queued && queued.collected > 0)
        io.out(
          `${queued.collected} ${queued.collected === 1 ? 'batch' : 'batches'} had finished in the queue while no coordinator was recording\n`,
        );
      io.out(formatCellTable(report.table, K));
    }
    if (interrupted || report.cancelled > 0) return CANCELLED_EXIT_CODE;
    return report.failed > 0 ? 1 : 0;
  });
}
