/**
 * A real redis-server for the queue tests: started on a free loopback port in a temporary
 * folder (append-only file on, so a restart keeps the queue as a production server would) and
 * stopped afterwards. Where redis-server is not installed the tests skip, saying why.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import IORedis from 'ioredis';

const INSTALLED = spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
const NOT_INSTALLED = 'redis-server is not installed (`npm run setup` installs it)';

/**
 * Why the queue tests skip here, or null. In CI they never skip: `npm run setup` installs
 * redis-server there, so a missing one fails the tests instead of hiding them.
 */
export const REDIS_MISSING = INSTALLED || process.env.CI ? null : NOT_INSTALLED;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  port: number;
  url: string;
  /** A client for the test's own look-ups. */
  client(): IORedis;
  /** Stops the server (it saves its append-only file first) and starts it again on the same port. */
  restart(downMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function waitForPing(port: number, password?: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const client = new IORedis({
      port,
      host: '127.0.0.1',
      password,
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer: ${(err as Error).message}`);
    } finally {
      client.disconnect();
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startRedis(dir: string, options: { password?: string } = {}): Promise<RedisServer> {
  if (!INSTALLED) throw new Error(NOT_INSTALLED);
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--save',
    '',
    '--daemonize',
    'no',
    '--logfile',
    path.join(dir, 'redis.log'),
  ];
  if (options.password) args.push('--requirepass', options.password);
  let proc: ChildProcess;
  const launch = async (): Promise<void> => {
    proc = spawn('redis-server', args, { stdio: 'ignore' });
    await waitForPing(port, options.password);
  };
  const halt = async (): Promise<void> => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGTERM');
    await exited;
  };
  await launch();
  const auth = options.password ? `:${encodeURIComponent(options.password)}@` : '';
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    client: () => new IORedis({ port, host: '127.0.0.1', password: options.password, maxRetriesPerRequest: null }),
    async restart(downMs = 1500) {
      await halt();
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    stop: halt,
  };
}
