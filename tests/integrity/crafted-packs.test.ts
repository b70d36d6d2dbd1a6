/**
 * Crafted packs with a recomputed manifest (so the checksums agree): a summary that is not a
 * summary, a configuration out of its ranges with a matching hash, and a data file the
 * manifest does not list. Each is refused before anything is written, so `show` and exports
 * never meet them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configHash } from '../../src-main/config/hash';
import { exportFigurePack, FigurePackError, importFigurePack } from '../../src-main/export/figure-pack';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { Workspace } from '../../src-main/workspace/workspace';
import { recordTinyRun } from '../figures/lab-fixtures';
import { tempDir } from '../workspace/temp-dir';
import { editRunsJson, rewritePack } from './crafted-inputs';

let tmp: ReturnType<typeof tempDir>;
let pack: string;
beforeAll(async () => {
  tmp = tempDir('mcl-crafted-');
  if (!nativeAvailable()) return;
  const source = path.join(tmp.dir, 'source.mcl');
  const runId = await recordTinyRun(source, 4, 60);
  pack = path.join(tmp.dir, 'pack');
  const ws = Workspace.open(source);
  try {
    await exportFigurePack(ws, { out: pack, runId, formats: ['svg'] });
  } finally {
    ws.close();
  }
}, 120_000);
afterAll(() => tmp.cleanup());

async function refused(dir: string, message: RegExp): Promise<void> {
  const target = path.join(tmp.dir, `${path.basename(dir)}.mcl`);
  const ws = Workspace.open(target);
  try {
    const attempt = importFigurePack(ws, dir);
    await expect(attempt).rejects.toThrow(FigurePackError);
    await expect(importFigurePack(ws, dir)).rejects.toThrow(message);
    expect(ws.listRuns()).toEqual([]);
  } finally {
    ws.close();
  }
}

describe.skipIf(!nativeAvailable())('crafted packs', () => {
  it('imports the untouched pack (the edits below are what is refused)', async () => {
    const copy = rewritePack(pack, path.join(tmp.dir, 'same'), () => {});
    const ws = Workspace.open(path.join(tmp.dir, 'same.mcl'));
    try {
      expect((await importFigurePack(ws, copy)).runIds).toHaveLength(1);
    } finally {
      ws.close();
    }
  });

  it('refuses a summary that is not a run summary', async () => {
    const dir = rewritePack(pack, path.join(tmp.dir, 'summary'), (files) =>
      editRunsJson(files, (data) => {
        (data.runs[0] as Record<string, unknown>).summary = { modes: 'x' };
      }),
    );
    await refused(dir, /run \d+'s summary is not a run summary \(configHash: .*\); nothing was imported$/);
  });

  it('refuses a configuration out of its ranges even with a recomputed hash', async () => {
    const dir = rewritePack(pack, path.join(tmp.dir, 'config'), (files) =>
      editRunsJson(files, (data) => {
        const run = data.runs[0] as Record<string, unknown>;
        const config = { ...(run.config as Record<string, unknown>), data: { n: -5, K: 'x' }, evil: true };
        run.config = config;
        run.configHash = configHash(config as never);
      }),
    );
    await refused(dir, /run \d+'s configuration is not valid \(.+\); nothing was imported$/);
  });

  it('refuses a data file the manifest does not list', async () => {
    const dir = path.join(tmp.dir, 'unlisted');
    fs.cpSync(pack, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'data', 'extra.json'), '{}');
    await refused(
      dir,
      /data\/extra\.json is not listed in manifest\.json, so it cannot be checked; remove it or export the pack again; nothing was imported$/,
    );
  });
});
