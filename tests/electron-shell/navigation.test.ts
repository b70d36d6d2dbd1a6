import { describe, expect, it, vi } from 'vitest';
import type { Session } from 'electron';
import { externalLinkTarget, guardNavigation, type GuardedContents } from '../../src-main/electron-shell/navigation-guard';
import { denyAllPermissions, type PermissionSession } from '../../src-main/electron-shell/permissions';
import { isAllowedRequest } from '../../src-main/electron-shell/request-filter';
import { chooseRendererOrigin } from '../../src-main/electron-shell/renderer-origin';
import { FakeWebContents } from './fakes';

function guarded(): { contents: FakeWebContents; opened: string[] } {
  const contents = new FakeWebContents();
  const opened: string[] = [];
  guardNavigation(contents as unknown as GuardedContents, (url) => opened.push(url));
  return { contents, opened };
}

describe('navigation and new windows', () => {
  it('blocks every navigation, even to our own page, and every redirect, frame navigation and webview', () => {
    const { contents, opened } = guarded();
    for (const url of ['app://lab/index.html', 'http://example.com/', 'file:///etc/passwd']) {
      expect(contents.fire('will-navigate', url).defaultPrevented, url).toBe(true);
    }
    expect(contents.fire('will-frame-navigate').defaultPrevented).toBe(true);
    expect(contents.fire('will-redirect').defaultPrevented).toBe(true);
    expect(contents.fire('will-attach-webview').defaultPrevented).toBe(true);
    expect(opened).toEqual([]);
  });

  it('denies every new window and hands only plain https links to the system browser', () => {
    const { contents, opened } = guarded();
    const handler = contents.windowOpenHandler!;
    for (const url of [
      'https://arxiv.org/abs/2203.12221',
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'app://lab/x',
      'https://user:pw@example.com/',
    ]) {
      expect(handler({ url }), url).toEqual({ action: 'deny' });
    }
    expect(opened).toEqual(['https://arxiv.org/abs/2203.12221']);
    contents.fire('will-navigate', 'https://example.org/paper');
    expect(opened).toEqual(['https://arxiv.org/abs/2203.12221', 'https://example.org/paper']);
  });

  it('checks external links strictly', () => {
    expect(externalLinkTarget('https://example.org/a?b#c')).toBe('https://example.org/a?b#c');
    for (const url of ['http://example.org', 'HTTPS:', 'smb://host/share', 'mailto:a@b.c', '', 'https://a:b@c.d/']) {
      expect(externalLinkTarget(url), url).toBeNull();
    }
  });
});

describe('permissions', () => {
  it('denies every permission request and check', () => {
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
    };
    denyAllPermissions(session as unknown as PermissionSession);
    const request = session.setPermissionRequestHandler.mock.calls[0]![0] as Parameters<Session['setPermissionRequestHandler']>[0];
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal'] as const) {
      const callback = vi.fn();
      request!({} as never, permission, callback, {} as never);
      expect(callback, permission).toHaveBeenCalledWith(false);
    }
    const check = session.setPermissionCheckHandler.mock.calls[0]![0] as (...args: unknown[]) => boolean;
    expect(check(null, 'media', 'app://lab', {})).toBe(false);
    const device = session.setDevicePermissionHandler.mock.calls[0]![0] as (...args: unknown[]) => boolean;
    expect(device({ deviceType: 'hid' })).toBe(false);
  });
});

describe('the request filter', () => {
  it('lets through only our origin (and devtools), never remote content', () => {
    const app = chooseRendererOrigin({ isPackaged: true });
    expect(isAllowedRequest('app://lab/assets/app.js', app)).toBe(true);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', app)).toBe(true);
    for (const url of [
      'https://cdn.example.com/chart.js',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'ws://localhost:5173/',
      'nonsense',
    ]) {
      expect(isAllowedRequest(url, app), url).toBe(false);
    }
  });

  it("allows the dev server's own WebSocket during development, and no other", () => {
    const dev = chooseRendererOrigin({ isPackaged: false, devServerUrl: 'http://localhost:5173' });
    expect(isAllowedRequest('http://localhost:5173/@vite/client', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:5173/', dev)).toBe(true);
    expect(isAllowedRequest('ws://localhost:9999/', dev)).toBe(false);
  });
});
