/**
 * The run queue. Jobs (one run, or a batch of small runs trained in one engine call) wait by
 * priority (higher first, then first come) and start while their backend has a free slot; each
 * slot is an engine host process, so a crash fails that job only and the queue goes on.
 * Pause holds queued jobs (running ones finish); cancel stops a queued job at once and a running
 * one within a step. UI watchers get progress events throttled to `progressThrottleMs`; the job's
 * own onProgress (used to write the workspace) sees every batch.
 */
import { EventEmitter } from 'node:events';
import type { NativeProgress, NativeRunResult, NativeRunSpec } from '../engine/native-types';
import { EngineSlot } from './engine-slot';
import type { EngineTransport } from './engine-transport';

export type JobOutcome =
  | { status: 'finished'; results: NativeRunResult[] }
  | { status: 'cancelled'; results: NativeRunResult[] | null }
  | { status: 'failed'; error: string };

export interface SubmitOptions {
  /** Concurrency group; the engine host trains on the CPU today. */
  backend?: string;
  priority?: number;
  threads?: number;
  onProgress?: (progress: NativeProgress) => void;
}

export interface JobHandle {
  id: number;
  done: Promise<JobOutcome>;
  cancel(): void;
}

export interface OrchestratorOptions {
  transport: EngineTransport;
  /** Jobs running at once per backend (default 1 each: the addon already uses every core). */
  concurrency?: Record<string, number>;
  progressThrottleMs?: number;
  /** How often the engine sends metric batches. */
  progressIntervalMs?: number;
}

export interface ProgressEvent {
  jobId: number;
  batches: NativeProgress[];
}

interface QueuedJob {
  id: number;
  seq: number;
  backend: string;
  priority: number;
  specs: NativeRunSpec[];
  threads?: number;
  onProgress?: (progress: NativeProgress) => void;
  resolve(outcome: JobOutcome): void;
  cancelled: boolean;
  slot: EngineSlot | null;
}

export class Orchestrator extends EventEmitter {
  private readonly queue: QueuedJob[] = [];
  private readonly running = new Map<number, QueuedJob>();
  private readonly idle = new Map<string, EngineSlot[]>();
  private readonly pending = new Map<number, NativeProgress[]>();
  private flushTimer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private paused = false;
  private closed = false;

  constructor(private readonly options: OrchestratorOptions) {
    super();
  }

  submit(specs: NativeRunSpec[], options: SubmitOptions = {}): JobHandle {
    if (this.closed) throw new Error('the orchestrator is closed');
    const id = this.nextId++;
    let resolve: (o: JobOutcome) => void = () => {};
    const done = new Promise<JobOutcome>((r) => (resolve = r));
    const job: QueuedJob = {
      id,
      seq: id,
      backend: options.backend ?? 'cpu',
      priority: options.priority ?? 0,
      specs,
      threads: options.threads,
      onProgress: options.onProgress,
      resolve,
      cancelled: false,
      slot: null,
    };
    this.queue.push(job);
    this.emit('job', { jobId: id, status: 'queued' });
    this.dispatch();
    return { id, done, cancel: () => this.cancel(id) };
  }

  cancel(jobId: number): void {
    const queuedAt = this.queue.findIndex((j) => j.id === jobId);
    if (queuedAt >= 0) {
      const [job] = this.queue.splice(queuedAt, 1);
      job?.resolve({ status: 'cancelled', results: null });
      this.emit('job', { jobId, status: 'cancelled' });
      return;
    }
    const job = this.running.get(jobId);
    if (job) {
      job.cancelled = true;
      job.slot?.cancel(jobId);
    }
  }

  cancelAll(): void {
    for (const job of [...this.queue]) this.cancel(job.id);
    for (const id of [...this.running.keys()]) this.cancel(id);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.dispatch();
  }

  get counts(): { queued: number; running: number; paused: boolean } {
    return { queued: this.queue.length, running: this.running.size, paused: this.paused };
  }

  /** Cancels everything and ends the engine processes. */
  close(): void {
    this.closed = true;
    this.cancelAll();
    for (const slots of this.idle.values()) for (const slot of slots) slot.close();
    this.idle.clear();
    for (const job of this.running.values()) job.slot?.close();
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  private limit(backend: string): number {
    return Math.max(1, this.options.concurrency?.[backend] ?? 1);
  }

  private runningOn(backend: string): number {
    let n = 0;
    for (const job of this.running.values()) if (job.backend === backend) n++;
    return n;
  }

  private takeSlot(backend: string): EngineSlot {
    const pool = this.idle.get(backend) ?? [];
    while (pool.length > 0) {
      const slot = pool.pop() as EngineSlot;
      if (slot.alive) return slot;
    }
    return new EngineSlot(this.options.transport, (dead) => this.forget(dead));
  }

  private forget(slot: EngineSlot): void {
    for (const [backend, pool] of this.idle)
      this.idle.set(
        backend,
        pool.filter((s) => s !== slot),
      );
  }

  private dispatch(): void {
    if (this.paused || this.closed) return;
    this.queue.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
    for (let i = 0; i < this.queue.length;) {
      const job = this.queue[i] as QueuedJob;
      if (this.runningOn(job.backend) >= this.limit(job.backend)) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.start(job);
    }
  }

  private start(job: QueuedJob): void {
    const slot = this.takeSlot(job.backend);
    job.slot = slot;
    this.running.set(job.id, job);
    this.emit('job', { jobId: job.id, status: 'running' });
    slot.run({
      jobId: job.id,
      specs: job.specs,
      threads: job.threads,
      progressIntervalMs: this.options.progressIntervalMs ?? 250,
      onProgress: (progress) => {
        try {
          job.onProgress?.(progress);
        } finally {
          this.queueProgress(job.id, progress);
        }
      },
      onDone: (outcome) => {
        this.running.delete(job.id);
        this.flushProgress();
        if (slot.alive && !this.closed) {
          const pool = this.idle.get(job.backend) ?? [];
          pool.push(slot);
          this.idle.set(job.backend, pool);
        }
        const result: JobOutcome =
          'error' in outcome
            ? { status: 'failed', error: outcome.error }
            : job.cancelled || outcome.results.some((r) => r.modes.some((m) => m.cancelled))
              ? { status: 'cancelled', results: outcome.results }
              : { status: 'finished', results: outcome.results };
        this.emit('job', { jobId: job.id, status: result.status });
        job.resolve(result);
        this.dispatch();
      },
    });
  }

  private queueProgress(jobId: number, progress: NativeProgress): void {
    if (this.listenerCount('progress') === 0) return;
    const list = this.pending.get(jobId) ?? [];
    list.push(progress);
    this.pending.set(jobId, list);
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flushProgress(), this.options.progressThrottleMs ?? 200);
    }
  }

  private flushProgress(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    for (const [jobId, batches] of this.pending) this.emit('progress', { jobId, batches } satisfies ProgressEvent);
    this.pending.clear();
  }
}
