import { describe, expect, it, vi } from 'vitest';
import type { IpcMain, WebContents } from 'electron';
import type { LabEvent } from '../../src-main/api/lab-api';
import { createLabCallHandler, EXPORT_CANCELLED, forwardLabEvents, registerLabIpc } from '../../src-main/electron-shell/lab-ipc';
import { chooseRendererOrigin } from '../../src-main/electron-shell/renderer-origin';
import { untrustedSenderReason, type SenderEvent } from '../../src-main/electron-shell/sender-check';
import { FakeFrame, FakeWebContents, invokeEvent } from './fakes';
import { fakeService } from './fake-service';

const origin = chooseRendererOrigin({ isPackaged: true });

function setup(answers: Record<string, (args: unknown) => unknown> = {}, exportTarget: string | null = '/out/pack') {
  const window = new FakeWebContents();
  const fake = fakeService(answers);
  const chooseExportTarget = vi.fn(async () => exportTarget);
  const handle = createLabCallHandler({
    service: () => fake.service,
    checkSender: (event) => untrustedSenderReason(event, window as unknown as WebContents, origin),
    chooseExportTarget,
  });
  const call = (method: unknown, args?: unknown, event: unknown = invokeEvent(window)) => handle(event as SenderEvent, method, args);
  return { window, fake, call, chooseExportTarget };
}

describe('the lab:call handler', () => {
  it('passes a valid call to the service with the parsed argument and wraps the result', async () => {
    const { fake, call } = setup({ tagRun: (args) => ({ id: (args as { runId: number }).runId, tags: ['best'] }) });
    const reply = await call('tagRun', { runId: 7, add: ['  best  '] });
    expect(reply).toEqual({ ok: true, result: { id: 7, tags: ['best'] } });
    // The schema trims tags: the service gets the parsed argument, not the raw one.
    expect(fake.calls).toEqual([{ method: 'tagRun', args: { runId: 7, add: ['best'] } }]);
  });

  it('answers null for methods that resolve to nothing (so the reply stays clonable JSON)', async () => {
    const { call } = setup({ cancelRun: () => undefined });
    expect(await call('cancelRun', { runId: 3 })).toEqual({ ok: true, result: null });
  });

  it('rejects an unknown method, naming it, without touching the service', async () => {
    const { fake, call } = setup();
    for (const method of ['deleteEverything', 'subscribe', 'close', 'switchWorkspace', '__proto__', 42, null]) {
      const reply = await call(method, {});
      expect(reply.ok, String(method)).toBe(false);
      if (!reply.ok) expect(reply.error.message).toMatch(/unknown API method/);
    }
    expect(fake.calls).toEqual([]);
  });

  it('rejects malformed arguments with the method and the bad field named', async () => {
    const { fake, call } = setup({ getRun: () => ({}) });
    const cases: [string, unknown, RegExp][] = [
      ['getRun', { runId: -1 }, /bad argument to getRun at runId/],
      ['getRun', { runId: '7' }, /bad argument to getRun at runId/],
      ['getRun', { runId: 7, extra: true }, /bad argument to getRun/],
      ['getRun', undefined, /bad argument to getRun/],
      ['deleteRuns', { runIds: [] }, /bad argument to deleteRuns at runIds/],
      ['exportPack', { runId: 1, sweepId: 2 }, /exactly one of runId, sweepId or comparison/],
      ['info', { surprise: 1 }, /bad argument to info/],
    ];
    for (const [method, args, message] of cases) {
      const reply = await call(method, args);
      expect(reply.ok, `${method} ${JSON.stringify(args)}`).toBe(false);
      if (!reply.ok) expect(reply.error.message).toMatch(message);
    }
    expect(fake.calls).toEqual([]);
  });

  it('turns a failing service into an error reply instead of throwing into IPC', async () => {
    const { call } = setup({
      getRun: () => {
        throw new Error('run 9 does not exist');
      },
      listRuns: () => {
        throw 'a bare string';
      },
    });
    expect(await call('getRun', { runId: 9 })).toEqual({ ok: false, error: { message: 'run 9 does not exist' } });
    expect(await call('listRuns', {})).toEqual({ ok: false, error: { message: 'a bare string' } });
  });

  it('refuses calls from a sub-frame, another window, a foreign page or a vanished frame', async () => {
    const { window, fake, call } = setup({ info: () => 'should not be reached' });
    const child = new FakeFrame('app://lab/index.html');
    child.parent = window.mainFrame;
    const otherWindow = new FakeWebContents();
    const foreign = new FakeWebContents('https://evil.example/');
    const cases: [unknown, RegExp][] = [
      [invokeEvent(window, child), /sub-frame/],
      [invokeEvent(otherWindow), /another window/],
      [invokeEvent(window, null), /frame is gone/],
    ];
    for (const [event, message] of cases) {
      const reply = await call('listSweeps', undefined, event);
      expect(reply).toEqual({ ok: false, error: { message: expect.stringMatching(message) } });
    }
    window.mainFrame.url = 'https://evil.example/';
    expect(await call('listSweeps', undefined, invokeEvent(window))).toEqual({
      ok: false,
      error: { message: 'call refused: the calling page is not the lab page' },
    });
    expect(untrustedSenderReason(invokeEvent(foreign) as SenderEvent, foreign as unknown as WebContents, origin)).toMatch(
      /not the lab page/,
    );
    window.destroyed = true;
    expect(untrustedSenderReason(invokeEvent(window) as SenderEvent, window as unknown as WebContents, origin)).toMatch(/window is gone/);
    expect(fake.calls).toEqual([]);
  });

  it('asks where to export when the renderer gave no folder, and passes the chosen one on', async () => {
    const { fake, call, chooseExportTarget } = setup({ exportPack: (args) => ({ path: (args as { out: string }).out, files: [] }) });
    expect(await call('exportPack', { runId: 4 })).toEqual({ ok: true, result: { path: '/out/pack', files: [] } });
    expect(fake.calls).toEqual([{ method: 'exportPack', args: { runId: 4, out: '/out/pack' } }]);
    await call('exportPack', { sweepId: 2, out: '/given' });
    expect(chooseExportTarget).toHaveBeenCalledTimes(1);
    expect(fake.calls[1]).toEqual({ method: 'exportPack', args: { sweepId: 2, out: '/given' } });
  });

  it('answers a clear "export cancelled" error when the user cancels the folder dialog', async () => {
    const { fake, call } = setup({ exportPack: () => ({}) }, null);
    expect(await call('exportPack', { runId: 4 })).toEqual({ ok: false, error: { message: EXPORT_CANCELLED } });
    expect(EXPORT_CANCELLED).toMatch(/^export cancelled/);
    expect(fake.calls).toEqual([]);
  });

  it('registers exactly one handler, on lab:call, and can remove it', async () => {
    const handlers = new Map<string, (...args: unknown[]) => unknown>();
    const ipcMain = {
      handle: vi.fn((channel: string, fn: (...args: unknown[]) => unknown) => handlers.set(channel, fn)),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    };
    const window = new FakeWebContents();
    const fake = fakeService({ listSweeps: () => [] });
    const remove = registerLabIpc(ipcMain as unknown as IpcMain, {
      service: () => fake.service,
      checkSender: (event) => untrustedSenderReason(event, window as unknown as WebContents, origin),
      chooseExportTarget: async () => null,
    });
    expect([...handlers.keys()]).toEqual(['lab:call']);
    expect(await handlers.get('lab:call')!(invokeEvent(window), 'listSweeps', undefined)).toEqual({ ok: true, result: [] });
    remove();
    expect(handlers.size).toBe(0);
  });
});

describe('lab events', () => {
  it('are forwarded to the window on lab:event, and stop when the window is gone or unsubscribed', () => {
    const window = new FakeWebContents();
    const fake = fakeService();
    let target: FakeWebContents | null = window;
    const stop = forwardLabEvents(fake.service, () => target as unknown as WebContents | null);
    const event: LabEvent = { type: 'run-ended', runId: 3, status: 'finished', error: null };
    fake.emit(event);
    expect(window.sent).toEqual([{ channel: 'lab:event', payload: event }]);
    window.destroyed = true;
    fake.emit(event);
    target = null;
    fake.emit(event);
    expect(window.sent).toHaveLength(1);
    window.destroyed = false;
    target = window;
    stop();
    fake.emit(event);
    expect(window.sent).toHaveLength(1);
  });
});
