import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildMenuTemplate, type MenuActions, type MenuState } from '../../src-main/electron-shell/menu-template';

function actions(): MenuActions & Record<string, ReturnType<typeof vi.fn>> {
  return {
    newExperiment: vi.fn(),
    newWorkspace: vi.fn(),
    openWorkspace: vi.fn(),
    openRecent: vi.fn(),
    clearRecent: vi.fn(),
    saveWorkspaceAs: vi.fn(),
    exportFigurePack: vi.fn(),
    about: vi.fn(),
    quit: vi.fn(),
  };
}

const linux: MenuState = { platform: 'linux', isPackaged: true, appName: 'Lab', recent: ['/data/a.mcl', '/data/old/b.mcl'] };

function submenu(template: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  const menu = template.find((item) => item.label?.replace('&', '') === label);
  expect(menu, label).toBeDefined();
  return menu!.submenu as MenuItemConstructorOptions[];
}

function item(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const found = items.find((i) => i.label === label);
  expect(found, label).toBeDefined();
  return found!;
}

function click(entry: MenuItemConstructorOptions): void {
  (entry.click as () => void)();
}

describe('the application menu', () => {
  it('wires each File item to its own action, and only that one', () => {
    const file = submenu(buildMenuTemplate(linux, actions()), 'File');
    const cases: [string, keyof MenuActions][] = [
      ['New Experiment', 'newExperiment'],
      ['New Workspace…', 'newWorkspace'],
      ['Open Workspace…', 'openWorkspace'],
      ['Save Workspace As…', 'saveWorkspaceAs'],
      ['Export Figure Pack…', 'exportFigurePack'],
      ['Quit', 'quit'],
    ];
    for (const [label, action] of cases) {
      const spies = actions();
      click(item(submenu(buildMenuTemplate(linux, spies), 'File'), label));
      for (const [name, spy] of Object.entries(spies)) {
        expect(spy, `${label} -> ${name}`).toHaveBeenCalledTimes(name === action ? 1 : 0);
      }
    }
    expect(file.map((i) => i.label ?? i.type)).toEqual([
      'New Experiment',
      'separator',
      'New Workspace…',
      'Open Workspace…',
      'Open Recent',
      'Save Workspace As…',
      'separator',
      'Export Figure Pack…',
      'separator',
      'Quit',
    ]);
  });

  it('lists recent workspaces, newest first, each opening its own file, and can clear them', () => {
    const spies = actions();
    const recent = submenu(submenu(buildMenuTemplate(linux, spies), 'File'), 'Open Recent');
    expect(recent.map((i) => i.label ?? i.type)).toEqual(['a.mcl  —  /data', 'b.mcl  —  /data/old', 'separator', 'Clear Recent']);
    click(recent[1]!);
    expect(spies.openRecent).toHaveBeenCalledWith('/data/old/b.mcl');
    click(recent[3]!);
    expect(spies.clearRecent).toHaveBeenCalledTimes(1);
    const empty = submenu(submenu(buildMenuTemplate({ ...linux, recent: [] }, actions()), 'File'), 'Open Recent');
    expect(empty).toEqual([{ label: 'No Recent Workspaces', enabled: false }]);
  });

  it('offers reload and devtools only in an unpackaged app', () => {
    const roles = (state: MenuState) => submenu(buildMenuTemplate(state, actions()), 'View').map((i) => i.role);
    expect(roles({ ...linux, isPackaged: true })).not.toEqual(expect.arrayContaining(['reload']));
    expect(roles({ ...linux, isPackaged: true })).not.toContain('toggleDevTools');
    expect(roles({ ...linux, isPackaged: true })).not.toContain('forceReload');
    expect(roles({ ...linux, isPackaged: false })).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });

  it('has the standard Edit roles and an About item', () => {
    const template = buildMenuTemplate(linux, actions());
    expect(
      submenu(template, 'Edit')
        .map((i) => i.role)
        .filter(Boolean),
    ).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
    const spies = actions();
    click(item(submenu(buildMenuTemplate(linux, spies), 'Help'), 'About Lab'));
    expect(spies.about).toHaveBeenCalledTimes(1);
  });

  it('puts About and Quit in the application menu on macOS', () => {
    const spies = actions();
    const template = buildMenuTemplate({ ...linux, platform: 'darwin' }, spies);
    expect(template[0]!.label).toBe('Lab');
    expect(submenu(template, 'File').some((i) => i.label === 'Quit')).toBe(false);
    click(item(template[0]!.submenu as MenuItemConstructorOptions[], 'Quit Lab'));
    expect(spies.quit).toHaveBeenCalledTimes(1);
  });
});
