/**
 * Every import is bounded: devices, FIFOs, zip bombs, .npz bombs and packs that declare
 * impossible record counts are refused with one sentence naming the limit, in a child process
 * whose peak memory stays under the cap stated here, and no workspace is created for them.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INPUT_LIMITS } from '../../src-main/common/input-limits';
import { exportFigurePack } from '../../src-main/export/figure-pack';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { Workspace } from '../../src-main/workspace/workspace';
import { recordTinyRun } from '../figures/lab-fixtures';
import { tempDir } from '../workspace/temp-dir';
import { editRunsJson, rewritePack, runCliMeasured, writeZipBomb } from './crafted-inputs';

/**
 * The peak memory any refused import may reach, in MiB: the CLI from TypeScript sources (the
 * transpiler included) peaks at about 210 MiB before it reads anything (213 MiB for a refused
 * `list`, on Node 20); each crafted input below would add from 64 MiB to many GiB if it were
 * unpacked or allocated as it claims.
 */
const PEAK_CAP_MIB = 260;
const MiB = 1024 * 1024;

let tmp: ReturnType<typeof tempDir>;
let pack: string;
beforeAll(async () => {
  tmp = tempDir('mcl-bound-');
  const source = path.join(tmp.dir, 'source.mcl');
  if (!nativeAvailable()) return;
  const runId = await recordTinyRun(source, 3, 120);
  pack = path.join(tmp.dir, 'pack');
  const ws = Workspace.open(source);
  try {
    await exportFigurePack(ws, { out: pack, runId, formats: ['svg'] });
  } finally {
    ws.close();
  }
}, 120_000);
afterAll(() => tmp.cleanup());

async function refusedImport(input: string, message: RegExp): Promise<void> {
  const target = path.join(tmp.dir, `fresh-${path.basename(input)}.mcl`);
  const result = await runCliMeasured(['import-pack', '--workspace', target, input]);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/internal error/);
  expect(result.maxRssMiB).toBeLessThan(PEAK_CAP_MIB);
  // The pack was refused before the workspace was opened: no file, no journal beside it.
  expect(fs.readdirSync(tmp.dir).filter((n) => n.startsWith(path.basename(target)))).toEqual([]);
}

describe('imports of things that are not files', () => {
  it('refuses /dev/zero at once', async () => {
    await refusedImport(
      '/dev/zero',
      /^modcomp: pack \.zip file \/dev\/zero is not a regular file \(a device, pipe or socket\); give a file saved on disk\n$/,
    );
  });

  it('refuses a FIFO without waiting for a writer', async () => {
    const fifo = path.join(tmp.dir, 'pipe.zip');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    await refusedImport(fifo, /pipe\.zip is not a regular file/);
  });
});

describe.skipIf(!nativeAvailable())('crafted packs over the limits', () => {
  it('refuses a small zip whose entry unpacks past the limit for one file, before unpacking it', async () => {
    const bomb = path.join(tmp.dir, 'bomb.zip');
    writeZipBomb(bomb, 'data/series.csv', 200 * MiB, new Map([['manifest.json', fs.readFileSync(path.join(pack, 'manifest.json'))]]));
    expect(fs.statSync(bomb).size).toBeLessThan(1 * MiB);
    await refusedImport(bomb, /data\/series\.csv is 200 MiB, over the limit of 128 MiB for one file of a pack; nothing was imported/);
  });

  it('refuses a zip whose entry unpacks to more than it declares, as it streams', async () => {
    const liar = path.join(tmp.dir, 'liar.zip');
    writeZipBomb(liar, 'data/series.csv', 64 * MiB);
    // Patch the declared uncompressed size (local header and central directory) down to 1 KiB.
    const bytes = fs.readFileSync(liar);
    const central = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bytes.writeUInt32LE(1024, central + 24);
    fs.writeFileSync(liar, bytes);
    await refusedImport(liar, /liar\.zip is not a readable zip file \(.*too many bytes/i);
  });

  it('refuses runs.json declaring 20 million records, and 2e9, before allocating them', async () => {
    for (const records of [20_000_000, 2e9]) {
      const crafted = rewritePack(pack, path.join(tmp.dir, `records-${records}`), (files) =>
        editRunsJson(files, (data) => {
          const series = data.runs[0]?.series as Record<string, { records: number }>;
          for (const shape of Object.values(series)) shape.records = records;
        }),
      );
      await refusedImport(
        crafted,
        records === 2e9
          ? new RegExp(
              `data/runs\\.json: runs\\.0\\.series\\.joint\\.records: Too big: expected number to be <=${INPUT_LIMITS.packRecords}`,
            )
          : /data\/runs\.json: run \d+ mode joint: 20000000 records, more than one per step of its 120 steps/,
      );
    }
  });
});

describe('an .npz bomb', () => {
  it('is refused from the declared size of its array, before unpacking', async () => {
    const bomb = path.join(tmp.dir, 'data.npz');
    writeZipBomb(bomb, 'X0_train.npy', 300 * MiB);
    const result = await runCliMeasured(['run', '--backend', 'reference', '--data', bomb]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(
      /^modcomp: .*data\.npz: entry "X0_train\.npy" unpacks to 300 MiB, over the limit of 256 MiB for one array; nothing was imported\n$/,
    );
    expect(result.maxRssMiB).toBeLessThan(PEAK_CAP_MIB);
  });
});
