/**
 * The queue tests' processes: `modcomp worker` and `modcomp sweep --queue` started from the
 * sources as separate processes (as on real hosts), with their output kept for the messages.
 */
import type { ChildProcess } from 'node:child_process';
import { spawnCli } from '../lab/cli-from-source';

export interface CliProcess {
  proc: ChildProcess;
  /** Everything it printed, both streams. */
  output(): string;
  stdout(): string;
  /** Exit code (or the signal's name) once it has ended. */
  exited: Promise<number | string>;
}

export function startCli(args: string[]): CliProcess {
  const proc = spawnCli(args);
  let text = '';
  let stdout = '';
  proc.stdout?.on('data', (d: Buffer) => {
    text += d.toString();
    stdout += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(signal ?? code ?? -1)));
  return { proc, output: () => text, stdout: () => stdout, exited };
}

/** A worker that has announced itself (its start line printed), so it takes batches from now on. */
export async function startWorker(url: string, name: string, extra: string[] = []): Promise<CliProcess> {
  const worker = startCli(['worker', '--queue', url, '--name', name, '--stall-seconds', '5', '--threads', '1', ...extra]);
  const deadline = Date.now() + 60_000;
  while (!worker.output().includes('waiting for batches')) {
    if (Date.now() > deadline || worker.proc.exitCode !== null) throw new Error(`worker ${name} did not start: ${worker.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return worker;
}

export async function stopWorker(worker: CliProcess): Promise<void> {
  if (worker.proc.exitCode !== null || worker.proc.signalCode !== null) return;
  worker.proc.kill('SIGTERM');
  await worker.exited;
}

export async function waitFor(what: string, test: () => boolean | Promise<boolean>, ms = 120_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
