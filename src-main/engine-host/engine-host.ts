/**
 * The engine host: a small process that loads the native addon and trains what the lab sends
 * it. It runs outside the lab's process (a child process for the CLI and the lab server; the
 * Electron shell hosts this same script in a utilityProcess) so that a native crash or an
 * out-of-memory kill ends this process, and the lab only loses the job it was running.
 *
 * Test-only: MODCOMP_TEST_ENGINE_ABORT=1 (every job) or MODCOMP_TEST_ENGINE_ABORT_SEED=<seed>
 * (jobs holding a run with that seed) make this process abort as a native crash would. Only this
 * script reads them; nothing in a run's configuration can trigger it.
 */
import { trainNative } from '../engine/native-engine';
import { hostRequestSchema, type HostReply } from './engine-protocol';

interface ParentPort {
  send(message: HostReply): void;
  onMessage(listener: (message: unknown) => void): void;
}

function processPort(): ParentPort {
  if (!process.send) throw new Error('engine-host must be started with an IPC channel (child_process.fork)');
  return {
    send: (message) => void process.send?.(message),
    onMessage: (listener) => void process.on('message', listener),
  };
}

/** Electron's `process.parentPort` in a utilityProcess (typed here so the lab core needs no electron types). */
interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

/** The utilityProcess channel when this process is one, else null. */
function utilityPort(): ParentPort | null {
  const port = (process as unknown as { parentPort?: UtilityParentPort | null }).parentPort;
  if (!port) return null;
  return {
    send: (message) => port.postMessage(message),
    onMessage: (listener) => void port.on('message', (event) => listener(event.data)),
  };
}

function shouldAbortForTest(seeds: number[]): boolean {
  if (process.env.MODCOMP_TEST_ENGINE_ABORT === '1') return true;
  const seed = process.env.MODCOMP_TEST_ENGINE_ABORT_SEED;
  return seed !== undefined && seeds.includes(Number(seed));
}

export function serveEngine(port: ParentPort): void {
  const jobs = new Map<number, AbortController>();
  port.onMessage((raw) => {
    const parsed = hostRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const jobId = typeof (raw as { jobId?: unknown })?.jobId === 'number' ? (raw as { jobId: number }).jobId : -1;
      port.send({ type: 'failed', jobId, message: `engine host received a malformed request: ${parsed.error.message}` });
      return;
    }
    const request = parsed.data;
    if (request.type === 'cancel') {
      jobs.get(request.jobId)?.abort();
      return;
    }
    if (shouldAbortForTest(request.specs.map((s) => s.seed))) process.abort();
    const controller = new AbortController();
    jobs.set(request.jobId, controller);
    trainNative(request.specs, {
      ...request.options,
      signal: controller.signal,
      onProgress: (progress) => port.send({ type: 'progress', jobId: request.jobId, progress }),
    }).then(
      (results) => port.send({ type: 'done', jobId: request.jobId, results }),
      (err: unknown) => port.send({ type: 'failed', jobId: request.jobId, message: err instanceof Error ? err.message : String(err) }),
    ).finally(() => jobs.delete(request.jobId));
  });
  port.send({ type: 'ready', pid: process.pid });
}

const parentPort = utilityPort();
if (parentPort) {
  // In a utilityProcess Electron ends this process with the app; there is no 'disconnect'.
  serveEngine(parentPort);
} else if (require.main === module) {
  serveEngine(processPort());
  // The lab going away (channel closed) ends the host too; it owns no state worth finishing.
  process.on('disconnect', () => process.exit(0));
}
