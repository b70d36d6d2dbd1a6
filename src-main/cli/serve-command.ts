/**
 * `modcomp serve`: the lab in a browser. Starts the lab service on a workspace and the lab server
 * in front of it, prints the URL with its token, and runs until Ctrl-C or SIGTERM; then runs in
 * flight are cancelled and recorded as such (nothing is lost) and the workspace is closed.
 */
import * as fs from 'node:fs';
import type { Command } from 'commander';
import { isLoopbackHost } from '../server/request-guard';
import { startLabServer } from '../server/lab-server';
import { defaultStaticDir } from '../server/static-dir';
import { createLabService } from '../service/lab-service';
import { defaultWorkspacePath } from '../workspace/default-location';
import type { CliIo } from './cli-io';
import { UsageError } from './usage-error';

export interface ServeOptions {
  workspace?: string;
  port?: string;
  host?: string;
  token?: string;
}

export function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  if (!/^\d+$/.test(text.trim()) || Number(text) > 65535)
    throw new UsageError(`--port must be an integer between 0 (any free port) and 65535, got "${text}"`);
  return Number(text);
}

function checkToken(token: string | undefined): void {
  if (token === undefined) return;
  if (!/^[A-Za-z0-9._~-]{16,256}$/.test(token)) {
    throw new UsageError('--token must be 16 to 256 characters from A-Z, a-z, 0-9 and . _ ~ - (it travels in the URL)');
  }
}

/** Resolves when the process is asked to stop: Ctrl-C (through the CLI's io) or SIGTERM. */
function stopRequested(io: CliIo): { stopped: Promise<string>; dispose(): void } {
  let resolveStop: (why: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => (resolveStop = resolve));
  const removeInterrupt = io.onInterrupt(() => resolveStop('Ctrl-C'));
  const onTerm = (): void => resolveStop('SIGTERM');
  process.once('SIGTERM', onTerm);
  return {
    stopped,
    dispose() {
      removeInterrupt();
      process.removeListener('SIGTERM', onTerm);
    },
  };
}

export async function serveCommand(opts: ServeOptions, io: CliIo): Promise<number> {
  const port = parsePort(opts.port);
  checkToken(opts.token);
  const host = opts.host ?? '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host needs an address, e.g. 127.0.0.1');
  if (!isLoopbackHost(host)) {
    io.err(
      `modcomp: warning: --host ${host} makes the lab reachable from other machines; anyone who sees the URL's ` +
        'token can run and delete experiments. Prefer 127.0.0.1 with an SSH tunnel.\n',
    );
  }
  const staticDir = defaultStaticDir();
  if (!fs.existsSync(staticDir)) io.err(`modcomp: note: the renderer is not built (${staticDir} is missing): run npm run build\n`);

  const service = createLabService({ workspacePath: opts.workspace ?? defaultWorkspacePath(), host: 'server' });
  const stop = stopRequested(io);
  let server;
  try {
    server = await startLabServer({ service, port, host, staticDir, token: opts.token });
  } catch (err) {
    stop.dispose();
    await service.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is already in use; choose another --port, or 0 for any free one`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UsageError(`--host ${host} is not an address of this machine`);
    throw err;
  }
  const info = await service.info();
  io.out(`Modality Competition Lab is serving workspace ${info.workspace.path}\n`);
  io.out(`open ${server.url}\n`);
  io.err('modcomp: press Ctrl-C to stop (runs in progress are cancelled and recorded as such)\n');
  const why = await stop.stopped;
  stop.dispose();
  io.err(`\nmodcomp: stopping (${why}): cancelling runs in progress and closing the workspace\n`);
  await server.close();
  await service.close();
  return 0;
}

const SERVE_EXAMPLES = `
Examples:
  $ modcomp serve                                   the default workspace, any free port on 127.0.0.1
  $ modcomp serve --workspace lab.mcl --port 8765
  $ ssh -L 8765:127.0.0.1:8765 gpu-box  then on gpu-box: modcomp serve --port 8765, and open the printed URL here

The URL carries a random token; every API call needs it, and other origins are refused.`;

export function registerServeCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('serve the lab app to a browser: the built renderer and the lab API, on 127.0.0.1 with a token')
    .option('--workspace <file>', `workspace file (default: ${defaultWorkspacePath()})`)
    .option('--port <n>', 'port to listen on (0 = any free port)', '0')
    .option('--host <address>', 'address to listen on (default 127.0.0.1; anything else is reachable from the network)')
    .option('--token <token>', 'use this token instead of a random one (16+ URL-safe characters)')
    .addHelpText('after', SERVE_EXAMPLES)
    .action(async (opts: ServeOptions) => setExit(await serveCommand(opts, io)));
}
