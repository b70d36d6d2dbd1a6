/**
 * The built main bundle, end to end, without the Electron binary: forge's vite plugin builds
 * main.js, engine-host.js and preload.js from forge.config.ts as `electron-forge package`
 * would (forge-build.ts), then
 * main-bundle-harness.js runs main.js in Node with a fake `electron` module. The real lab
 * service opens a real workspace, the engine-host bundle trains in a child process that
 * stands in for the utilityProcess, and Quit must close the service with the running run
 * recorded as cancelled.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { Workspace } from '../../src-main/workspace/workspace';
import { tempDir } from './fakes';
import { FORGE_BUILD_DIR, forgeBuildMainBundles } from './forge-build';

const root = path.resolve(__dirname, '..', '..');
// Inside the repository (git-ignored) so the bundle resolves node_modules and finds the addon as the app would.
const bundleDir = FORGE_BUILD_DIR;

interface HarnessReport {
  windows: { webPreferences: Record<string, unknown> }[];
  loaded: string;
  title: string;
  engineScript: string;
  info: { ok: boolean; result: { host: string; workspace: { name: string; path: string } } };
  refused: { ok: boolean; error?: { message: string } };
  firstEnded: { status: string };
  longStart: { ok: boolean; result: { runId: number } };
  longEnded: { status: string } | null;
  eventTypes: string[];
  quit: boolean;
  errors: string[];
  failure?: string;
}

describe.skipIf(!nativeAvailable())('the built main bundle under a fake Electron', () => {
  let dir: string;
  let cleanup: () => void;
  let report: HarnessReport;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('mcl-bundle-'));
    fs.rmSync(bundleDir, { recursive: true, force: true });
    await forgeBuildMainBundles();
    fs.mkdirSync(path.join(dir, 'app', 'dist-renderer'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'app', 'dist-renderer', 'index.html'), '<!doctype html>');
    const run = spawnSync(process.execPath, [path.join(__dirname, 'main-bundle-harness.js')], {
      env: {
        ...process.env,
        BUNDLE_DIR: bundleDir,
        APP_DIR: path.join(dir, 'app'),
        USER_DATA: path.join(dir, 'userData'),
        XDG_DATA_HOME: path.join(dir, 'data'),
      },
      encoding: 'utf8',
      timeout: 120_000,
    });
    const line = run.stdout.trim().split('\n').pop() ?? '';
    if (!line.startsWith('{')) throw new Error(`the harness printed no report (status ${run.status}): ${run.stderr.slice(-2000)}`);
    report = JSON.parse(line) as HarnessReport;
  });
  afterAll(() => {
    cleanup?.();
    fs.rmSync(path.dirname(bundleDir), { recursive: true, force: true });
  });

  it('builds main.js, engine-host.js and preload.js, with the native modules left external', () => {
    for (const file of ['main.js', 'engine-host.js', 'preload.js']) expect(fs.existsSync(path.join(bundleDir, file)), file).toBe(true);
    const main = fs.readFileSync(path.join(bundleDir, 'main.js'), 'utf8');
    expect(main).toMatch(/require\("better-sqlite3"\)/);
    expect(main).toMatch(/require\("electron"\)/);
    // The sandboxed preload can require nothing but electron: everything else is inlined.
    const preload = fs.readFileSync(path.join(bundleDir, 'preload.js'), 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
  });

  it('starts: one secure window on app://lab, the default workspace in the title, the engine host bundle for utility processes', () => {
    expect(report.failure).toBeUndefined();
    expect(report.errors).toEqual([]);
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0]!.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
    expect(report.windows[0]!.webPreferences.preload).toBe(path.join(bundleDir, 'preload.js'));
    expect(report.loaded).toBe('app://lab/index.html');
    expect(report.title).toBe('default.mcl — Modality Competition Lab');
    expect(report.engineScript).toBe(path.join(bundleDir, 'engine-host.js'));
  });

  it('answers the renderer over lab:call and refuses a foreign sender', () => {
    expect(report.info).toMatchObject({ ok: true, result: { host: 'electron', workspace: { name: 'default.mcl' } } });
    expect(report.refused).toEqual({ ok: false, error: { message: expect.stringMatching(/^call refused/) } });
  });

  it('trains a run in the engine host and streams its events to the window', () => {
    expect(report.firstEnded.status).toBe('finished');
    expect(report.eventTypes).toEqual(expect.arrayContaining(['run-started', 'run-progress', 'run-ended']));
  });

  it('on Quit, closes the lab first: the running run ends cancelled and the workspace file says so', () => {
    expect(report.quit).toBe(true);
    expect(report.longEnded?.status).toBe('cancelled');
    const workspace = Workspace.open(report.info.result.workspace.path);
    try {
      expect(workspace.getRun(report.longStart.result.runId)?.status).toBe('cancelled');
      expect(workspace.getRun(1)?.status).toBe('finished');
    } finally {
      workspace.close();
    }
  });
});
