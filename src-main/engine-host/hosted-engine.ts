/**
 * The `Engine` face (select-engine.ts) of a native engine running in an engine host process
 * through the orchestrator, so a recorded run survives a native crash as a failed run.
 */
import { RunRefusedError, singleRunRefusal, type Engine } from '../engine/select-engine';
import type { Orchestrator } from './orchestrator';

export interface HostedEngineOptions {
  /** Where the host trains (the spec's backend and the orchestrator's concurrency group). */
  backend?: 'cpu' | 'cuda';
  /** Queue priority: single runs a person waits for go before sweep batches. */
  priority?: number;
}

export function hostedEngine(orchestrator: Orchestrator, options: HostedEngineOptions = {}): Engine {
  const backend = options.backend ?? 'cpu';
  return {
    name: backend,
    async train(spec, { signal, onProgress, threads }) {
      const job = orchestrator.submit([backend === 'cpu' ? spec : { ...spec, backend }], {
        onProgress,
        threads,
        backend,
        priority: options.priority,
      });
      const onAbort = (): void => job.cancel();
      if (signal?.aborted) job.cancel();
      signal?.addEventListener('abort', onAbort, { once: true });
      const outcome = await job.done.finally(() => signal?.removeEventListener('abort', onAbort));
      if (outcome.status === 'failed') {
        // A refusal names the run's place and the setting ("specs[0]: ..."); anything else is a crash.
        const refusal = singleRunRefusal(outcome.error);
        if (refusal !== null) throw new RunRefusedError(refusal);
        throw new Error(outcome.error);
      }
      const result = outcome.results?.[0];
      if (!result) throw new Error('the run was cancelled before it started');
      if (result.error) throw new RunRefusedError(result.error);
      return result;
    },
  };
}
