/**
 * The File menu's workspace operations: native dialogs in front of the lab service's
 * switchWorkspace / saveWorkspaceAs, errors shown in a dialog (never thrown into the menu),
 * and the recent list kept up to date. Nothing here overwrites an existing file: a workspace
 * holds a researcher's runs, so "New" and "Save As" onto an existing file are refused with a
 * message saying what to do instead.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OpenDialogOptions, SaveDialogOptions } from 'electron';
import type { WorkspaceInfo } from '../api/lab-api';
import type { ShellLabService } from './shell-service';

/** The workspace module writes `.mcl` files (see workspace/default-location.ts); any SQLite workspace opens. */
export const WORKSPACE_EXTENSION = 'mcl';
export const OPEN_FILTERS = [
  { name: 'Lab workspace', extensions: [WORKSPACE_EXTENSION] },
  { name: 'SQLite workspace', extensions: ['sqlite', 'sqlite3', 'db'] },
  { name: 'All files', extensions: ['*'] },
];
export const SAVE_FILTERS = [{ name: 'Lab workspace', extensions: [WORKSPACE_EXTENSION] }];

export interface ShellDialogs {
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string | undefined }>;
  showErrorBox(title: string, content: string): void;
}

export interface RecentList {
  add(workspace: string): void;
  remove(workspace: string): void;
}

export interface WorkspaceActionDeps {
  dialogs: ShellDialogs;
  service(): ShellLabService;
  recent: RecentList;
  /** The workspace shown now (for dialog start folders), null before the first is open. */
  current(): WorkspaceInfo | null;
  /** Called with the workspace the service reports after a successful switch or save-as. */
  changed(workspace: WorkspaceInfo): void;
  exists?(file: string): boolean;
}

function messageOf(err: unknown): string {
  return err instanceof Error && err.message ? err.message : String(err);
}

/** Adds `.mcl` when the user typed a name without an extension (GTK dialogs do not add it). */
export function withWorkspaceExtension(file: string): string {
  return path.extname(file) === '' ? `${file}.${WORKSPACE_EXTENSION}` : file;
}

export function createWorkspaceActions(deps: WorkspaceActionDeps) {
  const exists = deps.exists ?? fs.existsSync;
  const startFolder = (): string | undefined => {
    const current = deps.current();
    return current ? path.dirname(current.path) : undefined;
  };

  async function afterChange(file: string): Promise<void> {
    deps.recent.add(file);
    let workspace: WorkspaceInfo;
    try {
      workspace = (await deps.service().info()).workspace;
    } catch {
      // The switch itself succeeded; the title can still name the file.
      workspace = { name: path.basename(file), path: path.resolve(file) };
    }
    deps.changed(workspace);
  }

  async function open(file: string, failureTitle: string): Promise<boolean> {
    try {
      await deps.service().switchWorkspace(file);
    } catch (err) {
      deps.dialogs.showErrorBox(failureTitle, `${file}\n\n${messageOf(err)}`);
      return false;
    }
    await afterChange(file);
    return true;
  }

  async function askNewFile(title: string, buttonLabel: string, name: string): Promise<string | null> {
    const folder = startFolder();
    const result = await deps.dialogs.showSaveDialog({
      title,
      buttonLabel,
      defaultPath: folder ? path.join(folder, name) : name,
      filters: SAVE_FILTERS,
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (result.canceled || !result.filePath) return null;
    const file = withWorkspaceExtension(result.filePath);
    if (exists(file)) {
      deps.dialogs.showErrorBox(
        `${title}: the file already exists`,
        `${file}\n\nThe lab never overwrites a workspace file. Choose a new name, or use File › Open Workspace… to open this one.`,
      );
      return null;
    }
    return file;
  }

  return {
    async newWorkspace(): Promise<boolean> {
      const file = await askNewFile('New workspace', 'Create', `untitled.${WORKSPACE_EXTENSION}`);
      return file ? open(file, 'Could not create the workspace') : false;
    },

    async openWorkspace(): Promise<boolean> {
      const result = await deps.dialogs.showOpenDialog({
        title: 'Open workspace',
        buttonLabel: 'Open',
        defaultPath: startFolder(),
        filters: OPEN_FILTERS,
        properties: ['openFile'],
      });
      const file = result.filePaths[0];
      if (result.canceled || !file) return false;
      return open(file, 'Could not open the workspace');
    },

    async openRecent(file: string): Promise<boolean> {
      if (!exists(file)) {
        deps.recent.remove(file);
        deps.dialogs.showErrorBox(
          'Could not open the workspace',
          `${file}\n\nThe file is no longer there; it was removed from the recent list.`,
        );
        return false;
      }
      return open(file, 'Could not open the workspace');
    },

    async saveWorkspaceAs(): Promise<boolean> {
      const current = deps.current();
      const base = current ? path.basename(current.path, path.extname(current.path)) : 'workspace';
      const file = await askNewFile('Save workspace as', 'Save', `${base} copy.${WORKSPACE_EXTENSION}`);
      if (!file) return false;
      try {
        await deps.service().saveWorkspaceAs(file);
      } catch (err) {
        deps.dialogs.showErrorBox('Could not save the workspace', `${file}\n\n${messageOf(err)}`);
        return false;
      }
      await afterChange(file);
      return true;
    },

    /** Where `exportPack` writes when the renderer gave no `out`: a new folder, or a path ending `.zip`. */
    async chooseExportTarget(): Promise<string | null> {
      const folder = startFolder();
      const result = await deps.dialogs.showSaveDialog({
        title: 'Export figure pack',
        buttonLabel: 'Export',
        message: 'Name a new folder for the pack (or a name ending in .zip for an archive)',
        defaultPath: folder ? path.join(folder, 'figure-pack') : 'figure-pack',
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (result.canceled || !result.filePath) return null;
      return result.filePath;
    },
  };
}

export type WorkspaceActions = ReturnType<typeof createWorkspaceActions>;
