import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { App } from 'electron';
import { packageFilter, runtimeModuleDirs } from '../../src-main/electron-shell/packaging/runtime-modules';
import { closeBeforeQuit } from '../../src-main/electron-shell/quit-guard';
import { nativeAddonPath } from '../../src-main/engine/native-loader';
import { tempDir } from './fakes';

// The scan gate is a plain Node script (CI runs it with `node`); its pure parts are tested here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const gate = require('../../tools/check-electronegativity.js') as {
  readAllowList(file: string): { check: string; file: string; reason: string }[];
  judge(
    issues: { check: string; severity: string; file: string }[],
    allowed: { check: string; file: string }[],
  ): { unexplained: unknown[]; stale: unknown[] };
};

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value));
}

describe('what the package carries', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('follows production dependencies transitively, nested copies included, dev dependencies left out', () => {
    writeJson(path.join(dir, 'package.json'), { dependencies: { a: '1', missing: '1' }, devDependencies: { dev: '1' } });
    writeJson(path.join(dir, 'node_modules/a/package.json'), {
      dependencies: { b: '1', c: '2' },
      optionalDependencies: { 'other-platform': '1' },
    });
    writeJson(path.join(dir, 'node_modules/b/package.json'), { dependencies: { c: '1' } });
    writeJson(path.join(dir, 'node_modules/c/package.json'), {});
    writeJson(path.join(dir, 'node_modules/a/node_modules/c/package.json'), {});
    writeJson(path.join(dir, 'node_modules/dev/package.json'), {});
    expect(runtimeModuleDirs(dir)).toEqual(['node_modules/a', 'node_modules/a/node_modules/c', 'node_modules/b', 'node_modules/c']);
  });

  it("finds this project's native and data-reading dependencies", () => {
    const dirs = runtimeModuleDirs(path.resolve(__dirname, '..', '..'));
    for (const dep of ['node_modules/better-sqlite3', 'node_modules/bindings', 'node_modules/pdfkit', 'node_modules/@resvg/resvg-js']) {
      expect(dirs, dep).toContain(dep);
    }
    expect(dirs).not.toContain('node_modules/electron');
    expect(dirs).not.toContain('node_modules/vitest');
  });

  it('keeps the listed paths, their subtrees and their parent folders, and drops the rest', () => {
    const ignore = packageFilter(['.vite', 'build/native/Release/modcomp_native.node', 'node_modules/zod']);
    const kept = [
      '/package.json',
      '/.vite',
      '/.vite/build/main.js',
      '/build',
      '/build/native',
      '/build/native/Release/modcomp_native.node',
      '/node_modules',
      '/node_modules/zod/index.js',
    ];
    const dropped = [
      '/src-main/engine-host/orchestrator.ts',
      '/build/native/Release/obj.o',
      '/node_modules/vitest',
      '/node_modules/zod-extra/x.js',
      '/.vite-old/x',
      '/tests',
      '/.git',
    ];
    for (const file of kept) expect(ignore(file), file).toBe(false);
    for (const file of dropped) expect(ignore(file), file).toBe(true);
  });
});

describe('the native addon in the packaged app', () => {
  let dir: string;
  let cleanup: () => void;
  const saved = { override: process.env.MODCOMP_NATIVE_ADDON, resources: (process as { resourcesPath?: string }).resourcesPath };
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    delete process.env.MODCOMP_NATIVE_ADDON;
  });
  afterEach(() => {
    cleanup();
    if (saved.override !== undefined) process.env.MODCOMP_NATIVE_ADDON = saved.override;
    (process as { resourcesPath?: string }).resourcesPath = saved.resources;
  });

  it('is loaded from app.asar.unpacked under the resources folder when Electron has one', () => {
    const unpacked = path.join(dir, 'app.asar.unpacked', 'build', 'native', 'Release', 'modcomp_native.node');
    fs.mkdirSync(path.dirname(unpacked), { recursive: true });
    fs.writeFileSync(unpacked, '');
    (process as { resourcesPath?: string }).resourcesPath = dir;
    expect(nativeAddonPath()).toBe(unpacked);
  });

  it('falls back to the build folder when the resources folder holds none (development, CLI)', () => {
    (process as { resourcesPath?: string }).resourcesPath = dir;
    const found = nativeAddonPath();
    if (found !== null) expect(found.startsWith(dir)).toBe(false);
  });
});

describe('quitting', () => {
  it('holds the first quit until the service has closed, then quits once for real', async () => {
    const app = Object.assign(new (require('node:events').EventEmitter)(), { quit: vi.fn() });
    let finishClose: () => void = () => undefined;
    const close = vi.fn(() => new Promise<void>((resolve) => (finishClose = resolve)));
    closeBeforeQuit(app as unknown as Pick<App, 'on' | 'quit'>, close, () => undefined);
    const first = { preventDefault: vi.fn() };
    app.emit('before-quit', first);
    const second = { preventDefault: vi.fn() };
    app.emit('before-quit', second);
    expect(first.preventDefault).toHaveBeenCalled();
    expect(second.preventDefault).toHaveBeenCalled();
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quit).not.toHaveBeenCalled();
    finishClose();
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    const last = { preventDefault: vi.fn() };
    app.emit('before-quit', last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });

  it('still quits, reporting the error, when closing fails', async () => {
    const app = Object.assign(new (require('node:events').EventEmitter)(), { quit: vi.fn() });
    const errors: unknown[] = [];
    closeBeforeQuit(
      app as unknown as Pick<App, 'on' | 'quit'>,
      () => Promise.reject(new Error('disk full')),
      (e) => errors.push(e),
    );
    app.emit('before-quit', { preventDefault: () => undefined });
    await vi.waitFor(() => expect(app.quit).toHaveBeenCalledTimes(1));
    expect(String(errors[0])).toMatch(/disk full/);
  });
});

describe('the Electron scan gate', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  const reason = 'reviewed: the value is validated before use, see the test named in this reason';

  it('fails HIGH and MEDIUM findings without an entry, ignores LOW ones, and reports stale entries', () => {
    const issues = [
      { check: 'OPEN_EXTERNAL_JS_CHECK', severity: 'MEDIUM', file: 'shell.ts' },
      { check: 'CONTEXT_ISOLATION_JS_CHECK', severity: 'HIGH', file: 'shell.ts' },
      { check: 'CSP_GLOBAL_CHECK', severity: 'LOW', file: 'csp.ts' },
    ];
    const allowed = [
      { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'shell.ts', reason },
      { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'other.ts', reason },
    ];
    const { unexplained, stale } = gate.judge(issues, allowed);
    expect(unexplained).toEqual([issues[1]]);
    expect(stale).toEqual([allowed[1]]);
  });

  it('demands a written reason for every allow-list entry', () => {
    const file = path.join(dir, 'allow.json');
    writeJson(file, { allowed: [{ check: 'X', file: 'a.ts', reason }] });
    expect(gate.readAllowList(file)).toEqual([{ check: 'X', file: 'a.ts', reason }]);
    writeJson(file, { allowed: [{ check: 'X', file: 'a.ts', reason: 'ok' }] });
    expect(() => gate.readAllowList(file)).toThrow(/reason must explain/);
    writeJson(file, { allowed: [{ check: 'X', reason }] });
    expect(() => gate.readAllowList(file)).toThrow(/"file"/);
    writeJson(file, [{ check: 'X' }]);
    expect(() => gate.readAllowList(file)).toThrow(/expected \{"allowed"/);
  });

  it("accepts the project's own allow-list", () => {
    const entries = gate.readAllowList(path.resolve(__dirname, '..', '..', 'electronegativity-allow.json'));
    expect(entries.length).toBeGreaterThan(0);
  });
});
