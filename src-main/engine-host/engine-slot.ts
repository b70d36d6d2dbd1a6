/**
 * One engine host process and the job it is running. A slot is reused for the next job while
 * its process lives; when the process dies, the job it held fails with the reason and the slot
 * is discarded (the next job gets a fresh process).
 */
import type { NativeProgress, NativeRunResult, NativeRunSpec } from '../engine/native-types';
import type { EngineChannel, EngineTransport } from './engine-transport';

export interface SlotJob {
  jobId: number;
  specs: NativeRunSpec[];
  threads?: number;
  progressIntervalMs?: number;
  onProgress(progress: NativeProgress): void;
  onDone(outcome: { results: NativeRunResult[] } | { error: string }): void;
}

export class EngineSlot {
  private readonly channel: EngineChannel;
  private readonly ready: Promise<void>;
  private current: SlotJob | null = null;
  /** Whether the current job's train request has gone to the host (it waits for 'ready'). */
  private sent = false;
  /** A cancel that came before the train request went: sent right after it, in order. */
  private cancelPending = false;
  private deadReason: string | null = null;

  constructor(
    transport: EngineTransport,
    private readonly onDeath: (slot: EngineSlot) => void,
  ) {
    this.channel = transport.open();
    let markReady: () => void = () => {};
    this.ready = new Promise<void>((resolve) => (markReady = resolve));
    this.channel.onReply((reply) => {
      if (reply.type === 'ready') return markReady();
      const job = this.current;
      if (!job) return;
      if (reply.type === 'invalid') return this.settle({ error: `the engine process sent an invalid message: ${reply.reason}` });
      if (reply.jobId !== job.jobId) return;
      if (reply.type === 'progress') job.onProgress(reply.progress);
      else if (reply.type === 'done') this.settle({ results: reply.results });
      else this.settle({ error: reply.message });
    });
    this.channel.onExit((reason) => {
      this.deadReason = reason;
      markReady();
      this.settle({ error: reason });
      this.onDeath(this);
    });
  }

  get busy(): boolean {
    return this.current !== null;
  }

  get alive(): boolean {
    return this.deadReason === null;
  }

  private settle(outcome: { results: NativeRunResult[] } | { error: string }): void {
    const job = this.current;
    if (!job) return;
    this.current = null;
    job.onDone(outcome);
  }

  run(job: SlotJob): void {
    this.current = job;
    this.sent = false;
    this.cancelPending = false;
    void this.ready.then(() => {
      if (this.deadReason !== null) return this.settle({ error: this.deadReason });
      if (this.current !== job) return;
      this.channel.send({
        type: 'train',
        jobId: job.jobId,
        specs: job.specs,
        options: { threads: job.threads, progressIntervalMs: job.progressIntervalMs },
      });
      this.sent = true;
      if (this.cancelPending) this.channel.send({ type: 'cancel', jobId: job.jobId });
    });
  }

  cancel(jobId: number): void {
    if (this.current?.jobId !== jobId) return;
    // Before the host knows the job, a cancel would be dropped; it follows the train request instead.
    if (this.sent) this.channel.send({ type: 'cancel', jobId });
    else this.cancelPending = true;
  }

  close(): void {
    this.channel.close();
  }
}
