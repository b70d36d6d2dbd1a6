/**
 * The application menu as a template, built from plain data and callbacks so every item's
 * wiring can be tested without Electron. Developer items (reload, devtools) exist only in an
 * unpackaged app.
 */
import * as path from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  newExperiment(): void;
  newWorkspace(): void;
  openWorkspace(): void;
  openRecent(workspace: string): void;
  clearRecent(): void;
  saveWorkspaceAs(): void;
  exportFigurePack(): void;
  about(): void;
  quit(): void;
}

export interface MenuState {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  appName: string;
  recent: string[];
}

function recentItems(recent: string[], actions: MenuActions): MenuItemConstructorOptions[] {
  if (recent.length === 0) return [{ label: 'No Recent Workspaces', enabled: false }];
  return [
    ...recent.map((workspace): MenuItemConstructorOptions => ({
      label: `${path.basename(workspace)}  —  ${path.dirname(workspace)}`,
      click: () => actions.openRecent(workspace),
    })),
    { type: 'separator' },
    { label: 'Clear Recent', click: () => actions.clearRecent() },
  ];
}

export function buildMenuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = state.platform === 'darwin';
  // On macOS Quit lives in the application menu, as the platform expects.
  const quit: MenuItemConstructorOptions[] = mac
    ? []
    : [{ type: 'separator' }, { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => actions.quit() }];
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Experiment', accelerator: 'CmdOrCtrl+N', click: () => actions.newExperiment() },
      { type: 'separator' },
      { label: 'New Workspace…', accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.newWorkspace() },
      { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
      { label: 'Open Recent', submenu: recentItems(state.recent, actions) },
      { label: 'Save Workspace As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => actions.saveWorkspaceAs() },
      { type: 'separator' },
      { label: 'Export Figure Pack…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportFigurePack() },
      ...quit,
    ],
  };
  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { role: 'undo' },
      { role: 'redo' },
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };
  const developer: MenuItemConstructorOptions[] = state.isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }];
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...developer,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    submenu: [{ label: `About ${state.appName}`, click: () => actions.about() }],
  };
  const appMenu: MenuItemConstructorOptions[] = mac
    ? [
        {
          label: state.appName,
          submenu: [
            { label: `About ${state.appName}`, click: () => actions.about() },
            { type: 'separator' },
            { role: 'hide' },
            { role: 'hideOthers' },
            { role: 'unhide' },
            { type: 'separator' },
            { label: `Quit ${state.appName}`, accelerator: 'Cmd+Q', click: () => actions.quit() },
          ],
        },
      ]
    : [];
  return [...appMenu, file, edit, view, help];
}
