/**
 * Fuzz of the two doors data comes in by: the pack importer (10,000 mutated packs: JSON values,
 * CSV cells, bytes, missing and unlisted files, most with the manifest recomputed so the checks
 * behind the checksums are reached) and the workspace reader (10,000 mutated rows, cell by cell,
 * with `modcomp list` and `show` on every 50th, and 600 files with damaged bytes). Seeded, so a
 * failure repeats. Every input is either taken or refused with the importer's or the
 * workspace's own one-line error: no other exception (a crash), and never a message that reads
 * as an internal error.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { exportFigurePack, FigurePackError } from '../../src-main/export/figure-pack';
import { checkPackFiles, importCheckedPack } from '../../src-main/export/pack-import';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { Workspace } from '../../src-main/workspace/workspace';
import { WorkspaceError } from '../../src-main/workspace/workspace-errors';
import { captureIo } from '../cli/capture-io';
import { readTree } from '../export/pack-files';
import { recordTinyRun, recordTinySweep } from '../figures/lab-fixtures';
import { tempDir } from '../workspace/temp-dir';

/** mulberry32: a small seeded generator, so every run of the test sees the same inputs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BAD_MESSAGE =
  /internal error|Cannot read propert|is not a function|undefined \(reading|Maximum call stack|Invalid typed array length|byte length of|\n./;

let tmp: ReturnType<typeof tempDir>;
let packFiles: Map<string, Buffer>;
let source: string;
beforeAll(async () => {
  tmp = tempDir('mcl-fuzz-');
  if (!nativeAvailable()) return;
  source = path.join(tmp.dir, 'source.mcl');
  const runId = await recordTinyRun(source, 6, 60);
  await recordTinySweep(source, 2);
  const pack = path.join(tmp.dir, 'pack');
  const ws = Workspace.open(source);
  try {
    await exportFigurePack(ws, { out: pack, runId, formats: ['svg'] });
  } finally {
    ws.close();
  }
  packFiles = readTree(pack);
}, 180_000);
afterAll(() => tmp.cleanup());

const VALUES: unknown[] = [
  null,
  -1,
  0,
  1.5,
  2e9,
  1e308,
  -1e308,
  '',
  'x',
  'joint',
  true,
  [],
  {},
  [1, 2],
  { a: 1 },
  'unimodal:0',
  'unimodal:99',
  -0.0001,
  65_537,
];

function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths(v, [...prefix, Array.isArray(value) ? Number(k) : k], out);
  }
  return out;
}

function setAt(root: unknown, at: (string | number)[], value: unknown, remove: boolean): unknown {
  if (at.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = at[at.length - 1] as string | number;
  if (remove && !Array.isArray(node)) delete node[last];
  else node[last] = value;
  return root;
}

function relist(files: Map<string, Buffer>): void {
  const manifest = JSON.parse((packFiles.get('manifest.json') as Buffer).toString('utf8')) as Record<string, unknown>;
  const listed: Record<string, { sha256: string; bytes: number }> = {};
  for (const [name, bytes] of files)
    if (name !== 'manifest.json') listed[name] = { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  files.set('manifest.json', Buffer.from(JSON.stringify({ ...manifest, files: listed })));
}

function mutatePack(random: () => number): Map<string, Buffer> {
  const files = new Map(packFiles);
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  const kind = Math.floor(random() * 6);
  const dataFiles = [...files.keys()].filter((n) => n.startsWith('data/') || n === 'manifest.json');
  let resign = random() < 0.85;
  if (kind <= 1) {
    // A value anywhere in runs.json replaced, or a key removed.
    const name = kind === 0 ? 'data/runs.json' : 'manifest.json';
    const doc = JSON.parse((files.get(name) as Buffer).toString('utf8')) as unknown;
    const target = pick(paths(doc));
    const changed = setAt(doc, target, pick(VALUES), random() < 0.2);
    files.set(name, Buffer.from(JSON.stringify(changed)));
    if (name === 'manifest.json') resign = false;
  } else if (kind === 2) {
    // One cell of series.csv.
    const lines = (files.get('data/series.csv') as Buffer).toString('utf8').split('\n');
    const row = 1 + Math.floor(random() * Math.max(1, lines.length - 2));
    const cells = (lines[row] ?? '').split(',');
    cells[Math.floor(random() * cells.length)] = pick([
      '',
      'x',
      '1e309',
      '-0',
      'NaN',
      '999999999',
      '"',
      '1,2',
      '-1',
      '0.5',
      'joint',
      'unimodal:7',
    ]);
    lines[row] = cells.join(',');
    if (random() < 0.2) lines.splice(row, 1);
    files.set('data/series.csv', Buffer.from(lines.join('\n')));
  } else if (kind === 3) {
    // Bytes of one data file: flipped, cut or inserted.
    const name = pick(dataFiles);
    const bytes = Buffer.from(files.get(name) as Buffer);
    const op = random();
    let out: Buffer;
    if (op < 0.4) {
      for (let i = 0; i < 1 + random() * 4; i++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      out = bytes;
    } else if (op < 0.7) out = bytes.subarray(0, Math.floor(random() * bytes.length));
    else {
      const at = Math.floor(random() * bytes.length);
      out = Buffer.concat([
        bytes.subarray(0, at),
        Buffer.from(pick(['[', '{', '"', ',', '\n', '[[[[[[[[', '\u0000', '\ud800'])),
        bytes.subarray(at),
      ]);
    }
    files.set(name, out);
    if (name === 'manifest.json') resign = false;
  } else if (kind === 4) {
    // A file gone, or one added that the manifest does not list.
    if (random() < 0.5) files.delete(pick([...files.keys()]));
    else files.set(pick(['data/extra.csv', 'data/sweep.json', 'x.txt']), Buffer.from(pick(['{}', '[', 'a,b\n1,2\n'])));
    resign = random() < 0.5;
  } else {
    // Deep nesting where a value is expected.
    const doc = JSON.parse((files.get('data/runs.json') as Buffer).toString('utf8')) as unknown;
    const target = pick(paths(doc));
    const depth = 10 + Math.floor(random() * 5000);
    const text = JSON.stringify(setAt(doc, target, '__DEEP__', false)).replace('"__DEEP__"', '['.repeat(depth) + ']'.repeat(depth));
    files.set('data/runs.json', Buffer.from(text));
  }
  if (resign && files.has('manifest.json')) relist(files);
  return files;
}

describe.skipIf(!nativeAvailable())('fuzz', () => {
  it('10,000 mutated packs: each imported or refused with a one-line pack error, none crashes', () => {
    const random = rng(20261207);
    const target = Workspace.open(path.join(tmp.dir, 'imports.mcl'));
    const crashes: string[] = [];
    const outcomes = { accepted: 0, refused: 0 };
    try {
      for (let i = 0; i < 10_000; i++) {
        const files = mutatePack(random);
        try {
          const checked = checkPackFiles(files, 'pack');
          outcomes.accepted++;
          // A pack taken must also import and read back; a few hundred are enough for that.
          if (outcomes.accepted <= 300) {
            const { runIds } = importCheckedPack(target, checked);
            for (const id of runIds) {
              target.getRun(id);
              target.getSeries(id);
            }
          }
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          if (!(err instanceof FigurePackError) || BAD_MESSAGE.test(message))
            crashes.push(`#${i}: ${(err as Error)?.name}: ${message.slice(0, 200)}`);
          else outcomes.refused++;
        }
      }
    } finally {
      target.close();
    }
    expect(crashes.slice(0, 5)).toEqual([]);
    expect(outcomes.accepted + outcomes.refused).toBe(10_000);
    // Most mutations must be refused, and some (a changed note, a value in range) taken.
    expect(outcomes.refused).toBeGreaterThan(5_000);
    expect(outcomes.accepted).toBeGreaterThan(0);
  }, 300_000);

  it('10,000 mutated workspace rows and 600 damaged files: every read succeeds or is refused with a workspace error', async () => {
    const random = rng(7);
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
    const file = path.join(tmp.dir, 'rows.mcl');
    fs.copyFileSync(source, file);
    const raw = new Database(file);
    raw.pragma('foreign_keys = OFF');
    const ws = Workspace.open(file);
    const crashes: string[] = [];
    let mutated = 0;
    const tables: Record<string, string[]> = {
      runs: ['sweep_id', 'cell_index', 'config_json', 'config_hash', 'seed', 'backend', 'status', 'created_at', 'error', 'owner_pid'],
      run_summaries: ['summary_json'],
      series_chunks: ['mode', 'record_count', 'k', 'm', 'names_id', 'steps', 'scalars', 'scalars_f32', 'alignments'],
      scalar_name_lists: ['names_json'],
      sweeps: ['name', 'spec_json', 'cell_count', 'seeds'],
      sweep_cells: ['coords_json', 'stats_json', 'cell_index'],
      tags: ['tag'],
      notes: ['text'],
    };
    const values: unknown[] = [
      null,
      -1,
      0,
      3,
      2 ** 40,
      'x',
      '{',
      '[]',
      '{"a":1}',
      'null',
      '"s"',
      '[1,"a"]',
      'finished',
      Buffer.alloc(3),
      Buffer.alloc(7, 1),
      Buffer.alloc(0),
    ];
    const read = (): void => {
      const runs = ws.listRuns();
      const ids = runs.map((r) => r.id);
      for (const id of ids) {
        ws.getRun(id);
        ws.getSeries(id);
      }
      ws.runSummaries(ids);
      ws.runConfigs(ids);
      ws.listExperiments();
      ws.countRuns();
      for (const sweep of ws.listSweeps()) {
        ws.sweepRuns(sweep.id);
        ws.cellTable(sweep.id);
      }
    };
    const check = (i: number, err: unknown): void => {
      const message = err instanceof Error ? err.message : String(err);
      if (!(err instanceof WorkspaceError) || BAD_MESSAGE.test(message))
        crashes.push(`#${i}: ${(err as Error)?.name}: ${message.slice(0, 200)}`);
    };
    try {
      for (let i = 0; i < 10_000; i++) {
        const table = pick(Object.keys(tables));
        const column = pick(tables[table] as string[]);
        const rowids = (raw.prepare(`SELECT rowid AS r FROM ${table}`).all() as { r: number }[]).map((r) => r.r);
        if (rowids.length === 0) continue;
        const rowid = pick(rowids);
        const old = (raw.prepare(`SELECT ${column} AS v FROM ${table} WHERE rowid = ?`).get(rowid) as { v: unknown }).v;
        let value = pick(values);
        if (Buffer.isBuffer(old) && random() < 0.5) value = old.subarray(0, Math.floor(random() * old.length));
        try {
          raw.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`).run(value as never, rowid);
        } catch {
          continue; // refused by the file's own constraints or triggers: nothing to read
        }
        mutated++;
        try {
          read();
          if (i % 50 === 0) {
            for (const args of [
              ['list'],
              ['show', String(pick((raw.prepare('SELECT id FROM runs').all() as { id: number }[]).map((r) => r.id)) ?? 1)],
            ]) {
              const io = captureIo();
              const code = await main([...args, '--workspace', file], io);
              if (code !== 0 && (code !== 2 || BAD_MESSAGE.test(io.stderr.trimEnd())))
                crashes.push(`#${i} ${args[0]}: exit ${code}: ${io.stderr.slice(0, 200)}`);
            }
          }
        } catch (err) {
          check(i, err);
        } finally {
          raw.prepare(`UPDATE ${table} SET ${column} = ? WHERE rowid = ?`).run(old as never, rowid);
        }
      }
    } finally {
      ws.close();
      raw.close();
    }
    expect(crashes.slice(0, 5)).toEqual([]);
    expect(mutated).toBeGreaterThan(5_000);

    // Damaged bytes of the file itself: opened and read, or refused at open, never a crash.
    const pristine = fs.readFileSync(source);
    const damagedFile = path.join(tmp.dir, 'bytes.mcl');
    for (let i = 0; i < 600; i++) {
      const bytes = Buffer.from(pristine);
      for (let k = 0; k < 1 + random() * 8; k++)
        bytes[Math.floor(random() * (random() < 0.3 ? 100 : bytes.length))] = Math.floor(random() * 256);
      fs.writeFileSync(damagedFile, bytes);
      for (const extra of ['-wal', '-shm']) fs.rmSync(damagedFile + extra, { force: true });
      try {
        const opened = Workspace.open(damagedFile);
        try {
          for (const run of opened.listRuns()) {
            opened.getRun(run.id);
            opened.getSeries(run.id);
          }
        } finally {
          opened.close();
        }
      } catch (err) {
        check(10_000 + i, err);
      }
    }
    expect(crashes.slice(0, 5)).toEqual([]);
  }, 300_000);
});
