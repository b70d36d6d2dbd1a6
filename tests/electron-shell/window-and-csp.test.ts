import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { createMainWindow, windowTitle, type BrowserWindowClass } from '../../src-main/electron-shell/window-options';
import { contentSecurityPolicy, withCspHeader } from '../../src-main/electron-shell/content-security-policy';
import { chooseRendererOrigin, isOwnUrl } from '../../src-main/electron-shell/renderer-origin';

function capturedWindowOptions(preload: string): BrowserWindowConstructorOptions {
  const made: BrowserWindowConstructorOptions[] = [];
  const FakeWindow = class {
    constructor(options: BrowserWindowConstructorOptions) {
      made.push(options);
    }
  } as unknown as BrowserWindowClass;
  createMainWindow(FakeWindow, preload);
  expect(made).toHaveLength(1);
  return made[0]!;
}

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name!, values.join(' ')];
    }),
  );
}

describe('the window', () => {
  it('is isolated, sandboxed and has no Node.js, with the given preload as its only bridge', () => {
    const prefs = capturedWindowOptions('/app/.vite/build/preload.js').webPreferences!;
    expect(prefs).toMatchObject({
      preload: '/app/.vite/build/preload.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    // Nothing that loosens the page may be set at all.
    for (const key of ['enableBlinkFeatures', 'additionalArguments', 'partition', 'session']) {
      expect(prefs).not.toHaveProperty(key);
    }
  });

  it('starts hidden (shown on ready-to-show) and names the workspace in its title', () => {
    expect(capturedWindowOptions('/p.js').show).toBe(false);
    expect(windowTitle({ name: 'study.mcl' })).toBe('study.mcl — Modality Competition Lab');
    expect(windowTitle(null)).toBe('Modality Competition Lab');
  });
});

describe('the renderer origin', () => {
  it('is app://lab for a packaged app even when a dev server URL is around', () => {
    const origin = chooseRendererOrigin({ isPackaged: true, devServerUrl: 'http://localhost:5173' });
    expect(origin).toEqual({ entryUrl: 'app://lab/index.html', origin: 'app://lab', devServer: false });
  });

  it('uses the dev server only unpackaged and only on loopback http', () => {
    expect(chooseRendererOrigin({ isPackaged: false, devServerUrl: 'http://localhost:5173' }).origin).toBe('http://localhost:5173');
    expect(() => chooseRendererOrigin({ isPackaged: false, devServerUrl: 'http://example.com:5173' })).toThrow(/localhost/);
    expect(() => chooseRendererOrigin({ isPackaged: false, devServerUrl: 'https://localhost:5173' })).toThrow(/localhost/);
    expect(() => chooseRendererOrigin({ isPackaged: false, devServerUrl: 'not a url' })).toThrow(/not a URL/);
  });

  it('recognises its own URLs by scheme, host and port only', () => {
    const app = chooseRendererOrigin({ isPackaged: true });
    expect(isOwnUrl('app://lab/index.html#/runs', app)).toBe(true);
    expect(isOwnUrl('app://other/index.html', app)).toBe(false);
    expect(isOwnUrl('file:///app/index.html', app)).toBe(false);
    expect(isOwnUrl('app://user:pw@lab/index.html', app)).toBe(false);
    expect(isOwnUrl('::::', app)).toBe(false);
    const dev = chooseRendererOrigin({ isPackaged: false, devServerUrl: 'http://localhost:5173/' });
    expect(isOwnUrl('http://localhost:5173/src/main.ts', dev)).toBe(true);
    expect(isOwnUrl('http://localhost:5174/', dev)).toBe(false);
  });
});

describe('the content security policy', () => {
  it('allows only the app origin, no inline or eval script, no plugins, frames, forms or network', () => {
    const csp = directives(contentSecurityPolicy(chooseRendererOrigin({ isPackaged: true })));
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self' app://lab");
    expect(csp.get('style-src')).toBe("'self' app://lab");
    expect(csp.get('connect-src')).toBe("'self' app://lab");
    for (const name of ['object-src', 'frame-src', 'frame-ancestors', 'base-uri', 'form-action', 'worker-src']) {
      expect(csp.get(name), name).toBe("'none'");
    }
    const all = [...csp.values()].join(' ');
    expect(all).not.toMatch(/unsafe-eval|unsafe-inline|https?:|\*/);
  });

  it('loosens only what the dev server needs (its style tags and its WebSocket)', () => {
    const csp = directives(contentSecurityPolicy(chooseRendererOrigin({ isPackaged: false, devServerUrl: 'http://localhost:5173' })));
    expect(csp.get('script-src')).toBe("'self' http://localhost:5173");
    expect(csp.get('style-src')).toContain("'unsafe-inline'");
    expect(csp.get('connect-src')).toBe("'self' http://localhost:5173 ws://localhost:5173");
  });

  it('replaces any policy a response carried, whatever its header casing, and keeps the other headers', () => {
    const headers = withCspHeader({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] }, "default-src 'none'");
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'none'"] });
    expect(withCspHeader(undefined, 'x')).toEqual({ 'Content-Security-Policy': ['x'] });
  });
});
