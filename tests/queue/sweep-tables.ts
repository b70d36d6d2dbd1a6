/** The queue tests' sweeps, the reference tables they are compared with, and workspace look-ups. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { main } from '../../src-main/cli/main';
import { captureIo } from '../cli/capture-io';

export function sweepSpec(
  name: string,
  seeds: number,
  steps: number,
  runsPerBatch: number,
  extraAxis?: { path: string; values: unknown[] },
  recordEvery = 10,
): object {
  return {
    name,
    base: {
      config: {
        data: { K: 2, d: 16, P: 2, n: 8, nTest: 32, sigmaXi: 0.3 },
        model: { m: 4, sigma0: 0.05 },
        train: { steps, recordEvery },
        precision: 'f64',
      },
    },
    grid: [
      {
        path: 'data.mu',
        values: [
          [0.3, 0.05],
          [0.05, 0.3],
        ],
      },
      extraAxis ?? { path: 'data.n', values: [6, 8] },
    ],
    seeds,
    runsPerBatch,
  };
}

export function writeSpec(dir: string, spec: object): string {
  const file = path.join(dir, `${(spec as { name: string }).name}.json`);
  fs.writeFileSync(file, JSON.stringify(spec));
  return file;
}

export interface SweepJson {
  total: number;
  skipped: number;
  done: number;
  failed: number;
  cancelled: number;
  cells: unknown[];
}

/** The same sweep trained here with the local executor: the table every queued run must match. */
export async function localTable(specFile: string, workspace: string): Promise<SweepJson> {
  const io = captureIo();
  const code = await main(['sweep', specFile, '--workspace', workspace, '--json'], io);
  if (code !== 0 && code !== 1) throw new Error(`local sweep failed (${code}): ${io.stderr}`);
  return JSON.parse(io.stdout) as SweepJson;
}

/** The per-cell table of sweep 1 as `modcomp show --sweep 1 --json` prints it. */
export async function storedTable(workspace: string): Promise<unknown[]> {
  const io = captureIo();
  const code = await main(['show', '--sweep', '1', '--workspace', workspace, '--json'], io);
  if (code !== 0) throw new Error(`show failed (${code}): ${io.stderr}`);
  return (JSON.parse(io.stdout) as { cells: unknown[] }).cells;
}

export function runCounts(file: string): Record<string, number> {
  if (!fs.existsSync(file)) return {};
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.prepare('SELECT status, count(*) AS n FROM runs GROUP BY status').all() as { status: string; n: number }[];
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    } finally {
      db.close();
    }
  } catch {
    return {}; // not created yet, or being created
  }
}

export function runErrors(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT error FROM runs WHERE status = 'failed'").all() as { error: string }[]).map((r) => r.error);
  } finally {
    db.close();
  }
}

/** Every finished run's stored summary by identity (config hash and seed), and its series' bytes. */
export function storedRuns(file: string): Map<string, { summary: string; series: string }> {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT r.config_hash || ':' || r.seed AS key, s.summary_json AS summary,
                (SELECT group_concat(hex(c.scalars), '|') FROM (SELECT scalars FROM series_chunks WHERE run_id = r.id ORDER BY mode, chunk_index) c) AS series
           FROM runs r JOIN run_summaries s ON s.run_id = r.id WHERE r.status = 'finished'`,
      )
      .all() as { key: string; summary: string; series: string }[];
    return new Map(rows.map((r) => [r.key, { summary: r.summary, series: r.series }]));
  } finally {
    db.close();
  }
}
