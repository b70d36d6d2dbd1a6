import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabEvent } from '../../src-main/api/lab-api';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { startLabServer, type LabServer } from '../../src-main/server/lab-server';
import { createLabService, type LabService } from '../../src-main/service/lab-service';
import { TINY_SETTINGS } from '../lab/tiny-config';
import { tempDir } from '../workspace/temp-dir';
import { call, openSocket, request } from './http-client';

let tmp: ReturnType<typeof tempDir>;
let service: LabService;
let server: LabServer;
let staticDir: string;

beforeEach(async () => {
  tmp = tempDir('mcl-server-');
  staticDir = path.join(tmp.dir, 'dist-renderer');
  fs.mkdirSync(path.join(staticDir, 'assets'), { recursive: true });
  fs.writeFileSync(
    path.join(staticDir, 'index.html'),
    '<!doctype html><title>lab</title><script type="module" src="/assets/app.js"></script>',
  );
  fs.writeFileSync(path.join(staticDir, 'assets', 'app.js'), 'console.log("lab");');
  fs.writeFileSync(path.join(tmp.dir, 'secret.txt'), 'outside the static folder');
  service = createLabService({ workspacePath: path.join(tmp.dir, 'lab.mcl'), host: 'server', progressIntervalMs: 20 });
  server = await startLabServer({ service, port: 0, staticDir });
});
afterEach(async () => {
  await server.close();
  await service.close();
  tmp.cleanup();
});

const host = (): Record<string, string> => ({ Host: `127.0.0.1:${server.port}` });

describe('lab server: who may call', () => {
  it('prints a loopback URL carrying a fresh 32-byte token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an API call without the token, or with a wrong one (401)', async () => {
    const missing = await call(server.port, null, 'info');
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toEqual({ ok: false, error: { message: expect.stringMatching(/token is missing/) } });
    const wrong = await call(server.port, 'f'.repeat(64), 'info');
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body).error.message).toMatch(/token is wrong/);
    const shorter = await call(server.port, server.token.slice(0, 10), 'info');
    expect(shorter.status).toBe(401);
  });

  it('refuses a foreign Origin (403), even with the right token, and accepts its own', async () => {
    const foreign = await call(server.port, server.token, 'info', undefined, { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error.message).toMatch(/evil\.example.*refused/);
    const own = await call(server.port, server.token, 'info', undefined, { Origin: `http://127.0.0.1:${server.port}` });
    expect(own.status).toBe(200);
  });

  it('refuses a Host header other than its loopback names (DNS rebinding) with 403', async () => {
    const rebound = await call(server.port, server.token, 'info', undefined, { Host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(403);
    const page = await request(server.port, { path: '/', headers: { Host: 'evil.example' } });
    expect(page.status).toBe(403);
    const localhost = await call(server.port, server.token, 'info', undefined, { Host: `localhost:${server.port}` });
    expect(localhost.status).toBe(200);
  });

  it('refuses the event socket without the token, with a wrong one, or from a foreign origin', async () => {
    const base = `ws://127.0.0.1:${server.port}/api/events`;
    expect(await openSocket(base)).toEqual({ refused: 401 });
    expect(await openSocket(`${base}?token=${'0'.repeat(64)}`)).toEqual({ refused: 401 });
    expect(await openSocket(`${base}?token=${server.token}`, { Origin: 'http://evil.example' })).toEqual({ refused: 403 });
    expect(await openSocket(`ws://127.0.0.1:${server.port}/elsewhere?token=${server.token}`)).toEqual({ refused: 404 });
    const ok = await openSocket(`${base}?token=${server.token}`);
    expect('socket' in ok).toBe(true);
    if ('socket' in ok) ok.socket.close();
  });
});

describe('lab server: calls', () => {
  it('answers 404 for an unknown method, 400 naming the field for bad arguments, 413 for an oversized body', async () => {
    const unknown = await call(server.port, server.token, 'dropDatabase');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error.message).toMatch(/unknown API method "dropDatabase"/);
    // The service's host-only methods and object internals are not callable from a page.
    for (const name of ['close', 'switchWorkspace', 'saveWorkspaceAs', 'subscribe', '__proto__', 'constructor', 'toString']) {
      expect((await call(server.port, server.token, name)).status, name).toBe(404);
    }
    expect((await call(server.port, server.token, 'info')).status).toBe(200);

    const bad = await call(server.port, server.token, 'getRun', { runId: 'seven' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.message).toMatch(/bad argument to getRun at runId/);
    const extra = await call(server.port, server.token, 'cancelRun', { runId: 1, force: true });
    expect(extra.status).toBe(400);
    expect(JSON.parse(extra.body).error.message).toMatch(/force/);
    const notJson = await request(server.port, {
      method: 'POST',
      path: '/api/call/info',
      headers: { 'X-Modcomp-Token': server.token },
      body: '{args:',
    });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toMatch(/not valid JSON/);

    const huge = await request(server.port, {
      method: 'POST',
      path: '/api/call/validateConfig',
      headers: { 'X-Modcomp-Token': server.token, 'Content-Type': 'application/json' },
      body: Buffer.alloc(11 * 1024 * 1024, 0x20),
    });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).error.message).toMatch(/larger than 10 MB/);
  });

  it('round-trips a call: the reply is the service answer, and service errors come back with the message (404 for a run that does not exist)', async () => {
    const res = await call(server.port, server.token, 'validateConfig', { config: { model: { q: 100 } } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(JSON.parse(res.body)).toEqual({ ok: true, result: await service.validateConfig({ config: { model: { q: 100 } } }) });

    const info = JSON.parse((await call(server.port, server.token, 'info')).body);
    expect(info.result).toMatchObject({ apiVersion: 1, host: 'server', workspace: { name: 'lab.mcl' } });

    const missing = await call(server.port, server.token, 'getRun', { runId: 99 });
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body)).toEqual({ ok: false, error: { message: 'there is no run 99 in the workspace lab.mcl' } });
  });

  it.skipIf(!nativeAvailable())('pushes the events of a run over the WebSocket as JSON', async () => {
    const opened = await openSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`);
    if (!('socket' in opened)) throw new Error(`socket refused: ${opened.refused}`);
    const events: LabEvent[] = [];
    const ended = new Promise<void>((resolve) => {
      opened.socket.on('message', (data) => {
        const event = JSON.parse(String(data)) as LabEvent;
        events.push(event);
        if (event.type === 'run-ended') resolve();
      });
    });
    const config = { ...TINY_SETTINGS, seed: 2, train: { steps: 200, recordEvery: 5 } };
    const started = JSON.parse((await call(server.port, server.token, 'startRun', { config })).body) as {
      ok: true;
      result: { runId: number };
    };
    await ended;
    opened.socket.close();
    const runId = started.result.runId;
    expect(events[0]).toMatchObject({ type: 'run-started', runId });
    expect(events.some((e) => e.type === 'run-progress' && e.runId === runId && e.series.steps.length > 0)).toBe(true);
    expect(events.at(-1)).toEqual({ type: 'run-ended', runId, status: 'finished', error: null });
  });
});

describe('lab server: the page', () => {
  it('serves the page and its files with their types and a strict Content-Security-Policy', async () => {
    const page = await request(server.port, { path: `/?token=${server.token}`, headers: host() });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>lab</title>');
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port}`);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');

    const script = await request(server.port, { path: '/assets/app.js' });
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await request(server.port, { path: '/assets/missing.js' })).status).toBe(404);
  });

  it('refuses paths that lead out of the page folder', async () => {
    for (const p of [
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets%5c..%5c..%5csecret.txt',
    ]) {
      const res = await request(server.port, { path: p });
      expect([400, 403, 404], p).toContain(res.status);
      expect(res.body, p).not.toContain('outside the static folder');
    }
    expect((await request(server.port, { path: '/..%2fsecret.txt' })).status).toBe(403);
    fs.symlinkSync(path.join(tmp.dir, 'secret.txt'), path.join(staticDir, 'link.txt'));
    const viaLink = await request(server.port, { path: '/link.txt' });
    expect(viaLink.status).toBe(403);
    expect(viaLink.body).not.toContain('outside the static folder');
  });

  it('says the renderer is not built instead of a blank page when the folder is missing', async () => {
    const bare = await startLabServer({ service, port: 0, staticDir: path.join(tmp.dir, 'not-built') });
    try {
      const page = await request(bare.port, { path: '/' });
      expect(page.status).toBe(503);
      expect(page.headers['content-type']).toMatch(/^text\/plain/);
      expect(page.body).toContain('the renderer is not built: run npm run build');
    } finally {
      await bare.close();
    }
  });
});
