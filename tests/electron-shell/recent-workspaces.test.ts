import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RECENT_LIMIT,
  RecentWorkspaces,
  readRecent,
  startupWorkspace,
  withRecent,
  writeRecent,
} from '../../src-main/electron-shell/recent-workspaces';
import { tempDir } from './fakes';

describe('the recent-workspaces file', () => {
  let dir: string;
  let cleanup: () => void;
  let file: string;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    file = path.join(dir, 'userData', 'recent-workspaces.json');
  });
  afterEach(() => cleanup());

  it('is empty, without complaint, when it does not exist yet', () => {
    expect(readRecent(file)).toEqual({ workspaces: [], problem: null });
  });

  it('reads back what was written, newest first', () => {
    writeRecent(file, ['/w/b.mcl', '/w/a.mcl']);
    expect(readRecent(file)).toEqual({ workspaces: ['/w/b.mcl', '/w/a.mcl'], problem: null });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['recent-workspaces.json']);
  });

  it('rejects a corrupt or tampered file, keeps it aside and starts empty', () => {
    const cases: [string, RegExp][] = [
      ['{not json', /not JSON/],
      ['[]', /file|expected/],
      [JSON.stringify({ version: 2, workspaces: [] }), /version/],
      [JSON.stringify({ version: 1, workspaces: ['relative/path.mcl'] }), /absolute path/],
      [JSON.stringify({ version: 1, workspaces: [42] }), /workspaces\.0/],
      [JSON.stringify({ version: 1, workspaces: [], extra: true }), /./],
    ];
    for (const [text, reason] of cases) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      const loaded = readRecent(file);
      expect(loaded.workspaces, text).toEqual([]);
      expect(loaded.problem, text).toMatch(reason);
      expect(fs.existsSync(file), text).toBe(false);
      expect(fs.readFileSync(`${file}.corrupt`, 'utf8'), text).toBe(text);
    }
  });

  it('moves a reopened workspace to the front without duplicates and keeps at most the limit', () => {
    let list: string[] = [];
    for (let i = 0; i < RECENT_LIMIT + 3; i++) list = withRecent(list, `/w/${i}.mcl`);
    list = withRecent(list, '/w/5.mcl');
    expect(list[0]).toBe('/w/5.mcl');
    expect(list).toHaveLength(RECENT_LIMIT);
    expect(new Set(list).size).toBe(list.length);
  });

  it('keeps the list on disk and tells the system list, through RecentWorkspaces', () => {
    const told: string[] = [];
    const warnings: string[] = [];
    const recent = new RecentWorkspaces(file, { addToSystem: (p) => told.push(p), warn: (m) => warnings.push(m) });
    recent.add('/w/a.mcl');
    recent.add('/w/b.mcl');
    recent.remove('/w/a.mcl');
    expect(new RecentWorkspaces(file).list()).toEqual(['/w/b.mcl']);
    expect(told).toEqual(['/w/a.mcl', '/w/b.mcl']);
    recent.clear();
    expect(new RecentWorkspaces(file).list()).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('warns (and goes on) when the stored list was corrupt', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"version":1,"workspaces":"oops"}');
    const warnings: string[] = [];
    expect(new RecentWorkspaces(file, { warn: (m) => warnings.push(m) }).list()).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/was ignored/);
  });

  it('starts with the newest recent workspace that still exists, else the default', () => {
    const exists = (p: string) => p === '/w/second.mcl';
    expect(startupWorkspace(['/w/gone.mcl', '/w/second.mcl'], '/default.mcl', exists)).toBe('/w/second.mcl');
    expect(startupWorkspace(['/w/gone.mcl'], '/default.mcl', exists)).toBe('/default.mcl');
    expect(startupWorkspace([], '/default.mcl', exists)).toBe('/default.mcl');
  });
});
