/** A lab service on a fresh temporary workspace, with every event it sends kept for the test to read. */
import * as path from 'node:path';
import type { LabEvent } from '../../src-main/api/lab-api';
import { createLabService, type LabService } from '../../src-main/service/lab-service';
import { TINY_SETTINGS } from '../lab/tiny-config';
import { tempDir } from '../workspace/temp-dir';

export interface ServiceFixture {
  service: LabService;
  dir: string;
  events: LabEvent[];
  /** Resolves with the first event (already sent or still to come) that matches. */
  waitFor<T extends LabEvent>(match: (event: LabEvent) => event is T, timeoutMs?: number): Promise<T>;
  cleanup(): Promise<void>;
}

export function openServiceFixture(file = 'lab.mcl'): ServiceFixture {
  const tmp = tempDir('mcl-svc-');
  const service = createLabService({ workspacePath: path.join(tmp.dir, file), host: 'server', progressIntervalMs: 20 });
  const events: LabEvent[] = [];
  const waiters = new Set<() => void>();
  service.subscribe((event) => {
    events.push(event);
    for (const wake of [...waiters]) wake();
  });
  return {
    service,
    dir: tmp.dir,
    events,
    waitFor(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const found = events.find(match);
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms; events so far: ${events.map((e) => e.type).join(', ')}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async cleanup() {
      await service.close();
      tmp.cleanup();
    },
  };
}

/** A tiny run configuration (milliseconds to train) as the renderer would send it: a partial object. */
export function tinyRunConfig(seed: number, steps = 200, recordEvery = 5): Record<string, unknown> {
  return { ...TINY_SETTINGS, seed, train: { ...TINY_SETTINGS.train, steps, recordEvery } };
}

export function runEnded(runId: number) {
  return (e: LabEvent): e is Extract<LabEvent, { type: 'run-ended' }> => e.type === 'run-ended' && e.runId === runId;
}

export function runProgress(runId: number) {
  return (e: LabEvent): e is Extract<LabEvent, { type: 'run-progress' }> => e.type === 'run-progress' && e.runId === runId;
}

export function sweepEnded(sweepId: number) {
  return (e: LabEvent): e is Extract<LabEvent, { type: 'sweep-ended' }> => e.type === 'sweep-ended' && e.sweepId === sweepId;
}
