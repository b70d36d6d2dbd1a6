import { fork as forkChild } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import type { ForkOptions } from 'electron';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { Orchestrator } from '../../src-main/engine-host/orchestrator';
import { exitReason, utilityProcessTransport, type UtilityProcessLike } from '../../src-main/electron-shell/utility-transport';
import { engineHostScriptPath } from '../../src-main/electron-shell/engine-host-path';
import { tinySpec } from '../lab/tiny-config';

const root = path.resolve(__dirname, '..', '..');

/** A utilityProcess double: the test plays the child's side. */
class FakeUtilityProcess extends EventEmitter {
  posted: unknown[] = [];
  killed = 0;
  stderr = new PassThrough();
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  kill(): boolean {
    this.killed += 1;
    return true;
  }
}

function fakeTransport() {
  const children: FakeUtilityProcess[] = [];
  const forks: { script: string; options: ForkOptions }[] = [];
  const transport = utilityProcessTransport({
    script: '/app/.vite/build/engine-host.js',
    fork: (script, _args, options) => {
      forks.push({ script, options });
      const child = new FakeUtilityProcess();
      children.push(child);
      return child as unknown as UtilityProcessLike;
    },
  });
  return { transport, children, forks };
}

describe('the utilityProcess engine transport', () => {
  it('forks the engine host script with piped stderr and a service name', () => {
    const { transport, forks } = fakeTransport();
    transport.open();
    expect(forks).toHaveLength(1);
    expect(forks[0]!.script).toBe('/app/.vite/build/engine-host.js');
    expect(forks[0]!.options.stdio).toEqual(['ignore', 'ignore', 'pipe']);
    expect(forks[0]!.options.serviceName).toMatch(/engine/);
  });

  it('sends requests with postMessage and validates every reply', () => {
    const { transport, children } = fakeTransport();
    const channel = transport.open();
    const replies: unknown[] = [];
    channel.onReply((r) => replies.push(r));
    channel.send({ type: 'cancel', jobId: 4 });
    expect(children[0]!.posted).toEqual([{ type: 'cancel', jobId: 4 }]);
    children[0]!.emit('message', { type: 'ready', pid: 123 });
    children[0]!.emit('message', { type: 'failed', jobId: 4, message: 'cancelled' });
    children[0]!.emit('message', { type: 'progress', jobId: 'four' });
    children[0]!.emit('message', 'garbage');
    expect(replies.slice(0, 2)).toEqual([
      { type: 'ready', pid: 123 },
      { type: 'failed', jobId: 4, message: 'cancelled' },
    ]);
    expect(replies.slice(2)).toEqual([
      { type: 'invalid', reason: expect.any(String) },
      { type: 'invalid', reason: expect.any(String) },
    ]);
  });

  it('reports the exit once, with the code and the last stderr lines, and sends nothing afterwards', async () => {
    const { transport, children } = fakeTransport();
    const channel = transport.open();
    const reasons: string[] = [];
    channel.onExit((r) => reasons.push(r));
    children[0]!.stderr.write('loading addon\nstd::bad_alloc\n');
    await new Promise((resolve) => setImmediate(resolve));
    children[0]!.emit('exit', 3);
    children[0]!.emit('exit', 3);
    expect(reasons).toEqual(['the engine process exited with code 3: loading addon | std::bad_alloc']);
    channel.send({ type: 'cancel', jobId: 1 });
    expect(children[0]!.posted).toEqual([]);
    channel.close();
    expect(children[0]!.killed).toBe(0);
  });

  it("names V8's fatal error when the process reported one before exiting", () => {
    const { transport, children } = fakeTransport();
    const channel = transport.open();
    const reasons: string[] = [];
    channel.onExit((r) => reasons.push(r));
    children[0]!.emit('error', 'FatalError', 'v8::ToLocalChecked Empty MaybeLocal', '{}');
    children[0]!.emit('exit', 133);
    expect(reasons[0]).toBe('the engine process stopped on a fatal error (FatalError at v8::ToLocalChecked Empty MaybeLocal)');
  });

  it('kills a live process on close', () => {
    const { transport, children } = fakeTransport();
    transport.open().close();
    expect(children[0]!.killed).toBe(1);
  });

  it('words exit reasons plainly', () => {
    expect(exitReason(0, '', null)).toBe('the engine process exited');
    expect(exitReason(1, '\n\n', null)).toBe('the engine process exited with code 1');
    expect(exitReason(9, 'a\nb\nc\nd\n', null)).toBe('the engine process exited with code 9: b | c | d');
  });
});

describe('engine host path', () => {
  it('prefers the script beside the main bundle, then the tsc layout, and says what is missing', () => {
    const at =
      (...files: string[]) =>
      (file: string) =>
        files.includes(file);
    expect(engineHostScriptPath('/app/.vite/build', at('/app/.vite/build/engine-host.js'))).toBe('/app/.vite/build/engine-host.js');
    expect(engineHostScriptPath('/d/src-main/electron-shell', at('/d/src-main/engine-host/engine-host.js'))).toBe(
      '/d/src-main/engine-host/engine-host.js',
    );
    expect(() => engineHostScriptPath('/x', at())).toThrow(/engine host script is missing/);
  });
});

/**
 * The real engine-host script behind the utilityProcess transport: a Node child offers
 * `process.parentPort` as Electron does (utility-shim.js), so the host takes its
 * utilityProcess path, and the orchestrator trains through it.
 */
function shimFork(env: NodeJS.ProcessEnv = process.env) {
  return (script: string): UtilityProcessLike => {
    const child = forkChild(path.join(__dirname, 'utility-shim.js'), [], {
      execArgv: ['--require', path.join(root, 'tools', 'ts-require-hook.js')],
      env: { ...env, UTILITY_SHIM_TARGET: script },
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const proc = new EventEmitter() as EventEmitter & UtilityProcessLike;
    child.on('message', (m) => proc.emit('message', m));
    child.on('exit', (code, signal) => proc.emit('exit', code ?? (signal ? 128 : 0)));
    Object.assign(proc, {
      stderr: child.stderr,
      postMessage: (m: unknown) => child.connected && child.send(m as never),
      kill: () => child.kill(),
    });
    return proc;
  };
}

let orchestrator: Orchestrator | null = null;
afterEach(() => {
  orchestrator?.close();
  orchestrator = null;
});

describe('engine host over a parentPort', () => {
  const script = path.join(root, 'src-main', 'engine-host', 'engine-host.ts');

  it('says ready and refuses a malformed request with a failed reply', async () => {
    const channel = utilityProcessTransport({ fork: shimFork(), script }).open();
    const replies: { type: string; jobId?: number; message?: string }[] = [];
    const ready = new Promise<void>((resolve) =>
      channel.onReply((r) => {
        replies.push(r as never);
        if (r.type === 'ready') resolve();
      }),
    );
    const exited = new Promise<string>((resolve) => channel.onExit(resolve));
    await ready;
    channel.send({ type: 'train', jobId: 5, specs: [], options: {} } as never);
    await expect.poll(() => replies.length, { timeout: 20_000 }).toBe(2);
    expect(replies[1]).toMatchObject({ type: 'failed', jobId: 5, message: expect.stringMatching(/malformed request/) });
    channel.close();
    expect(await exited).toMatch(/^the engine process/);
  });

  it.skipIf(!nativeAvailable())('trains a run for the orchestrator through the utilityProcess transport', async () => {
    orchestrator = new Orchestrator({ transport: utilityProcessTransport({ fork: shimFork(), script }), progressIntervalMs: 0 });
    let batches = 0;
    const outcome = await orchestrator.submit([tinySpec(11, 100)], { onProgress: () => batches++ }).done;
    expect(outcome.status).toBe('finished');
    if (outcome.status !== 'finished') return;
    expect(outcome.results[0]?.error).toBeNull();
    expect(outcome.results[0]?.modes.map((m) => m.mode)).toEqual(['joint', 'unimodal:0', 'unimodal:1']);
    expect(batches).toBeGreaterThan(0);
  });

  it.skipIf(!nativeAvailable())('fails only the job whose utility process crashes', async () => {
    const env = { ...process.env, MODCOMP_TEST_ENGINE_ABORT_SEED: '666' };
    orchestrator = new Orchestrator({ transport: utilityProcessTransport({ fork: shimFork(env), script }) });
    const crashing = orchestrator.submit([tinySpec(666)]);
    const healthy = orchestrator.submit([tinySpec(12)]);
    const crashed = await crashing.done;
    expect(crashed.status).toBe('failed');
    if (crashed.status === 'failed') expect(crashed.error).toMatch(/^the engine process exited with code \d+/);
    expect((await healthy.done).status).toBe('finished');
  });
});
