import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { Workspace } from '../../src-main/workspace/workspace';
import { captureIo, type CapturedIo } from '../cli/capture-io';
import { TINY_SETTINGS } from '../lab/tiny-config';
import { tempDir } from '../workspace/temp-dir';
import { call } from './http-client';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('mcl-serve-');
});
afterEach(() => tmp.cleanup());

async function printedUrl(io: CapturedIo): Promise<URL> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const match = /open (http:\/\/\S+)/.exec(io.stdout);
    if (match) return new URL(match[1] as string);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no URL printed; stderr: ${io.stderr}`);
}

describe('modcomp serve', () => {
  it('refuses a bad port or token with a usage error', async () => {
    const io = captureIo();
    expect(await main(['serve', '--port', '70000', '--workspace', path.join(tmp.dir, 'a.mcl')], io)).toBe(2);
    expect(io.stderr).toMatch(/--port must be an integer between 0 \(any free port\) and 65535, got "70000"/);
    const io2 = captureIo();
    expect(await main(['serve', '--port', '-3'], io2)).toBe(2);
    const io3 = captureIo();
    expect(await main(['serve', '--token', 'short', '--workspace', path.join(tmp.dir, 'a.mcl')], io3)).toBe(2);
    expect(io3.stderr).toMatch(/--token must be 16 to 256 characters/);
  });

  it('prints the URL with its token, serves the API, and stops cleanly on Ctrl-C', async () => {
    const io = captureIo();
    const workspace = path.join(tmp.dir, 'lab.mcl');
    const token = 'a-given-token-of-32-characters-x';
    const running = main(['serve', '--workspace', workspace, '--port', '0', '--token', token], io);
    const url = await printedUrl(io);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('token')).toBe(token);
    expect(io.stdout).toContain(`serving workspace ${workspace}`);
    const port = Number(url.port);
    const info = await call(port, token, 'info');
    expect(JSON.parse(info.body)).toMatchObject({ ok: true, result: { host: 'server', workspace: { path: workspace } } });
    expect((await call(port, null, 'info')).status).toBe(401);

    let runId = 0;
    if (nativeAvailable()) {
      const config = { ...TINY_SETTINGS, seed: 3, train: { steps: 5_000_000, recordEvery: 1000 } };
      runId = (JSON.parse((await call(port, token, 'startRun', { config })).body) as { result: { runId: number } }).result.runId;
    }
    expect(io.interrupt()).toBe(true);
    expect(await running).toBe(0);
    expect(io.stderr).toMatch(/stopping \(Ctrl-C\)/);
    await expect(call(port, token, 'info')).rejects.toThrow(/ECONNREFUSED/);
    if (runId) {
      const ws = Workspace.open(workspace);
      try {
        expect(ws.getRun(runId)?.status).toBe('cancelled');
      } finally {
        ws.close();
      }
    }
  });

  it('warns when asked to listen beyond loopback', async () => {
    const io = captureIo();
    const running = main(['serve', '--workspace', path.join(tmp.dir, 'lab.mcl'), '--host', '0.0.0.0'], io);
    const url = await printedUrl(io);
    expect(io.stderr).toMatch(/warning: --host 0\.0\.0\.0 makes the lab reachable from other machines/);
    expect(url.hostname).toBe('127.0.0.1');
    io.interrupt();
    expect(await running).toBe(0);
  });
});
