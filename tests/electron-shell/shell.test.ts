/**
 * The whole shell wired to a fake Electron: what a real start-up would do to the app,
 * session, protocol, IPC, menu and window, observed through the fakes.
 */
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { prepareShell, startShell, type CreateLabService, type ElectronModule } from '../../src-main/electron-shell/shell';
import { FakeWebContents, invokeEvent, tempDir } from './fakes';
import { fakeService, type FakeService } from './fake-service';

class FakeWindow extends EventEmitter {
  static made: FakeWindow[] = [];
  webContents = new FakeWebContents();
  title = '';
  loaded: string[] = [];
  shown = 0;
  constructor(public options: BrowserWindowConstructorOptions) {
    super();
    FakeWindow.made.push(this);
  }
  isDestroyed(): boolean {
    return false;
  }
  setTitle(title: string): void {
    this.title = title;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded.push(url);
  }
  show(): void {
    this.shown += 1;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
}

function fakeElectron(dir: string) {
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    getAppPath: () => path.join(dir, 'app'),
    getPath: (name: string) => path.join(dir, name),
    getVersion: () => '0.1.0-test',
    addRecentDocument: vi.fn(),
    clearRecentDocuments: vi.fn(),
    quit: vi.fn(),
    enableSandbox: vi.fn(),
  });
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const protocols = new Map<string, (request: { url: string }) => Promise<Response>>();
  const webRequest: Record<string, (details: unknown, callback: (response: unknown) => void) => void> = {};
  const permission: Record<string, (...args: unknown[]) => unknown> = {};
  const menus: MenuItemConstructorOptions[][] = [];
  const errors: { title: string; content: string }[] = [];
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    dialog: {
      showErrorBox: (title: string, content: string) => errors.push({ title, content }),
      showOpenDialog: vi.fn(async () => ({ canceled: true, filePaths: [] })),
      showSaveDialog: vi.fn(async () => ({ canceled: true })),
      showMessageBox: vi.fn(async () => ({ response: 0 })),
    },
    ipcMain: {
      handle: (channel: string, fn: (...args: unknown[]) => unknown) => handlers.set(channel, fn),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    Menu: {
      buildFromTemplate: (template: MenuItemConstructorOptions[]) => template,
      setApplicationMenu: (menu: MenuItemConstructorOptions[]) => menus.push(menu),
    },
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: (scheme: string, fn: (request: { url: string }) => Promise<Response>) => protocols.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: (...args: unknown[]) => unknown) => (permission.request = fn),
        setPermissionCheckHandler: (fn: (...args: unknown[]) => unknown) => (permission.check = fn),
        setDevicePermissionHandler: (fn: (...args: unknown[]) => unknown) => (permission.device = fn),
        webRequest: {
          onBeforeRequest: (fn: (details: unknown, callback: (response: unknown) => void) => void) => (webRequest.before = fn),
          onHeadersReceived: (fn: (details: unknown, callback: (response: unknown) => void) => void) => (webRequest.headers = fn),
        },
      },
    },
    shell: { openExternal: vi.fn(async () => undefined) },
    utilityProcess: { fork: vi.fn() },
  };
  return {
    electron: electron as unknown as ElectronModule,
    app,
    handlers,
    protocols,
    webRequest,
    permission,
    menus,
    errors,
    dialog: electron.dialog,
  };
}

function menuItem(menu: MenuItemConstructorOptions[], top: string, label: string): MenuItemConstructorOptions {
  const items = menu.find((m) => m.label?.replace('&', '') === top)!.submenu as MenuItemConstructorOptions[];
  return items.find((i) => i.label === label)!;
}

describe('the Electron shell, wired to a fake Electron', () => {
  let dir: string;
  let cleanup: () => void;
  let fake: ReturnType<typeof fakeElectron>;
  let service: FakeService;
  let created: Parameters<CreateLabService>[0][];
  const savedDataHome = process.env.XDG_DATA_HOME;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    process.env.XDG_DATA_HOME = path.join(dir, 'data-home');
    fs.mkdirSync(path.join(dir, 'app', 'dist-renderer'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'app', 'dist-renderer', 'index.html'), '<!doctype html><title>lab</title>');
    fs.mkdirSync(path.join(dir, 'build'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'build', 'engine-host.js'), '');
    FakeWindow.made = [];
    fake = fakeElectron(dir);
    created = [];
  });
  afterEach(() => {
    cleanup();
    if (savedDataHome === undefined) delete process.env.XDG_DATA_HOME;
    else process.env.XDG_DATA_HOME = savedDataHome;
  });

  const factory: CreateLabService = (options) => {
    created.push(options);
    service = fakeService({ listSweeps: () => [] }, options.workspacePath);
    return service.service;
  };
  const start = () => startShell(fake.electron, factory, { mainDir: path.join(dir, 'build') });

  it('registers the app scheme as a standard secure scheme and turns the sandbox on for every renderer', () => {
    prepareShell(fake.electron);
    expect(vi.mocked(fake.electron.protocol.registerSchemesAsPrivileged)).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(fake.app.enableSandbox).toHaveBeenCalled();
  });

  it('opens one secure window on app://lab with the preload beside the main bundle', async () => {
    const running = await start();
    expect(running).not.toBeNull();
    expect(FakeWindow.made).toHaveLength(1);
    const window = FakeWindow.made[0]!;
    expect(window.options.webPreferences).toMatchObject({
      preload: path.join(dir, 'build', 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(window.loaded).toEqual(['app://lab/index.html']);
    window.emit('ready-to-show');
    expect(window.shown).toBe(1);
    expect(window.webContents.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(window.webContents.fire('will-navigate', 'https://example.com').defaultPrevented).toBe(true);
  });

  it('starts the lab service for electron with a utilityProcess transport on the default workspace, named in the title', async () => {
    await start();
    const expected = path.join(dir, 'data-home', 'modality-competition-lab', 'default.mcl');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ workspacePath: expected, host: 'electron', appVersion: '0.1.0-test' });
    expect(typeof created[0]!.transport.open).toBe('function');
    expect(FakeWindow.made[0]!.title).toBe('default.mcl — Modality Competition Lab');
    expect(fake.app.addRecentDocument).toHaveBeenCalledWith(expected);
  });

  it('reopens the last used workspace, and falls back to the default (saying so) when it fails', async () => {
    const last = path.join(dir, 'last.mcl');
    fs.writeFileSync(last, '');
    fs.mkdirSync(path.join(dir, 'userData'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'userData', 'recent-workspaces.json'), JSON.stringify({ version: 1, workspaces: [last] }));
    await start();
    expect(created.map((c) => c.workspacePath)).toEqual([last]);

    FakeWindow.made = [];
    created = [];
    const failOnce: CreateLabService = (options) => {
      if (options.workspacePath === last) throw new Error('not a workspace');
      return factory(options);
    };
    await startShell(fake.electron, failOnce, { mainDir: path.join(dir, 'build') });
    expect(created.map((c) => path.basename(c.workspacePath))).toEqual(['default.mcl']);
    expect(fake.errors[0]).toMatchObject({
      title: 'Could not reopen the last workspace',
      content: expect.stringContaining('not a workspace'),
    });
  });

  it('quits with an error box when not even the default workspace opens', async () => {
    const result = await startShell(
      fake.electron,
      () => {
        throw new Error('disk is read-only');
      },
      { mainDir: path.join(dir, 'build') },
    );
    expect(result).toBeNull();
    expect(fake.errors[0]!.content).toMatch(/disk is read-only/);
    expect(fake.app.quit).toHaveBeenCalled();
    expect(FakeWindow.made).toHaveLength(0);
  });

  it('serves the renderer through app:// with the CSP, and puts the CSP on every other response', async () => {
    await start();
    const response = await fake.protocols.get('app')!({ url: 'app://lab/index.html' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'none'; script-src 'self' app:\/\/lab;/);
    let headers: unknown;
    fake.webRequest.headers!({ responseHeaders: { 'content-security-policy': ['default-src *'] } }, (r) => (headers = r));
    expect(headers).toEqual({ responseHeaders: { 'Content-Security-Policy': [response.headers.get('content-security-policy')] } });
  });

  it('cancels every request for anything but our own origin, and denies permissions', async () => {
    await start();
    const verdict = (url: string) => {
      let answer: unknown;
      fake.webRequest.before!({ url }, (r) => (answer = r));
      return answer;
    };
    expect(verdict('app://lab/assets/app.js')).toEqual({ cancel: false });
    expect(verdict('https://cdn.example.com/lib.js')).toEqual({ cancel: true });
    const callback = vi.fn();
    fake.permission.request!({}, 'notifications', callback, {});
    expect(callback).toHaveBeenCalledWith(false);
    expect(fake.permission.check!({}, 'media', 'app://lab', {})).toBe(false);
  });

  it('answers lab:call from its window and refuses other senders', async () => {
    await start();
    const contents = FakeWindow.made[0]!.webContents;
    const handler = fake.handlers.get('lab:call')!;
    expect(await handler(invokeEvent(contents), 'listSweeps', undefined)).toEqual({ ok: true, result: [] });
    const stranger = new FakeWebContents();
    expect(await handler(invokeEvent(stranger), 'listSweeps', undefined)).toMatchObject({ ok: false });
    expect(await handler(invokeEvent(contents), 'listSweeps', { evil: true })).toMatchObject({ ok: false });
  });

  it('forwards lab events and follows workspace changes in the title', async () => {
    await start();
    const window = FakeWindow.made[0]!;
    service.emit({ type: 'sweep-progress', sweepId: 1, done: 2, total: 9, etaSeconds: 3 });
    service.emit({ type: 'workspace-changed', workspace: { name: 'other.mcl', path: '/x/other.mcl' } });
    expect(window.webContents.sent.map((m) => m.channel)).toEqual(['lab:event', 'lab:event']);
    expect(window.webContents.sent[0]!.payload).toEqual({ type: 'sweep-progress', sweepId: 1, done: 2, total: 9, etaSeconds: 3 });
    expect(window.title).toBe('other.mcl — Modality Competition Lab');
  });

  it('sends menu commands to the renderer from the File menu', async () => {
    await start();
    const window = FakeWindow.made[0]!;
    const menu = fake.menus.at(-1)!;
    (menuItem(menu, 'File', 'Export Figure Pack…').click as () => void)();
    (menuItem(menu, 'File', 'New Experiment').click as () => void)();
    expect(window.webContents.sent).toEqual([
      { channel: 'lab:event', payload: { type: 'menu-command', command: 'export-figure-pack' } },
      { channel: 'lab:event', payload: { type: 'menu-command', command: 'new-experiment' } },
    ]);
    expect(menu.map((m) => m.label)).not.toContain(undefined);
  });

  it('switches workspace from File › Open Workspace…, then updates the title and the recent list', async () => {
    await start();
    const chosen = path.join(dir, 'chosen.mcl');
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [chosen] } as never);
    (menuItem(fake.menus.at(-1)!, 'File', 'Open Workspace…').click as () => void)();
    await vi.waitFor(() => expect(FakeWindow.made[0]!.title).toBe('chosen.mcl — Modality Competition Lab'));
    expect(service.calls).toContainEqual({ method: 'switchWorkspace', args: chosen });
    const recent = menuItem(fake.menus.at(-1)!, 'File', 'Open Recent').submenu as MenuItemConstructorOptions[];
    expect(recent[0]!.label).toBe(`chosen.mcl  —  ${dir}`);
  });

  it('closes the service before the app quits', async () => {
    await start();
    const event = { preventDefault: vi.fn() };
    fake.app.emit('before-quit', event);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled());
    expect(service.closed).toBe(1);
  });
});
