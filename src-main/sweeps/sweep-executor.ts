/**
 * The unit of sweep work: a batch of run specs in, one result per run out, each keyed by the
 * run's identity (config hash and seed). The local executor trains a batch in one engine call
 * through the orchestrator; a remote executor (a queue of workers, a cluster job array) can do
 * exactly the same and the results merge into the workspace the same way.
 */
import { NATIVE_CANCELLED_BEFORE_START, type NativeProgress, type NativeRunResult, type NativeRunSpec } from '../engine/native-types';
import type { Orchestrator } from '../engine-host/orchestrator';
import type { RunConfig } from '../config/schema';

export interface WorkItem {
  key: string;
  spec: NativeRunSpec;
  /** The resolved configuration the spec came from (a remote executor sends this, not the spec). */
  config?: RunConfig;
}

export type WorkResult =
  /** `backend`: where the run trained, when the executor knows better than the sweep (a remote worker's own). */
  | { key: string; status: 'finished'; result: NativeRunResult; backend?: string }
  | { key: string; status: 'failed' | 'cancelled'; error: string };

/** How far one run of a batch has trained: steps done over steps to do, all its modes together (0 to 1). */
export type RunProgressSink = (key: string, fraction: number) => void;

export interface SweepExecutor {
  /** Trains the items; `onRunProgress`, when given, hears how far each run is while the batch trains. */
  execute(items: WorkItem[], onRunProgress?: RunProgressSink): Promise<WorkResult[]>;
  /** Stops every batch in progress; their unfinished runs come back as 'cancelled'. */
  cancel(): void;
  /**
   * Called once a batch's outcomes are committed to the workspace: an executor that keeps
   * results elsewhere until then (a queue) may drop them now, and not before.
   */
  committed?(items: WorkItem[]): Promise<void>;
}

export function localExecutor(orchestrator: Orchestrator, options: { threads?: number } = {}): SweepExecutor {
  const handles = new Set<{ cancel(): void }>();
  let cancelled = false;
  return {
    async execute(items, onRunProgress) {
      if (cancelled) return items.map((i) => ({ key: i.key, status: 'cancelled', error: 'the sweep was cancelled' }));
      // Steps done per run and mode; a run's share is its steps done over steps times its modes.
      const stepsDone = items.map(() => new Map<string, number>());
      const onProgress = onRunProgress
        ? (progress: NativeProgress): void => {
            const item = items[progress.runIndex];
            const done = stepsDone[progress.runIndex];
            if (!item || !done) return;
            done.set(progress.mode, progress.stepsDone);
            const whole = Math.max(1, item.spec.train.steps * item.spec.train.modes.length);
            let sum = 0;
            for (const steps of done.values()) sum += steps;
            onRunProgress(item.key, Math.min(1, sum / whole));
          }
        : undefined;
      // The orchestrator limits concurrency per backend, so the batch is labelled with its own.
      const handle = orchestrator.submit(
        items.map((i) => i.spec),
        { threads: options.threads, backend: items[0]?.spec.backend ?? 'cpu', onProgress },
      );
      handles.add(handle);
      const outcome = await handle.done.finally(() => handles.delete(handle));
      if (outcome.status === 'failed') return items.map((i) => ({ key: i.key, status: 'failed', error: outcome.error }));
      const results = outcome.results ?? [];
      return items.map((item, index): WorkResult => {
        const result = results.find((r) => r.index === index);
        // Not sent back, or cancelled by the engine before it began: the run never trained.
        if (!result || result.error === NATIVE_CANCELLED_BEFORE_START) {
          return { key: item.key, status: 'cancelled', error: 'the sweep was cancelled before this run started' };
        }
        if (result.error) return { key: item.key, status: 'failed', error: result.error };
        if (result.modes.some((m) => m.cancelled)) return { key: item.key, status: 'cancelled', error: 'the sweep was cancelled' };
        return { key: item.key, status: 'finished', result };
      });
    },
    cancel() {
      cancelled = true;
      for (const h of handles) h.cancel();
    },
  };
}
