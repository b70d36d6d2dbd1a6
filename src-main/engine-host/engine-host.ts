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
    })
      .then(
        (results) => port.send({ type: 'done', jobId: request.jobId, results }),
        (err: unknown) => port.send({ type: 'failed', jobId: request.jobId, message: err instanceof Error ? err.message : String(err) }),
      )
      .finally(() => jobs.delete(request.jobId));
  });
  port.send({ type: 'ready', pid: process.pid });
}

/**
 * Ends this process at once. Not process.exit: that waits for the thread pool, and a native run
 * in progress holds a pool thread until its last step, so the host would train on, an orphan at
 * full CPU, for as long as the run lasts. The host owns nothing worth finishing without its lab.
 */
function endNow(): never {
  process.kill(process.pid, 'SIGKILL');
  // Not reached (SIGKILL cannot be caught); keeps the type honest.
  process.exit(1);
}

/** How often the host checks that its lab still lives (the parent that started it). */
const PARENT_CHECK_MS = 500;

/**
 * Watches the lab that started this host: when it dies (even by SIGKILL, which runs no clean-up)
 * the host is re-parented (its parent pid changes, on Linux and macOS) or, for a forked child on
 * any platform, its IPC channel closes. Either ends the host.
 */
export function watchParent(onGone: () => void = endNow): () => void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid !== parent) onGone();
  }, PARENT_CHECK_MS);
  timer.unref();
  const onDisconnect = (): void => onGone();
  process.on('disconnect', onDisconnect);
  return () => {
    clearInterval(timer);
    process.off('disconnect', onDisconnect);
  };
}

const parentPort = utilityPort();
if (parentPort) {
  // In a utilityProcess Electron ends this process with the app when it quits; a killed app
  // runs no clean-up, so the host also watches its parent pid.
  serveEngine(parentPort);
  watchParent();
} else if (require.main === module) {
  serveEngine(processPort());
  watchParent();
}
