/**
 * The desktop app's wiring: one secure window on the built renderer, the lab service behind
 * the IPC bridge, the engine in utilityProcesses, the File menu's dialogs and a clean quit.
 * Every decision lives in the small modules imported here; this file connects them to the
 * Electron objects it is given (the real module in main.ts, fakes in the tests).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Electron from 'electron';
import type { LabEvent, WorkspaceInfo } from '../api/lab-api';
import { defaultWorkspacePath } from '../workspace/default-location';
import type { EngineTransport } from '../engine-host/engine-transport';
import { APP_SCHEME_PRIVILEGES, serveRendererRequest } from './app-protocol';
import { contentSecurityPolicy, withCspHeader } from './content-security-policy';
import { engineHostScriptPath } from './engine-host-path';
import { EVENT_CHANNEL } from './ipc-channels';
import { forwardLabEvents, registerLabIpc } from './lab-ipc';
import { buildMenuTemplate, type MenuActions } from './menu-template';
import { guardNavigation } from './navigation-guard';
import { denyAllPermissions } from './permissions';
import { closeBeforeQuit } from './quit-guard';
import { RECENT_FILE, RecentWorkspaces, startupWorkspace } from './recent-workspaces';
import { APP_SCHEME, chooseRendererOrigin, type RendererOrigin } from './renderer-origin';
import { isAllowedRequest } from './request-filter';
import { untrustedSenderReason } from './sender-check';
import type { ShellLabService } from './shell-service';
import { utilityProcessTransport } from './utility-transport';
import { APP_NAME, createMainWindow, windowTitle } from './window-options';
import { createWorkspaceActions } from './workspace-actions';

export type ElectronModule = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'dialog' | 'ipcMain' | 'Menu' | 'protocol' | 'session' | 'shell' | 'utilityProcess'
>;

export type CreateLabService = (options: {
  workspacePath: string;
  host: 'electron';
  transport: EngineTransport;
  appVersion: string;
}) => ShellLabService | Promise<ShellLabService>;

export interface ShellOptions {
  /** Folder of the main bundle (preload.js and engine-host.js lie beside it). */
  mainDir: string;
  /** The forge/vite dev server URL during `electron-forge start`, else undefined. */
  devServerUrl?: string | undefined;
}

/** Must run before the app is ready: the scheme and the sandbox are fixed at start-up. */
export function prepareShell(electron: ElectronModule): void {
  electron.protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  electron.app.enableSandbox();
}

function messageOf(err: unknown): string {
  return err instanceof Error && err.message ? err.message : String(err);
}

export interface RunningShell {
  window: Electron.BrowserWindow;
  service: ShellLabService;
  origin: RendererOrigin;
}

/** Called once the app is ready. Resolves when the window is loading; null when start-up failed (the app quits). */
export async function startShell(
  electron: ElectronModule,
  createLabService: CreateLabService,
  options: ShellOptions,
): Promise<RunningShell | null> {
  const { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, utilityProcess } = electron;
  const origin = chooseRendererOrigin({ isPackaged: app.isPackaged, devServerUrl: options.devServerUrl });
  const csp = contentSecurityPolicy(origin);
  const rendererRoot = path.join(app.getAppPath(), 'dist-renderer');

  protocol.handle(APP_SCHEME, (request) => serveRendererRequest(rendererRoot, request.url, csp));
  const ses = session.defaultSession;
  denyAllPermissions(ses);
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url, origin) }));
  ses.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: withCspHeader(details.responseHeaders, csp) }));
  const openExternal = (url: string): void => void shell.openExternal(url).catch(() => undefined);
  // Any web contents created later (devtools included) may not open windows or embed webviews.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  const recent = new RecentWorkspaces(path.join(app.getPath('userData'), RECENT_FILE), {
    addToSystem: (file) => app.addRecentDocument(file),
    clearSystem: () => app.clearRecentDocuments(),
    warn: (message) => console.warn(message),
  });

  const transport = utilityProcessTransport({
    fork: (script, args, forkOptions) => utilityProcess.fork(script, args, forkOptions),
    script: engineHostScriptPath(options.mainDir),
  });
  const open = (workspacePath: string): Promise<ShellLabService> =>
    Promise.resolve(createLabService({ workspacePath, host: 'electron', transport, appVersion: app.getVersion() }));

  const fallback = defaultWorkspacePath();
  const first = startupWorkspace(recent.list(), fallback);
  let service: ShellLabService;
  try {
    service = await open(first);
  } catch (err) {
    if (first === fallback) {
      dialog.showErrorBox(`${APP_NAME} cannot start`, `The workspace ${first} could not be opened.\n\n${messageOf(err)}`);
      app.quit();
      return null;
    }
    dialog.showErrorBox('Could not reopen the last workspace', `${first}\n\n${messageOf(err)}\n\nOpening the default workspace instead.`);
    try {
      service = await open(fallback);
    } catch (err2) {
      dialog.showErrorBox(`${APP_NAME} cannot start`, `The workspace ${fallback} could not be opened.\n\n${messageOf(err2)}`);
      app.quit();
      return null;
    }
  }
  closeBeforeQuit(
    app,
    () => service.close(),
    (err) => console.error(`closing the lab failed: ${messageOf(err)}`),
  );

  let current: WorkspaceInfo | null = null;
  const window = createMainWindow(BrowserWindow, path.join(options.mainDir, 'preload.js'));
  const contents = window.webContents;
  guardNavigation(contents, openExternal);
  const showWorkspace = (workspace: WorkspaceInfo): void => {
    current = workspace;
    if (!window.isDestroyed()) window.setTitle(windowTitle(workspace));
  };

  const actions = createWorkspaceActions({
    dialogs: {
      showOpenDialog: (o) => dialog.showOpenDialog(window, o),
      showSaveDialog: (o) => dialog.showSaveDialog(window, o),
      showErrorBox: (title, content) => dialog.showErrorBox(title, content),
    },
    service: () => service,
    recent,
    current: () => current,
    changed: (workspace) => {
      showWorkspace(workspace);
      rebuildMenu();
    },
  });

  registerLabIpc(ipcMain, {
    service: () => service,
    checkSender: (event) => untrustedSenderReason(event, window.isDestroyed() ? null : contents, origin),
    chooseExportTarget: () => actions.chooseExportTarget(),
  });
  forwardLabEvents(service, () => (window.isDestroyed() ? null : contents));
  service.subscribe((event) => {
    if (event.type === 'workspace-changed') showWorkspace(event.workspace);
  });

  const sendMenuCommand = (command: Extract<LabEvent, { type: 'menu-command' }>['command']): void => {
    const event: LabEvent = { type: 'menu-command', command };
    if (!window.isDestroyed()) contents.send(EVENT_CHANNEL, event);
  };
  const guarded = (action: () => Promise<unknown>) => (): void => {
    action().catch((err: unknown) => dialog.showErrorBox('Something went wrong', messageOf(err)));
  };
  const menuActions: MenuActions = {
    newExperiment: () => sendMenuCommand('new-experiment'),
    exportFigurePack: () => sendMenuCommand('export-figure-pack'),
    newWorkspace: guarded(() => actions.newWorkspace()),
    openWorkspace: guarded(() => actions.openWorkspace()),
    openRecent: (file) => guarded(() => actions.openRecent(file))(),
    clearRecent: () => {
      recent.clear();
      rebuildMenu();
    },
    saveWorkspaceAs: guarded(() => actions.saveWorkspaceAs()),
    about: guarded(async () => {
      const info = await service.info();
      await dialog.showMessageBox(window, {
        type: 'info',
        title: `About ${APP_NAME}`,
        message: `${APP_NAME} ${info.appVersion}`,
        detail: [
          `Electron ${process.versions.electron ?? 'unknown'}, Chromium ${process.versions.chrome ?? 'unknown'}, Node ${process.versions.node}`,
          `Engine: ${info.engine.name}; CUDA: ${info.engine.cuda.available ? 'available' : info.engine.cuda.reason}`,
          `Workspace: ${info.workspace.path}`,
        ].join('\n'),
      });
    }),
    quit: () => app.quit(),
  };
  function rebuildMenu(): void {
    const template = buildMenuTemplate(
      { platform: process.platform, isPackaged: app.isPackaged, appName: APP_NAME, recent: recent.list() },
      menuActions,
    );
    Menu.setApplicationMenu(Menu.buildFromTemplate(template));
  }

  try {
    const info = await service.info();
    recent.add(info.workspace.path);
    showWorkspace(info.workspace);
  } catch (err) {
    console.warn(`could not read the workspace name: ${messageOf(err)}`);
  }
  rebuildMenu();

  app.on('second-instance', () => {
    if (window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('window-all-closed', () => app.quit());
  window.once('ready-to-show', () => window.show());

  if (!origin.devServer && !fs.existsSync(path.join(rendererRoot, 'index.html'))) {
    dialog.showErrorBox(
      `${APP_NAME}: the interface is not built`,
      `${rendererRoot} has no index.html. Build it with \`npx vite build -c vite.renderer.config.ts\`.`,
    );
  }
  await window.loadURL(origin.entryUrl);
  return { window, service, origin };
}
