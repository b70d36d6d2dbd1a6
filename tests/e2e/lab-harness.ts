/**
 * What the end-to-end tests drive: a lab service on a temporary workspace, the lab server on a
 * free port serving the built renderer (dist-renderer/), and Debian's Chromium through
 * playwright-core. Every Content-Security-Policy violation the page reports is collected, so
 * the tests can fail on any.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { LabEvent } from '../../src-main/api/lab-api';
import { createLabService, type LabService } from '../../src-main/service/lab-service';
import { startLabServer, type LabServer } from '../../src-main/server/lab-server';

export const ROOT = path.resolve(__dirname, '..', '..');
export const RENDERER_DIR = path.join(ROOT, 'dist-renderer');
export const SCREENSHOT_DIR = path.join(ROOT, 'test-output', 'e2e');

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

export interface Lab {
  dir: string;
  workspacePath: string;
  service: LabService;
  server: LabServer;
  browser: Browser;
  page: Page;
  /** CSP violations and page errors seen so far. */
  problems: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

export function requireBuiltRenderer(): void {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error(
      `${path.relative(ROOT, RENDERER_DIR)}/index.html is missing: run \`npm run build:renderer\` (or \`npm run build\`) before the end-to-end tests.`,
    );
  }
}

/** Resolves with the first event the predicate accepts (rejects after `timeoutMs`). */
/** Polls until the expectation holds (pages update asynchronously); 20 s unless told otherwise. */
export function eventually<T>(read: () => T | Promise<T>, options: { timeout?: number } = {}) {
  return expect.poll(read, { timeout: 20_000, interval: 50, ...options });
}

export function waitForEvent(service: LabService, accept: (event: LabEvent) => boolean, timeoutMs = 60_000): Promise<LabEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no matching lab event within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = service.subscribe((event) => {
      if (!accept(event)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(event);
    });
  });
}

export async function startLab(): Promise<Lab> {
  requireBuiltRenderer();
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcl-e2e-'));
  const workspacePath = path.join(dir, 'e2e-lab.mcl');
  const service = createLabService({ workspacePath, host: 'server' });
  const server = await startLabServer({ service, staticDir: RENDERER_DIR, port: 0 });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Reports every CSP violation to the console, where the listener below collects it.
  await context.addInitScript({
    content:
      "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));",
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    const text = message.text();
    if (/CSP violation|Content Security Policy|Refused to/i.test(text)) problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const lab: Lab = {
    dir,
    workspacePath,
    service,
    server,
    browser,
    page,
    problems,
    screenshot: async (name) => {
      // From the top, so the sticky header sits where it belongs in the full-page picture.
      await page.evaluate('window.scrollTo(0, 0)');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await browser.close().catch(() => undefined);
      // The tests may have restarted the server; close the one running now.
      await lab.server.close();
      await service.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return lab;
}
