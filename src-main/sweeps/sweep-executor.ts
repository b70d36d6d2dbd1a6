/**
 * The unit of sweep work: a batch of run specs in, one result per run out, each keyed by the
 * run's identity (config hash and seed). The local executor trains a batch in one engine call
 * through the orchestrator; a remote executor (a queue of workers, a cluster job array) can do
 * exactly the same and the results merge into the workspace the same way.
 */
import { NATIVE_CANCELLED_BEFORE_START, type NativeRunResult, type NativeRunSpec } from '../engine/native-types';
import type { Orchestrator } from '../engine-host/orchestrator';

export interface WorkItem {
  key: string;
  spec: NativeRunSpec;
}

export type WorkResult =
  | { key: string; status: 'finished'; result: NativeRunResult }
  | { key: string; status: 'failed' | 'cancelled'; error: string };

export interface SweepExecutor {
  execute(items: WorkItem[]): Promise<WorkResult[]>;
  /** Stops every batch in progress; their unfinished runs come back as 'cancelled'. */
  cancel(): void;
}

export function localExecutor(orchestrator: Orchestrator, options: { threads?: number } = {}): SweepExecutor {
  const handles = new Set<{ cancel(): void }>();
  let cancelled = false;
  return {
    async execute(items) {
      if (cancelled) return items.map((i) => ({ key: i.key, status: 'cancelled', error: 'the sweep was cancelled' }));
      // The orchestrator limits concurrency per backend, so the batch is labelled with its own.
      const handle = orchestrator.submit(
        items.map((i) => i.spec),
        { threads: options.threads, backend: items[0]?.spec.backend ?? 'cpu' },
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
