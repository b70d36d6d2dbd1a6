/**
 * One writer of the soak test, run as its own process (from the TypeScript sources):
 *   sweep  — trains the soak's sweeps in turn with the real sweep runner (an in-process native
 *            executor, so a round costs milliseconds), moving to the other sweep when one is
 *            held by another live process or done;
 *   server — a lab service on the same workspace that starts the sweeps too (refused while
 *            held) and records single runs through its engine host.
 * It runs until it is killed; the test kills it at a random moment after it says it is ready,
 * and starts it again.
 */
import { trainNative } from '../../src-main/engine/native-engine';
import { createLabService } from '../../src-main/service/lab-service';
import type { SweepExecutor, WorkResult } from '../../src-main/sweeps/sweep-executor';
import { runSweep } from '../../src-main/sweeps/sweep-runner';
import { planSweep } from '../../src-main/sweeps/sweep-spec';
import { Workspace } from '../../src-main/workspace/workspace';

const [role, file, specsJson] = process.argv.slice(2) as [string, string, string];
const specs = JSON.parse(specsJson) as unknown[];
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/**
 * Tells the test this writer has loaded its code and opened the workspace: the test kills it only
 * after this, so a kill lands while it works, not while it is still starting (seconds on busy cores).
 */
const ready = (): void => void process.stdout.write('ready\n');

/** Trains a batch in this process: the runner's view is the same as with the engine host. */
const inProcess: SweepExecutor = {
  async execute(items) {
    const results = await trainNative(
      items.map((i) => i.spec),
      { threads: 1 },
    );
    return items.map((item, index): WorkResult => {
      const result = results.find((r) => r.index === index);
      if (!result || result.error) return { key: item.key, status: 'failed', error: result?.error ?? 'no result' };
      return { key: item.key, status: 'finished', result };
    });
  },
  cancel() {},
};

async function sweepWriter(): Promise<void> {
  const ws = Workspace.open(file, { busyTimeoutMs: 30_000 });
  const plans = specs.map((spec) => planSweep(spec, 'soak spec'));
  ready();
  for (let turn = 0; ; turn++) {
    try {
      await runSweep({
        workspace: ws,
        plan: plans[turn % plans.length] as ReturnType<typeof planSweep>,
        executor: inProcess,
        resume: true,
        inFlight: 1,
      });
    } catch (err) {
      if ((err as Error).name !== 'HeldError') throw err;
    }
    // Held by another live writer, or done: try the other sweep after a pause (no busy spinning).
    await pause(250);
  }
}

async function serverWriter(): Promise<void> {
  const service = createLabService({ workspacePath: file, host: 'server', progressIntervalMs: 50 });
  ready();
  for (let turn = 0; ; turn++) {
    try {
      await service.startSweep({ spec: specs[turn % specs.length] });
    } catch {
      // Held by a sweep process, or already running here: both are expected.
    }
    await service.startRun({
      config: {
        data: { K: 2, d: 8, P: 2, n: 6, nTest: 8 },
        model: { m: 4 },
        train: { steps: 40, recordEvery: 5 },
        seed: turn,
        backend: 'cpu',
        precision: 'f64',
      },
    });
    await pause(400);
  }
}

(role === 'server' ? serverWriter() : sweepWriter()).catch((err: unknown) => {
  process.stderr.write(`soak writer ${role} failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
