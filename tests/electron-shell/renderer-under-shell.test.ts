/**
 * The built renderer (dist-renderer/) in Debian's Chromium, under the shell's CSP and served
 * by the shell's own file handler (serveRendererRequest), talking to a real lab service through
 * the shell's lab:call handler, behind a page-side bridge with the preload's exact shape
 * (call + onEvent). Electron's binary cannot run here; this is the closest stand-in: what
 * differs is the transport (a playwright binding instead of contextBridge + ipcRenderer) and the
 * scheme (http://127.0.0.1 instead of app://lab, same policy text). The science page the editor's
 * help links open travels inside the renderer's bundle, so this handler serves it too.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src-main/api/lab-api';
import { serveRendererRequest } from '../../src-main/electron-shell/app-protocol';
import { contentSecurityPolicy } from '../../src-main/electron-shell/content-security-policy';
import { createLabCallHandler } from '../../src-main/electron-shell/lab-ipc';
import { isOwnUrl, type RendererOrigin } from '../../src-main/electron-shell/renderer-origin';
import { createLabService, type LabService } from '../../src-main/service/lab-service';
import { tempDir } from './fakes';

const root = path.resolve(__dirname, '..', '..');

/** What the page functions below reach on the page's global object (the tests compile without the DOM types). */
interface PageGlobals {
  __labEmit(event: unknown): void;
  modcompBridge: { call(method: string, args: unknown): Promise<unknown> };
  document: { body: { innerText: string } };
}
const rendererDir = path.join(root, 'dist-renderer');
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = path.join(root, 'test-output', 'electron-shell');
const ready = fs.existsSync(path.join(rendererDir, 'index.html')) && fs.existsSync(CHROMIUM);

// The preload's bridge, page side: the same two functions, errors as Error(message).
const PAGE_BRIDGE = `
(() => {
  const listeners = new Set();
  window.__labEmit = (event) => listeners.forEach((l) => l(event));
  window.modcompBridge = Object.freeze({
    call: async (method, args) => {
      const reply = await window.__labInvoke(method, args);
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.result;
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  document.addEventListener('securitypolicyviolation', (e) =>
    console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));
})();
`;

describe.skipIf(!ready)('the renderer under the shell (CSP, file handler, lab:call)', () => {
  let cleanup: () => void;
  let workspacePath: string;
  let service: LabService;
  let server: http.Server;
  let browser: Browser;
  let page: Page;
  let origin: RendererOrigin;
  const problems: string[] = [];
  const refusedSenders: string[] = [];

  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = tempDir('mcl-shell-page-'));
    workspacePath = path.join(dir, 'shell-page.mcl');
    service = createLabService({ workspacePath, host: 'electron' });
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    origin = { entryUrl: `http://127.0.0.1:${port}/index.html`, origin: `http://127.0.0.1:${port}`, devServer: false };
    const csp = contentSecurityPolicy(origin);
    server.on('request', (req, res) => {
      void serveRendererRequest(rendererDir, `app://lab${req.url ?? '/'}`, csp).then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    });
    const handle = createLabCallHandler({
      service: () => service as never,
      // The shell's rule: only our page's top frame may call.
      checkSender: (event) => {
        const frame = event.senderFrame as unknown as { url: string; parent: unknown } | null;
        const reason = !frame ? 'no frame' : frame.parent !== null ? 'sub-frame' : !isOwnUrl(frame.url, origin) ? 'foreign page' : null;
        if (reason) refusedSenders.push(reason);
        return reason;
      },
      chooseExportTarget: async () => null,
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.exposeBinding('__labInvoke', (source, method: unknown, args: unknown) =>
      handle({ sender: null, senderFrame: { url: source.frame.url(), parent: source.frame.parentFrame() } } as never, method, args),
    );
    await context.addInitScript({ content: PAGE_BRIDGE });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/CSP violation|Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    service.subscribe(
      (event: LabEvent) => void page.evaluate((e) => (globalThis as unknown as PageGlobals).__labEmit(e), event).catch(() => undefined),
    );
    await page.goto(origin.entryUrl);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    await service?.close();
    cleanup?.();
  });

  it('renders the lab with the workspace name and no CSP violation or page error', async () => {
    await page.waitForFunction((name) => (globalThis as unknown as PageGlobals).document.body.innerText.includes(name), 'shell-page.mcl', {
      timeout: 30_000,
    });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'renderer-under-shell-csp.png') });
    expect(problems).toEqual([]);
    expect(refusedSenders).toEqual([]);
  });

  it("opens the science page from an editor's help link, inside the page: no navigation for the shell to refuse", async () => {
    await page.evaluate(() => ((globalThis as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await page.locator('[data-testid="science-link-model.rho"]').click();
    const row = page.locator('[id="setting-model.rho"]');
    await expect.poll(() => row.getAttribute('class'), { timeout: 20_000 }).toContain('is-open-setting');
    expect(await row.locator('td').first().textContent()).toBe('model.rho');
    expect(await page.locator('#science-title').textContent()).toBe('The science, and what is reconstructed');
    // The same document, now at the page's own address: the window never navigated.
    expect(await page.evaluate(() => (globalThis as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    expect(page.url()).toBe(`${origin.entryUrl}#view=science&setting=model.rho`);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'science-page-under-shell.png') });
    expect(problems).toEqual([]);
  });

  it('gets validation errors through the bridge as plain Error messages', async () => {
    const message = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).modcompBridge.call('getRun', { runId: -1 }).then(
        () => 'resolved',
        (e: Error) => `${e instanceof Error}:${e.message}`,
      ),
    );
    expect(message).toMatch(/^true:bad argument to getRun at runId/);
  });

  it('cannot reach the network: the CSP blocks a remote fetch', async () => {
    const before = problems.length;
    const outcome = await page.evaluate(() =>
      fetch('https://example.com/x.js').then(
        () => 'fetched',
        () => 'blocked',
      ),
    );
    expect(outcome).toBe('blocked');
    await expect.poll(() => problems.slice(before).join('\n')).toMatch(/connect-src/);
    problems.splice(before);
  });
});
