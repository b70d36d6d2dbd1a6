/**
 * How the lab reaches an engine host. The CLI and the lab server fork a child process; the
 * Electron shell provides a utilityProcess-backed transport with the same interface
 * (electron-shell/utility-transport.ts), so the orchestrator never knows which it has.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostReply, HostRequest } from './engine-protocol';
import { parseHostReply } from './engine-protocol';

export interface EngineChannel {
  send(request: HostRequest): void;
  /** Replies that fail validation arrive as `invalid` with the reason. */
  onReply(listener: (reply: HostReply | { type: 'invalid'; reason: string }) => void): void;
  /** Called once when the host is gone, with a sentence saying why (signal, exit code, stderr). */
  onExit(listener: (reason: string) => void): void;
  close(): void;
}

export interface EngineTransport {
  open(): EngineChannel;
}

/** The host script beside this module; from TypeScript sources it is transpiled on load. */
export function engineHostScript(): { script: string; execArgv: string[] } {
  const ext = path.extname(__filename);
  const script = path.join(__dirname, `engine-host${ext}`);
  if (ext !== '.ts') return { script, execArgv: [] };
  const hook = path.resolve(__dirname, '..', '..', 'tools', 'ts-require-hook.js');
  if (!fs.existsSync(hook)) throw new Error(`cannot start the engine host from sources: ${hook} is missing`);
  return { script, execArgv: ['--require', hook] };
}

const STDERR_TAIL = 2000;

export function forkTransport(options: { env?: NodeJS.ProcessEnv } = {}): EngineTransport {
  return {
    open(): EngineChannel {
      const { script, execArgv } = engineHostScript();
      const child = fork(script, [], {
        execArgv,
        env: options.env ?? process.env,
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      let stderr = '';
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (text: string) => {
        stderr = (stderr + text).slice(-STDERR_TAIL);
      });
      let exitReported = false;
      const exitListeners: ((reason: string) => void)[] = [];
      const reportExit = (reason: string): void => {
        if (exitReported) return;
        exitReported = true;
        for (const l of exitListeners) l(reason);
      };
      child.on('error', (err) => reportExit(`the engine process could not run: ${err.message}`));
      // 'close' (not 'exit') so the stderr tail is complete when the reason is written.
      child.on('close', (code, signal) => {
        const lastLine = stderr.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        const hint = signal === 'SIGKILL' ? ' (possibly out of memory)' : '';
        reportExit(`the engine process ${how}${hint}${lastLine ? `: ${lastLine}` : ''}`);
      });
      return {
        send(request) {
          if (child.connected) child.send(request);
        },
        onReply(listener) {
          child.on('message', (raw) => {
            try {
              listener(parseHostReply(raw));
            } catch (err) {
              listener({ type: 'invalid', reason: (err as Error).message });
            }
          });
        },
        onExit(listener) {
          exitListeners.push(listener);
        },
        close() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        },
      };
    },
  };
}
