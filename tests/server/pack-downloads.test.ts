/**
 * Downloading exported figure packs from the lab server: a folder pack is zipped whole under one
 * top folder before anything is sent, a .zip pack is sent as written, a pack that lost a file or
 * cannot be read is answered with a JSON error status (never a cut-off 200), and only packs this
 * server exported are reachable, by random id, behind the same token, Origin and Host checks as
 * every API call.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ExportResultDto } from '../../src-main/api/lab-api';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { startLabServer, type LabServer } from '../../src-main/server/lab-server';
import { packDownloadName } from '../../src-main/server/pack-registry';
import { runEnded, tinyRunConfig, openServiceFixture, type ServiceFixture } from '../service/service-fixture';
import { call, download, request } from './http-client';

let fx: ServiceFixture;
let server: LabServer;
let runId: number;

beforeAll(async () => {
  fx = openServiceFixture();
  const staticDir = path.join(fx.dir, 'dist-renderer');
  fs.mkdirSync(staticDir);
  fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>lab</title>');
  server = await startLabServer({ service: fx.service, port: 0, staticDir });
  if (nativeAvailable()) {
    runId = (await fx.service.startRun({ config: tinyRunConfig(3, 60) })).runId;
    await fx.waitFor(runEnded(runId));
  }
});
afterAll(async () => {
  await server?.close();
  await fx?.cleanup();
});

/** Exports through the server's API, as the renderer does. */
async function exportThroughServer(out: string): Promise<ExportResultDto> {
  const reply = await call(server.port, server.token, 'exportPack', { runId, figures: ['gamma'], formats: ['svg'], out });
  expect(reply.status, reply.body).toBe(200);
  return (JSON.parse(reply.body) as { result: ExportResultDto }).result;
}

function get(url: string, headers: Record<string, string> = {}) {
  return download(server.port, url, headers);
}

function withToken(downloadUrl: string): string {
  return `/${downloadUrl}?token=${server.token}`;
}

/** Every file of a folder, relative POSIX path -> bytes. */
function folderFiles(dir: string, prefix = ''): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const name = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) for (const [n, b] of folderFiles(dir, name)) files.set(n, b);
    else files.set(name, fs.readFileSync(path.join(dir, name)));
  }
  return files;
}

function zipFiles(bytes: Buffer): Map<string, Buffer> {
  return new Map(Object.entries(unzipSync(new Uint8Array(bytes))).map(([name, data]) => [name, Buffer.from(data)]));
}

describe('pack download names', () => {
  it('are the pack base name without .zip, in safe ASCII', () => {
    expect(packDownloadName('/x/lab-run-1-figures')).toBe('lab-run-1-figures');
    expect(packDownloadName('/x/My Pack.ZIP')).toBe('My_Pack');
    expect(packDownloadName('/x/"quoted";\r\nname')).toBe('quoted_name');
    expect(packDownloadName('/x/..zip')).toBe('figure-pack');
  });
});

describe.skipIf(!nativeAvailable())('lab server: figure pack downloads', () => {
  it('sends a folder pack as a zip with every file under one top folder, byte for byte', async () => {
    const pack = await exportThroughServer(path.join(fx.dir, 'gamma pack'));
    expect(pack.downloadUrl).toMatch(/^api\/packs\/[0-9a-f]{32}\.zip$/);
    expect(pack.downloadUrl).not.toContain(server.token);
    const res = await get(withToken(pack.downloadUrl as string));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe('attachment; filename="gamma_pack.zip"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-length']).toBe(String(res.bytes.length));
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');

    const onDisk = folderFiles(pack.path);
    expect([...onDisk.keys()].sort()).toEqual(pack.files);
    expect(pack.files).toContain('gamma.svg');
    const zipped = zipFiles(res.bytes);
    expect([...zipped.keys()].sort()).toEqual(pack.files.map((f) => `gamma_pack/${f}`));
    for (const [name, bytes] of onDisk) expect(zipped.get(`gamma_pack/${name}`)?.equals(bytes), name).toBe(true);
  });

  it('gives the same bytes when the same pack is downloaded twice, with the token in the header or the query', async () => {
    const pack = await exportThroughServer(path.join(fx.dir, 'twice'));
    const first = await get(withToken(pack.downloadUrl as string));
    const second = await get(`/${pack.downloadUrl}`, { 'X-Modcomp-Token': server.token });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.bytes.equals(first.bytes)).toBe(true);
  });

  it('sends a .zip pack as it was written', async () => {
    const pack = await exportThroughServer(path.join(fx.dir, 'gamma.zip'));
    const res = await get(withToken(pack.downloadUrl as string));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="gamma.zip"');
    expect(res.bytes.equals(fs.readFileSync(pack.path))).toBe(true);
    expect([...zipFiles(res.bytes).keys()].sort()).toEqual(pack.files);
  });

  it('leaves out links placed in a folder pack, so nothing outside it is sent', async () => {
    const pack = await exportThroughServer(path.join(fx.dir, 'linked'));
    fs.writeFileSync(path.join(fx.dir, 'secret.txt'), 'not part of any pack');
    fs.symlinkSync(path.join(fx.dir, 'secret.txt'), path.join(pack.path, 'secret.txt'));
    fs.symlinkSync(fx.dir, path.join(pack.path, 'outside'));
    const res = await get(withToken(pack.downloadUrl as string));
    expect(res.status).toBe(200);
    expect([...zipFiles(res.bytes).keys()].sort()).toEqual(pack.files.map((f) => `linked/${f}`));
  });

  it('refuses a download without the token or with a wrong one (401), and from a foreign Origin (403)', async () => {
    const pack = await exportThroughServer(path.join(fx.dir, 'guarded'));
    const missing = await get(`/${pack.downloadUrl}`);
    expect(missing.status).toBe(401);
    expect(missing.bytes.toString()).toMatch(/token is missing/);
    expect((await get(`/${pack.downloadUrl}?token=${'0'.repeat(64)}`)).status).toBe(401);
    const foreign = await get(withToken(pack.downloadUrl as string), { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.bytes.toString()).toMatch(/evil\.example.*refused/);
    const rebound = await get(withToken(pack.downloadUrl as string), { Host: `evil.example:${server.port}` });
    expect(rebound.status).toBe(403);
    expect((await get(withToken(pack.downloadUrl as string), { Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
  });

  it('answers 404 for an id it never handed out, and ids are not paths', async () => {
    const pack = await exportThroughServer(path.join(fx.dir, 'known'));
    const token = `?token=${server.token}`;
    const unknown = await get(`/api/packs/${'0'.repeat(32)}.zip${token}`);
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.bytes.toString())).toEqual({
      ok: false,
      error: { message: expect.stringMatching(/no figure pack with this id/) },
    });
    const id = /([0-9a-f]{32})\.zip$/.exec(pack.downloadUrl as string)?.[1] as string;
    const attempts = [
      `/api/packs/${id}${token}`,
      `/api/packs/${id.toUpperCase()}.zip${token}`,
      `/api/packs/..%2F..%2Fsecret.txt${token}`,
      `/api/packs/..%2Fknown.zip${token}`,
      `/api/packs/${encodeURIComponent(pack.path)}.zip${token}`,
      `/api/packs/known.zip${token}`,
      `/api/packs/${id}.zip%00${token}`,
      `/api/packs/${token}`,
    ];
    for (const attempt of attempts) expect((await get(attempt)).status, attempt).toBe(404);
    expect((await get(`/${pack.downloadUrl}${token}`)).status).toBe(200);
  });

  it('answers 410 once the pack was deleted from disk, for a folder and a zip', async () => {
    const folder = await exportThroughServer(path.join(fx.dir, 'deleted'));
    const zip = await exportThroughServer(path.join(fx.dir, 'deleted.zip'));
    fs.rmSync(folder.path, { recursive: true });
    fs.rmSync(zip.path);
    for (const pack of [folder, zip]) {
      const res = await get(withToken(pack.downloadUrl as string));
      expect(res.status).toBe(410);
      expect(JSON.parse(res.bytes.toString()).error.message).toMatch(/no longer on the server's disk/);
    }
  });

  it('answers 410 naming the file when a file the manifest lists was deleted, and sends the pack again once it is back', async () => {
    const pack = await exportThroughServer(path.join(fx.dir, 'lost-file'));
    const svg = path.join(pack.path, 'gamma.svg');
    const kept = fs.readFileSync(svg);
    fs.rmSync(svg);
    const res = await get(withToken(pack.downloadUrl as string));
    expect(res.status).toBe(410);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(res.bytes.toString())).toEqual({
      ok: false,
      error: {
        message: expect.stringMatching(
          /lost-file is no longer whole: gamma\.svg, listed in its manifest\.json, is missing .*export it again/,
        ),
      },
    });
    fs.writeFileSync(svg, kept);
    const again = await get(withToken(pack.downloadUrl as string));
    expect(again.status).toBe(200);
    expect(zipFiles(again.bytes).get('lost-file/gamma.svg')?.equals(kept)).toBe(true);
  });

  describe('a file that vanishes or cannot be read while the pack is read', () => {
    afterEach(() => vi.restoreAllMocks());

    /** Makes reading `file` fail with `code`, as a disk or a concurrent delete would. */
    function failReading(file: string, code: string): void {
      const readFile = fs.promises.readFile.bind(fs.promises);
      vi.spyOn(fs.promises, 'readFile').mockImplementation(((target: fs.PathLike, ...rest: unknown[]) =>
        String(target) === file
          ? Promise.reject(Object.assign(new Error(`${code}: injected, read '${file}'`), { code }))
          : (readFile as (...args: unknown[]) => Promise<unknown>)(target, ...rest)) as typeof fs.promises.readFile);
    }

    it('answers 410 naming the file that vanished after the listing (a folder pack)', async () => {
      const pack = await exportThroughServer(path.join(fx.dir, 'vanishing'));
      failReading(path.join(pack.path, 'gamma.svg'), 'ENOENT');
      const res = await get(withToken(pack.downloadUrl as string));
      expect(res.status).toBe(410);
      expect(JSON.parse(res.bytes.toString()).error.message).toMatch(
        /vanishing changed while it was being zipped: gamma\.svg is gone; export it again/,
      );
    });

    it('answers 500 with the error code for a read error, in a folder pack and a .zip pack, and nothing else is sent', async () => {
      const folder = await exportThroughServer(path.join(fx.dir, 'unreadable'));
      failReading(path.join(folder.path, 'data', 'runs.json'), 'EIO');
      const res = await get(withToken(folder.downloadUrl as string));
      expect(res.status).toBe(500);
      expect(res.headers['content-disposition']).toBeUndefined();
      expect(JSON.parse(res.bytes.toString())).toEqual({
        ok: false,
        error: {
          message: expect.stringMatching(
            /^cannot read data\/runs\.json of the figure pack .*unreadable on the server's disk: input\/output error \(EIO\); nothing was sent/,
          ),
        },
      });
      vi.restoreAllMocks();
      const zip = await exportThroughServer(path.join(fx.dir, 'unreadable.zip'));
      failReading(zip.path, 'EIO');
      const zipRes = await get(withToken(zip.downloadUrl as string));
      expect(zipRes.status).toBe(500);
      expect(JSON.parse(zipRes.bytes.toString()).error.message).toMatch(
        /^cannot read the figure pack .*unreadable\.zip on the server's disk: input\/output error \(EIO\)/,
      );
    });
  });

  it('answers only GET', async () => {
    const pack = await exportThroughServer(path.join(fx.dir, 'posted'));
    const post = await request(server.port, { method: 'POST', path: withToken(pack.downloadUrl as string), body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
  });
});
