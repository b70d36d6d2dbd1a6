import { describe, expect, it, vi } from 'vitest';
import type { WorkspaceInfo } from '../../src-main/api/lab-api';
import { createWorkspaceActions, withWorkspaceExtension, type ShellDialogs } from '../../src-main/electron-shell/workspace-actions';
import { fakeService } from './fake-service';

function setup(options: { save?: string | null; open?: string | null; existing?: string[]; switchFails?: string } = {}) {
  const fake = fakeService();
  if (options.switchFails) {
    (fake.service as unknown as Record<string, unknown>).switchWorkspace = async () => {
      throw new Error(options.switchFails);
    };
    (fake.service as unknown as Record<string, unknown>).saveWorkspaceAs = async () => {
      throw new Error(options.switchFails);
    };
  }
  const errors: { title: string; content: string }[] = [];
  const dialogs: ShellDialogs = {
    showSaveDialog: vi.fn(async () => (options.save ? { canceled: false, filePath: options.save } : { canceled: true })),
    showOpenDialog: vi.fn(async () => (options.open ? { canceled: false, filePaths: [options.open] } : { canceled: true, filePaths: [] })),
    showErrorBox: (title, content) => errors.push({ title, content }),
  };
  const recent = { add: vi.fn(), remove: vi.fn() };
  const changed: WorkspaceInfo[] = [];
  const existing = new Set(options.existing ?? []);
  const actions = createWorkspaceActions({
    dialogs,
    service: () => fake.service,
    recent,
    current: () => ({ name: 'first.mcl', path: '/data/first.mcl' }),
    changed: (w) => changed.push(w),
    exists: (p) => existing.has(p),
  });
  return { fake, dialogs, recent, changed, errors, actions };
}

describe('File menu workspace actions', () => {
  it('New Workspace creates the file the user named (adding .mcl) and shows it', async () => {
    const { fake, dialogs, recent, changed, errors, actions } = setup({ save: '/data/study' });
    expect(await actions.newWorkspace()).toBe(true);
    expect(fake.calls).toEqual([{ method: 'switchWorkspace', args: '/data/study.mcl' }]);
    expect(recent.add).toHaveBeenCalledWith('/data/study.mcl');
    expect(changed).toEqual([{ name: 'study.mcl', path: '/data/study.mcl' }]);
    expect(errors).toEqual([]);
    const asked = vi.mocked(dialogs.showSaveDialog).mock.calls[0]![0];
    expect(asked.defaultPath).toBe('/data/untitled.mcl');
    expect(asked.filters).toEqual([{ name: 'Lab workspace', extensions: ['mcl'] }]);
  });

  it('New Workspace never replaces an existing file', async () => {
    const { fake, changed, errors, actions } = setup({ save: '/data/first.mcl', existing: ['/data/first.mcl'] });
    expect(await actions.newWorkspace()).toBe(false);
    expect(fake.calls).toEqual([]);
    expect(changed).toEqual([]);
    expect(errors[0]!.content).toMatch(/never overwrites/);
  });

  it('a cancelled dialog changes nothing', async () => {
    const { fake, recent, errors, actions } = setup();
    expect(await actions.newWorkspace()).toBe(false);
    expect(await actions.openWorkspace()).toBe(false);
    expect(await actions.saveWorkspaceAs()).toBe(false);
    expect(await actions.chooseExportTarget()).toBeNull();
    expect(fake.calls).toEqual([]);
    expect(recent.add).not.toHaveBeenCalled();
    expect(errors).toEqual([]);
  });

  it('Open Workspace switches to the chosen file with workspace filters', async () => {
    const { fake, dialogs, changed, actions } = setup({ open: '/elsewhere/old.mcl' });
    expect(await actions.openWorkspace()).toBe(true);
    expect(fake.calls).toEqual([{ method: 'switchWorkspace', args: '/elsewhere/old.mcl' }]);
    expect(changed.at(-1)?.path).toBe('/elsewhere/old.mcl');
    const asked = vi.mocked(dialogs.showOpenDialog).mock.calls[0]![0];
    expect(asked.properties).toEqual(['openFile']);
    expect(asked.filters?.[0]).toEqual({ name: 'Lab workspace', extensions: ['mcl'] });
  });

  it('shows the service error in a dialog, and keeps the current workspace, when opening fails', async () => {
    const { recent, changed, errors, actions } = setup({
      open: '/x/broken.mcl',
      switchFails: '/x/broken.mcl is not a workspace (not an SQLite file); nothing was changed',
    });
    expect(await actions.openWorkspace()).toBe(false);
    expect(errors).toEqual([{ title: 'Could not open the workspace', content: expect.stringContaining('not an SQLite file') }]);
    expect(recent.add).not.toHaveBeenCalled();
    expect(changed).toEqual([]);
  });

  it('Open Recent drops a file that is gone, and opens one that is there', async () => {
    const { fake, recent, errors, actions } = setup({ existing: ['/w/here.mcl'] });
    expect(await actions.openRecent('/w/gone.mcl')).toBe(false);
    expect(recent.remove).toHaveBeenCalledWith('/w/gone.mcl');
    expect(errors[0]!.content).toMatch(/no longer there/);
    expect(await actions.openRecent('/w/here.mcl')).toBe(true);
    expect(fake.calls).toEqual([{ method: 'switchWorkspace', args: '/w/here.mcl' }]);
  });

  it('Save Workspace As copies to a new file and continues there; errors are shown', async () => {
    const ok = setup({ save: '/data/copy.mcl' });
    expect(await ok.actions.saveWorkspaceAs()).toBe(true);
    expect(ok.fake.calls).toEqual([{ method: 'saveWorkspaceAs', args: '/data/copy.mcl' }]);
    expect(ok.changed).toEqual([{ name: 'copy.mcl', path: '/data/copy.mcl' }]);
    expect(vi.mocked(ok.dialogs.showSaveDialog).mock.calls[0]![0].defaultPath).toBe('/data/first copy.mcl');
    const failing = setup({ save: '/ro/copy.mcl', switchFails: 'EACCES' });
    expect(await failing.actions.saveWorkspaceAs()).toBe(false);
    expect(failing.errors[0]).toEqual({ title: 'Could not save the workspace', content: expect.stringContaining('EACCES') });
  });

  it('asks for an export target beside the workspace', async () => {
    const { dialogs, actions } = setup({ save: '/data/pack.zip' });
    expect(await actions.chooseExportTarget()).toBe('/data/pack.zip');
    expect(vi.mocked(dialogs.showSaveDialog).mock.calls[0]![0].defaultPath).toBe('/data/figure-pack');
  });

  it('adds the workspace extension only to names without one', () => {
    expect(withWorkspaceExtension('/a/b')).toBe('/a/b.mcl');
    expect(withWorkspaceExtension('/a/b.sqlite')).toBe('/a/b.sqlite');
  });
});
