/**
 * `modcomp worker --queue URL`: trains sweep batches from a Redis queue until stopped. Prints
 * one line when it starts (name, host, engine version, schema hash, backend) and one per event
 * worth knowing (a refused batch, a lost connection); SIGTERM or Ctrl-C lets the batches in
 * hand finish, a second one hands them back to the queue.
 */
import * as os from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { forkTransport } from '../engine-host/engine-transport';
import { Orchestrator } from '../engine-host/orchestrator';
import { loadNativeAddon } from '../engine/native-loader';
import { EngineUnavailableError } from '../engine/select-engine';
import { sweepBackend } from '../sweeps/sweep-backend';
import { localVersions } from '../sweeps/queue/queue-identity';
import { parseQueueUrl } from '../sweeps/queue/queue-url';
import { startQueueWorker } from '../sweeps/queue/queue-worker';
import { probeQueue } from '../sweeps/queue/redis-connection';
import { workerNameTaken } from '../sweeps/queue/worker-registry';
import type { CliIo } from './cli-io';
import { UsageError } from './usage-error';
import IORedis from 'ioredis';

export interface WorkerOptions {
  queue: string;
  backend: 'cpu' | 'cuda' | 'auto';
  threads?: number;
  concurrency: number;
  name?: string;
  stallSeconds: number;
}

const WORKER_EXAMPLES = `
Examples:
  $ modcomp worker --queue redis://queue-host:6379
  $ modcomp worker --queue rediss://:PASSWORD@queue-host:6380/2 --backend cuda --name gpu-1
  $ modcomp worker --queue redis://127.0.0.1:6379 --threads 4 --concurrency 2

Start the sweep with \`modcomp sweep SPEC --workspace FILE --queue URL\`; workers may run on any
host that reaches the Redis server and has the same build of the lab (same engine and schema).`;

function positive(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError(`${name} needs a whole number of at least 1`);
    return Number(value);
  };
}

function count(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} needs a non-negative integer`);
    return Number(value);
  };
}

export async function workerCommand(opts: WorkerOptions, io: CliIo, signals: { on(handler: () => void): () => void }): Promise<number> {
  const target = parseQueueUrl(opts.queue);
  const name = opts.name ?? `${os.hostname()}-${process.pid}`;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new UsageError('--name takes 1 to 64 letters, digits, dots, dashes or underscores');
  let cuda;
  try {
    cuda = loadNativeAddon().capabilities().cuda;
  } catch (err) {
    throw new EngineUnavailableError(`a worker needs the native engine: ${(err as Error).message}`);
  }
  const backend = sweepBackend(opts.backend, cuda);
  await probeQueue(target);
  const probe = new IORedis({ ...target.connection, maxRetriesPerRequest: 1 });
  try {
    const other = await workerNameTaken(probe, name);
    if (other)
      throw new UsageError(
        `a worker named ${name} is already running (pid ${other.pid} on ${other.host}, since ${other.startedAt}); give this one another --name`,
      );
  } finally {
    probe.disconnect();
  }
  const say = (line: string): void => io.err(`modcomp worker ${name}: ${line}\n`);
  const versions = localVersions();
  const orchestrator = new Orchestrator({ transport: forkTransport(), concurrency: { cpu: opts.concurrency, cuda: opts.concurrency } });
  const threads = opts.threads ?? 0;
  const running = await startQueueWorker({
    target,
    name,
    backend,
    threads,
    concurrency: opts.concurrency,
    versions,
    orchestrator,
    stallSeconds: opts.stallSeconds,
    say,
  });
  io.out(
    `modcomp worker ${name} on ${os.hostname()}: engine ${versions.engine}, schema ${versions.schema}, ` +
      `backend ${backend}, ${threads === 0 ? 'every core' : `${threads} thread${threads === 1 ? '' : 's'}`}, ${opts.concurrency} ${opts.concurrency === 1 ? 'batch' : 'batches'} at once; ` +
      `waiting for batches at ${target.display}\n`,
  );
  const removeSignals = signals.on(() => running.stop());
  try {
    await running.stopped;
  } finally {
    removeSignals();
    orchestrator.close();
  }
  io.out(`modcomp worker ${name}: stopped\n`);
  return 0;
}

/** SIGTERM (a scheduler's stop) and SIGINT (Ctrl-C) both ask the worker to stop, every time. */
const processSignals = {
  on(handler: () => void): () => void {
    process.on('SIGTERM', handler);
    process.on('SIGINT', handler);
    return () => {
      process.removeListener('SIGTERM', handler);
      process.removeListener('SIGINT', handler);
    };
  },
};

export function registerWorkerCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('worker')
    .description('train sweep batches from a Redis queue (see `modcomp sweep --queue`) until stopped')
    .requiredOption('--queue <url>', 'the queue: redis://[:password@]host:port[/db] or rediss://... for TLS')
    .addOption(new Option('--backend <engine>', 'where this worker trains').choices(['cpu', 'cuda', 'auto']).default('auto'))
    .option('--threads <n>', 'native threads per batch (0 = every core)', count('--threads'))
    .option('--concurrency <n>', 'batches trained at once', positive('--concurrency'), 1)
    .option('--name <name>', "this worker's name in the lab's worker list (default: host-pid)")
    .option('--stall-seconds <s>', "how long a silent worker's batch waits before another worker takes it", positive('--stall-seconds'), 30)
    .addHelpText('after', WORKER_EXAMPLES)
    .action(async (opts: WorkerOptions) => setExit(await workerCommand(opts, io, processSignals)));
}
