/**
 * The engine transport of the desktop app: each engine host is an Electron utilityProcess
 * running the same engine-host script the CLI forks, so a native crash or an out-of-memory
 * kill ends that process and fails one job, never the window. Same EngineTransport interface
 * as the CLI's forkTransport; replies are validated the same way (parseHostReply).
 *
 * `fork` is a parameter (Electron's `utilityProcess.fork` in the app, a fake in tests).
 */
import type { ForkOptions, UtilityProcess } from 'electron';
import type { EngineChannel, EngineTransport } from '../engine-host/engine-transport';
import type { HostReply } from '../engine-host/engine-protocol';
import { parseHostReply } from '../engine-host/engine-protocol';

export type UtilityFork = (modulePath: string, args: string[], options: ForkOptions) => UtilityProcessLike;

/** The part of UtilityProcess this transport uses. */
export type UtilityProcessLike = Pick<UtilityProcess, 'on' | 'postMessage' | 'kill' | 'stderr'> & { pid?: number | undefined };

const STDERR_TAIL = 2000;

/** A sentence for the job that dies with the process. */
export function exitReason(code: number, stderrTail: string, fatal: string | null): string {
  const lastLines = stderrTail.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
  // Electron passes the code waitpid gave; it does not name a signal, so none is guessed here.
  const how = fatal ? `stopped on a fatal error (${fatal})` : code === 0 ? 'exited' : `exited with code ${code}`;
  return `the engine process ${how}${lastLines ? `: ${lastLines}` : ''}`;
}

export function utilityProcessTransport(options: { fork: UtilityFork; script: string; env?: NodeJS.ProcessEnv }): EngineTransport {
  return {
    open(): EngineChannel {
      const child = options.fork(options.script, [], {
        serviceName: 'Modality Competition Lab engine',
        stdio: ['ignore', 'ignore', 'pipe'],
        env: options.env ?? process.env,
      });
      let stderr = '';
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (text: string) => {
        stderr = (stderr + text).slice(-STDERR_TAIL);
      });
      let fatal: string | null = null;
      let exited = false;
      const exitListeners: ((reason: string) => void)[] = [];
      const replyListeners: ((reply: HostReply | { type: 'invalid'; reason: string }) => void)[] = [];

      child.on('error', (type, location) => {
        fatal = `${type}${location ? ` at ${location}` : ''}`;
      });
      child.on('exit', (code) => {
        if (exited) return;
        exited = true;
        const reason = exitReason(code, stderr, fatal);
        for (const listener of exitListeners) listener(reason);
      });
      child.on('message', (raw: unknown) => {
        let reply: HostReply | { type: 'invalid'; reason: string };
        try {
          reply = parseHostReply(raw);
        } catch (err) {
          reply = { type: 'invalid', reason: (err as Error).message };
        }
        for (const listener of replyListeners) listener(reply);
      });

      return {
        send(request) {
          if (!exited) child.postMessage(request);
        },
        onReply(listener) {
          replyListeners.push(listener);
        },
        onExit(listener) {
          exitListeners.push(listener);
        },
        close() {
          if (!exited) child.kill();
        },
      };
    },
  };
}
