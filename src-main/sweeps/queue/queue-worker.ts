/**
 * `modcomp worker`'s engine room: a BullMQ worker that takes sweep batches from the queue and
 * trains them with the local engine exactly as a local sweep does (the same executor, in an
 * engine host process). Before any run trains it checks the batch: its format, the versions it
 * was written under (a coordinator with another engine or schema is refused, both versions in
 * the message) and every configuration against the schema. It heartbeats into the worker list,
 * and on a stop request it finishes the batches in hand; a second request hands them back.
 */
import * as os from 'node:os';
import IORedis from 'ioredis';
import { Job, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { toRunSpec } from '../../config/resolve';
import { validateConfig } from '../../config/validate';
import type { Orchestrator } from '../../engine-host/orchestrator';
import { localExecutor, type WorkItem } from '../sweep-executor';
import { outcomeToWire, parseBatchJob, WIRE_VERSION, type BatchAnswer } from './batch-wire';
import { QUEUE_NAME, versionSkew, type Versions } from './queue-identity';
import { lastingConnection, watchConnection } from './redis-connection';
import type { QueueTarget } from './queue-url';
import { announceWorker, HEARTBEAT_MS, withdrawWorker, type WorkerAnnouncement } from './worker-registry';

export interface QueueWorkerOptions {
  target: QueueTarget;
  name: string;
  backend: 'cpu' | 'cuda';
  threads: number;
  concurrency: number;
  versions: Versions;
  orchestrator: Orchestrator;
  /** Seconds a silent worker's batch waits before another worker takes it over. */
  stallSeconds: number;
  say: (line: string) => void;
}

export interface RunningWorker {
  /** First call: finish the batches in hand, then stop. Second call: hand them back now. */
  stop(): void;
  /** Settles when the worker has stopped and left the worker list. */
  readonly stopped: Promise<void>;
}

export async function startQueueWorker(options: QueueWorkerOptions): Promise<RunningWorker> {
  const { say } = options;
  const executor = localExecutor(options.orchestrator, { threads: options.threads });
  const heartbeatClient = new IORedis(lastingConnection(options.target));
  heartbeatClient.on('error', () => {}); // reported once by the worker's own connection watch
  const announcement: WorkerAnnouncement = {
    name: options.name,
    host: os.hostname(),
    pid: process.pid,
    backend: options.backend,
    threads: options.threads,
    concurrency: options.concurrency,
    engine: options.versions.engine,
    schema: options.versions.schema,
    startedAt: new Date().toISOString(),
    state: 'idle',
    runsDone: 0,
    batchesDone: 0,
    batchesRefused: 0,
    lastBeat: new Date().toISOString(),
  };
  let active = 0;
  let handingBack = false;
  const beat = async (): Promise<void> => {
    announcement.lastBeat = new Date().toISOString();
    await announceWorker(heartbeatClient, announcement).catch(() => {});
  };

  const refuse = (why: string): never => {
    announcement.batchesRefused++;
    say(`refused a batch: ${why}`);
    throw new UnrecoverableError(`${options.name} refused the batch: ${why}`);
  };

  const processBatch = async (job: Job, token?: string): Promise<BatchAnswer> => {
    let data;
    try {
      data = parseBatchJob(job.data);
    } catch (err) {
      return refuse((err as Error).message);
    }
    const skew = versionSkew(options.versions, { engine: data.engine, schema: data.schema });
    if (skew) return refuse(skew);
    // A worker trains nothing but run specs built from configurations the schema accepts.
    const items: WorkItem[] = [];
    for (const item of data.items) {
      let config;
      try {
        config = validateConfig(item.config);
      } catch (err) {
        return refuse(`run ${item.key}: ${(err as Error).message}`);
      }
      items.push({ key: item.key, config, spec: { ...toRunSpec(config), backend: options.backend } });
    }
    active++;
    announcement.state = 'training';
    void beat();
    try {
      const results = await executor.execute(items);
      if (handingBack && results.some((r) => r.status === 'cancelled')) {
        // Stopped mid-batch: back to the queue without using up one of its attempts.
        await job.moveToWait(token);
        throw new WaitingError();
      }
      const failed = results.filter((r) => r.status === 'failed');
      if (failed.length === results.length && failed[0]?.status === 'failed') {
        // Nothing trained: retry the batch (elsewhere, perhaps) until its attempts run out.
        throw new Error(failed[0].error);
      }
      const answer: BatchAnswer = {
        wire: WIRE_VERSION,
        worker: `${options.name} on ${announcement.host}`,
        outcomes: results.map((r) => outcomeToWire(r, options.backend)),
      };
      const size = JSON.stringify(answer).length;
      if (size > data.maxResultBytes) {
        throw new UnrecoverableError(
          `the batch's results take ${size} bytes, above the coordinator's cap of ${data.maxResultBytes}; use fewer runsPerBatch`,
        );
      }
      announcement.runsDone += results.filter((r) => r.status === 'finished').length;
      announcement.batchesDone++;
      return answer;
    } finally {
      active--;
      if (active === 0 && announcement.state === 'training') announcement.state = 'idle';
      void beat();
    }
  };

  const worker = new Worker(QUEUE_NAME, processBatch, {
    connection: lastingConnection(options.target),
    concurrency: options.concurrency,
    autorun: false,
    lockDuration: options.stallSeconds * 1000,
    stalledInterval: Math.max(1000, Math.round((options.stallSeconds * 1000) / 2)),
    // A batch whose worker dies twice is failed rather than passed around forever.
    maxStalledCount: 2,
  });
  worker.on('error', () => {});
  watchConnection(await worker.client, options.target, say);
  worker.on('failed', (job, err) => {
    if (job && !(err instanceof WaitingError) && !(err instanceof UnrecoverableError))
      say(`a batch failed (attempt ${job.attemptsMade}): ${err.message}`);
  });
  await worker.waitUntilReady();
  await beat();
  const heartbeat = setInterval(() => void beat(), HEARTBEAT_MS);
  const running = worker.run();

  let stopping = 0;
  const stopped = (async () => {
    await running.catch(() => {});
  })();
  const finished = stopped.then(async () => {
    clearInterval(heartbeat);
    await withdrawWorker(heartbeatClient, options.name).catch(() => {});
    heartbeatClient.disconnect();
  });
  return {
    stop() {
      stopping++;
      if (stopping === 1) {
        announcement.state = 'draining';
        void beat();
        say(
          active > 0
            ? `stopping after the ${active === 1 ? 'batch' : 'batches'} in hand (stop again to hand ${active === 1 ? 'it' : 'them'} back now)`
            : 'stopping',
        );
        void worker.close();
      } else if (stopping === 2) {
        say('handing the batches in hand back to the queue');
        handingBack = true;
        executor.cancel();
      }
    },
    stopped: finished,
  };
}
