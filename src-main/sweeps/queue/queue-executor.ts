/**
 * The coordinator's side of the queue: a SweepExecutor whose batches are BullMQ jobs trained by
 * `modcomp worker` processes on any host. The sweep runner uses it as it uses the local one:
 * it hands over a batch, gets one outcome per run, writes them into the workspace, and then
 * calls `committed`, which is the only place a batch's result leaves Redis. A coordinator that
 * dies before that leaves the result in Redis for `--resume` to collect.
 */
import { Job, Queue, QueueEvents } from 'bullmq';
import type { SweepExecutor, WorkItem, WorkResult } from '../sweep-executor';
import { batchJobId, QUEUE_NAME, type Versions } from './queue-identity';
import { outcomeFromWire, parseBatchAnswer, WIRE_VERSION, type BatchJobData } from './batch-wire';
import { errorReason, lastingConnection, watchConnection } from './redis-connection';
import type { QueueTarget } from './queue-url';
import { listWorkers, type WorkerAnnouncement } from './worker-registry';

/** Tries per batch before its runs are recorded as failed (a worker's crash counts as one). */
export const BATCH_ATTEMPTS = 3;
/** The largest answer a worker may send for one batch. */
export const DEFAULT_MAX_RESULT_BYTES = 64 * 1024 * 1024;
/** How often jobs still awaited are looked up directly, in case an event was missed (a Redis restart). */
const RECHECK_MS = 5000;

export interface QueueExecutorOptions {
  target: QueueTarget;
  sweep: { specHash: string; name: string };
  backend: 'cpu' | 'cuda';
  versions: Versions;
  maxResultBytes?: number;
  /** One-line notices: connection lost and back, batches retried or failed. */
  say: (line: string) => void;
}

/** Batches of this sweep by state, as this coordinator has seen them, and the workers heard from. */
export interface QueueActivity {
  queue: string;
  batches: { queued: number; running: number; done: number; retried: number; failed: number };
  workers: WorkerAnnouncement[];
  /** The latest notices (connection lost and back, batches failed), oldest first. */
  notices: string[];
}

export interface QueueExecutor extends SweepExecutor {
  /** Batches this coordinator found already answered in Redis (collected on --resume). */
  readonly collected: number;
  activity(): Promise<QueueActivity>;
  close(): Promise<void>;
}

interface Awaited {
  keys: string[];
  resolve(results: WorkResult[]): void;
}

export async function openQueueExecutor(options: QueueExecutorOptions): Promise<QueueExecutor> {
  const notices: string[] = [];
  const say = (line: string): void => {
    notices.push(line);
    if (notices.length > 5) notices.shift();
    options.say(line);
  };
  const connection = lastingConnection(options.target);
  const queue = new Queue(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  queue.on('error', () => {}); // reported once by watchConnection
  events.on('error', () => {});
  watchConnection(await queue.client, options.target, say);
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  const maxResultBytes = options.maxResultBytes ?? DEFAULT_MAX_RESULT_BYTES;

  const awaited = new Map<string, Awaited>();
  /** Awaited batches a worker holds now (from the queue's events). */
  const running = new Set<string>();
  const counts = { done: 0, retried: 0, failed: 0 };
  let cancelled = false;
  let collected = 0;

  const cancelledResults = (keys: string[], error: string): WorkResult[] => keys.map((key) => ({ key, status: 'cancelled', error }));

  /** Turns a finished job into the runs' outcomes; a bad answer fails its runs with the reason. */
  const settle = (jobId: string, job: Job): void => {
    const waiting = awaited.get(jobId);
    if (!waiting) return;
    awaited.delete(jobId);
    running.delete(jobId);
    const { keys } = waiting;
    // Tried more than once: a failed attempt, or a worker that died holding it.
    if (job.attemptsStarted > 1 || (job.stalledCounter ?? 0) > 0) counts.retried++;
    if (job.finishedOn && job.failedReason && !job.returnvalue) {
      counts.failed++;
      const error = `${job.failedReason} (batch failed after ${job.attemptsMade} of ${BATCH_ATTEMPTS} attempts)`;
      say(`a batch of ${keys.length} runs failed: ${error}`);
      waiting.resolve(keys.map((key) => ({ key, status: 'failed', error })));
      return;
    }
    try {
      const size = typeof job.returnvalue === 'string' ? job.returnvalue.length : JSON.stringify(job.returnvalue ?? null).length;
      if (size > maxResultBytes) throw new Error(`the answer is ${size} bytes, above the cap of ${maxResultBytes}`);
      const answer = parseBatchAnswer(typeof job.returnvalue === 'string' ? JSON.parse(job.returnvalue) : job.returnvalue, keys);
      const byKey = new Map(answer.outcomes.map((o) => [o.key, outcomeFromWire(o)]));
      counts.done++;
      waiting.resolve(
        keys.map((key) => byKey.get(key) ?? { key, status: 'failed', error: `${answer.worker} returned no result for this run` }),
      );
    } catch (err) {
      counts.failed++;
      const error = `the worker's answer was refused: ${(err as Error).message}`;
      say(`a batch of ${keys.length} runs failed: ${error}`);
      waiting.resolve(keys.map((key) => ({ key, status: 'failed', error })));
    }
  };

  /**
   * The job once it is done (completed, or failed for good), else null. The state is read before
   * the job: a job read first and found completed a moment later would carry the answer it had
   * before it finished, which is none.
   */
  const finishedJob = async (jobId: string): Promise<{ job: Job; state: 'completed' | 'failed' } | null> => {
    const state = await queue.getJobState(jobId);
    if (state !== 'completed' && state !== 'failed') return null;
    const job = await Job.fromId(queue, jobId);
    return job ? { job, state } : null;
  };

  /** Looks a job up and settles it when it is done. */
  const check = async (jobId: string): Promise<void> => {
    const done = await finishedJob(jobId);
    if (done) settle(jobId, done.job);
  };

  events.on('completed', ({ jobId }) => void check(jobId).catch(() => {}));
  events.on('failed', ({ jobId }) => void check(jobId).catch(() => {}));
  events.on('active', ({ jobId }) => {
    if (awaited.has(jobId)) running.add(jobId);
  });
  events.on('waiting', ({ jobId }) => void running.delete(jobId));
  events.on('stalled', ({ jobId }) => {
    running.delete(jobId);
    if (awaited.has(jobId)) say('a worker stopped answering; its batch goes back to the queue');
  });
  const recheck = setInterval(() => {
    for (const jobId of [...awaited.keys()].slice(0, 500)) void check(jobId).catch(() => {});
  }, RECHECK_MS);

  return {
    get collected() {
      return collected;
    },
    async execute(items: WorkItem[]): Promise<WorkResult[]> {
      const keys = items.map((i) => i.key);
      if (cancelled) return cancelledResults(keys, 'the coordinator was stopped');
      const jobId = batchJobId(options.sweep.specHash, keys);
      const done = new Promise<WorkResult[]>((resolve) => awaited.set(jobId, { keys, resolve }));
      const state = await queue.getJobState(jobId);
      if (state !== 'unknown') {
        // Enqueued by an earlier coordinator of this sweep: collect it, or wait for it.
        const done = await finishedJob(jobId);
        if (done?.state === 'completed') collected++;
        if (done) settle(jobId, done.job);
      } else {
        const data: BatchJobData = {
          wire: WIRE_VERSION,
          sweep: options.sweep,
          engine: options.versions.engine,
          schema: options.versions.schema,
          backend: options.backend,
          maxResultBytes,
          // The resolved configuration travels, not the engine spec: the worker validates it with the schema.
          items: items.map((i) => {
            if (!i.config) throw new Error("a queued batch needs each run's resolved configuration");
            return { key: i.key, config: i.config };
          }),
        };
        await queue.add('batch', data, {
          jobId,
          attempts: BATCH_ATTEMPTS,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: false,
          removeOnFail: false,
        });
        // It may have finished between the lookup and the add (another coordinator's job).
        void check(jobId).catch(() => {});
      }
      return done;
    },
    async activity(): Promise<QueueActivity> {
      const workers = await listWorkers((await queue.client) as unknown as Parameters<typeof listWorkers>[0]);
      return {
        queue: options.target.display,
        batches: { queued: awaited.size - running.size, running: running.size, ...counts },
        workers,
        notices: [...notices],
      };
    },
    async committed(items: WorkItem[]): Promise<void> {
      const jobId = batchJobId(
        options.sweep.specHash,
        items.map((i) => i.key),
      );
      try {
        await queue.remove(jobId);
      } catch (err) {
        say(`could not remove a stored batch from the queue (${errorReason(err)}); it stays in Redis`);
      }
    },
    cancel(): void {
      cancelled = true;
      for (const [jobId, waiting] of awaited) {
        awaited.delete(jobId);
        running.delete(jobId);
        waiting.resolve(cancelledResults(waiting.keys, 'the coordinator was stopped before this batch came back; --resume collects it'));
      }
    },
    async close(): Promise<void> {
      clearInterval(recheck);
      await Promise.allSettled([events.close(), queue.close()]);
    },
  };
}
