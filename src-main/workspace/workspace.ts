/**
 * One workspace file. Only this module writes it.
 *
 * Concurrency: several processes may use one workspace at once. The file is in WAL mode (readers
 * never block the writer), every write is one short IMMEDIATE transaction, and a busy timeout
 * makes a second writer wait its turn instead of failing. A process only marks runs
 * 'interrupted' when their owner process is gone, so one lab never disturbs another's live runs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { NativeSeries } from '../engine/native-types';
import { appVersion } from './app-version';
import { inspectWorkspaceFile } from './inspect-file';
import { latestVersion, MIGRATIONS, runMigrations, type Migration } from './migrations';
import {
  runRowSchema,
  type CellRecord,
  type EndStatus,
  type NewRun,
  type RunFilter,
  type RunListing,
  type RunRecord,
  type SweepRecord,
  type SweepRunListing,
} from './run-types';
import { concatSeries, decodeChunk, encodeSeries, type EncodedChunk } from './series-codec';
import { explainSqliteError, WorkspaceError } from './workspace-errors';

export interface OpenOptions {
  /** Migrations to apply (tests pass extra ones); default: this build's. */
  migrations?: readonly Migration[];
  /** Milliseconds a write waits for another process's transaction. */
  busyTimeoutMs?: number;
  /**
   * Test hook: called inside every write transaction after its statements, so throwing from it
   * simulates a failing disk (the transaction rolls back exactly as on SQLITE_FULL).
   */
  faultInjector?: (action: string) => void;
}

export interface SeriesWriteOptions {
  scalarsF32?: boolean;
  dropAlignments?: boolean;
}

const now = (): string => new Date().toISOString();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class Workspace {
  private constructor(
    readonly file: string,
    private readonly db: Database.Database,
    private readonly options: OpenOptions,
  ) {}

  /**
   * Statements run once per stored series chunk, prepared once per workspace: preparing them
   * for every chunk cost a sweep's coordinator more than writing the rows.
   */
  private readonly chunkStatements = new Map<string, Database.Statement>();

  private chunkStatement(sql: string): Database.Statement {
    let statement = this.chunkStatements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.chunkStatements.set(sql, statement);
    }
    return statement;
  }

  /** Opens (creating if missing) a workspace; refuses foreign, damaged or newer files unchanged. */
  static open(file: string, options: OpenOptions = {}): Workspace {
    const full = path.resolve(file);
    const migrations = options.migrations ?? MIGRATIONS;
    const dir = path.dirname(full);
    if (!fs.existsSync(full) && !fs.existsSync(dir)) {
      try {
        fs.mkdirSync(dir, { recursive: true });
      } catch (err) {
        throw new WorkspaceError(`workspace ${full}: cannot create the folder ${dir} (${(err as NodeJS.ErrnoException).code})`);
      }
    }
    // SQLite writes its journal beside the file (WAL), so even an existing workspace needs a
    // writable folder; checking first gives a clear message instead of SQLITE_CANTOPEN.
    try {
      fs.accessSync(dir, fs.constants.W_OK);
    } catch {
      throw new WorkspaceError(
        `workspace ${full}: the folder ${dir} is read-only (the workspace writes its journal beside the file); ` +
          'copy it to a writable folder or choose another --workspace; nothing was changed',
      );
    }
    inspectWorkspaceFile(full, latestVersion(migrations));
    let db: Database.Database;
    try {
      db = new Database(full, { fileMustExist: false });
    } catch (err) {
      throw explainSqliteError(full, 'open it', err);
    }
    try {
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
      db.pragma('journal_mode = WAL');
      // NORMAL in WAL mode: a power cut may lose the last commits, never corrupt the file.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      runMigrations(db, migrations);
    } catch (err) {
      db.close();
      throw explainSqliteError(full, 'prepare it', err);
    }
    const workspace = new Workspace(full, db, options);
    workspace.markOrphansInterrupted();
    return workspace;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The file's schema version (for tests and `show`). */
  schemaVersion(): number {
    return (this.db.prepare('SELECT version FROM schema_version').get() as { version: number }).version;
  }

  private write<T>(action: string, body: () => T): T {
    // Inside writeAll, better-sqlite3 makes this transaction a savepoint of the outer one; its
    // error is explained once, by the outer transaction, which names the whole change.
    const nested = this.db.inTransaction;
    try {
      return this.db
        .transaction(() => {
          const out = body();
          this.options.faultInjector?.(action);
          return out;
        })
        .immediate();
    } catch (err) {
      if (nested) throw err;
      throw explainSqliteError(this.file, action, err);
    }
  }

  /**
   * Runs `body`, which calls this workspace's write methods, as one IMMEDIATE transaction: all of
   * its writes are saved, or, when anything in it throws, none is (a pack import that fails
   * half-way leaves no sweep and no runs behind). `body` must be synchronous; it may read too.
   */
  writeAll<T>(action: string, body: () => T): T {
    if (this.db.inTransaction) throw new Error(`workspace ${this.file}: cannot ${action} inside another write`);
    return this.write(action, body);
  }

  /** Runs left queued/running by a process that no longer exists did not finish: say so. */
  private markOrphansInterrupted(): number {
    const host = os.hostname();
    const rows = this.db
      .prepare("SELECT id, owner_pid, owner_host FROM runs WHERE status IN ('queued', 'running')")
      .all() as { id: number; owner_pid: number | null; owner_host: string | null }[];
    const dead = rows.filter((r) => r.owner_host === host && (r.owner_pid === null || !isAlive(r.owner_pid)));
    if (dead.length === 0) return 0;
    const update = this.db.prepare(
      "UPDATE runs SET status = 'interrupted', finished_at = ?, error = ? WHERE id = ? AND status IN ('queued', 'running')",
    );
    this.write('mark interrupted runs', () => {
      for (const r of dead) update.run(now(), `the lab process (pid ${r.owner_pid}) stopped before this run finished`, r.id);
    });
    return dead.length;
  }

  /** The id of the experiment with this name, created on first use (a label that groups runs). */
  ensureExperiment(name: string): number {
    const found = this.db.prepare('SELECT id FROM experiments WHERE name = ?').get(name) as { id: number } | undefined;
    if (found) return found.id;
    return this.write('record the experiment', () =>
      Number(this.db.prepare('INSERT INTO experiments (name, created_at) VALUES (?, ?)').run(name, now()).lastInsertRowid),
    );
  }

  listExperiments(): { id: number; name: string; createdAt: string; runs: number }[] {
    return (
      this.db
        .prepare('SELECT e.id, e.name, e.created_at, (SELECT count(*) FROM runs r WHERE r.experiment_id = e.id) AS runs FROM experiments e ORDER BY e.id')
        .all() as { id: number; name: string; created_at: string; runs: number }[]
    ).map((e) => ({ id: e.id, name: e.name, createdAt: e.created_at, runs: e.runs }));
  }

  createRun(run: NewRun): number {
    return this.createRuns([run])[0] as number;
  }

  createRuns(runs: NewRun[]): number[] {
    const insert = this.db.prepare(
      `INSERT INTO runs (experiment_id, sweep_id, cell_index, config_json, config_hash, seed, backend, app_version,
         status, created_at, started_at, owner_pid, owner_host)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return this.write('record new runs', () =>
      runs.map((r) => {
        const t = now();
        const info = insert.run(
          r.experimentId ?? null,
          r.sweepId ?? null,
          r.cellIndex ?? null,
          JSON.stringify(r.config),
          r.configHash,
          r.seed,
          r.backend,
          appVersion(),
          r.status,
          t,
          r.status === 'running' ? t : null,
          process.pid,
          os.hostname(),
        );
        return Number(info.lastInsertRowid);
      }),
    );
  }

  /** Claims runs for this process (e.g. retrying interrupted sweep runs) and marks them running. */
  startRuns(ids: number[], backend?: string): void {
    const update = this.db.prepare(
      `UPDATE runs SET status = 'running', started_at = ?, finished_at = NULL, error = NULL,
         owner_pid = ?, owner_host = ?, backend = coalesce(?, backend) WHERE id = ?`,
    );
    const clear = this.db.prepare('DELETE FROM series_chunks WHERE run_id = ?');
    const clearSummary = this.db.prepare('DELETE FROM run_summaries WHERE run_id = ?');
    this.write('start runs', () => {
      for (const id of ids) {
        clear.run(id);
        clearSummary.run(id);
        update.run(now(), process.pid, os.hostname(), backend ?? null, id);
      }
    });
  }

  private nameListId(namesJson: string): number {
    const found = this.chunkStatement('SELECT id FROM scalar_name_lists WHERE names_json = ?').get(namesJson) as { id: number } | undefined;
    if (found) return found.id;
    return Number(this.chunkStatement('INSERT INTO scalar_name_lists (names_json) VALUES (?)').run(namesJson).lastInsertRowid);
  }

  private insertChunk(runId: number, mode: string, chunk: EncodedChunk): void {
    const next = this.chunkStatement(
      'SELECT coalesce(max(chunk_index) + 1, 0) AS n FROM series_chunks WHERE run_id = ? AND mode = ?',
    ).get(runId, mode) as { n: number };
    this.chunkStatement(
      `INSERT INTO series_chunks (run_id, mode, chunk_index, record_count, k, m, names_id, steps, scalars, scalars_f32, alignments)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(runId, mode, next.n, chunk.recordCount, chunk.K, chunk.m, this.nameListId(chunk.scalarNames), chunk.steps, chunk.scalars, chunk.scalarsF32 ? 1 : 0, chunk.alignments);
  }

  /** Appends metric records of one (run, mode) as they arrive. */
  appendSeries(runId: number, batches: { mode: string; series: NativeSeries }[], options: SeriesWriteOptions = {}): void {
    this.write('save metrics', () => {
      for (const b of batches) if (b.series.steps.length > 0) this.insertChunk(runId, b.mode, encodeSeries(b.series, options));
    });
  }

  /**
   * Marks runs finished with their summaries, and (for sweeps, whose series are written only at
   * the end) their series, all in one transaction: a finished run is never half-written.
   */
  finishRuns(
    items: { runId: number; summary: unknown; series?: { mode: string; series: NativeSeries }[] }[],
    options: SeriesWriteOptions = {},
  ): void {
    const update = this.db.prepare("UPDATE runs SET status = 'finished', finished_at = ?, error = NULL WHERE id = ?");
    const saveSummary = this.db.prepare('INSERT OR REPLACE INTO run_summaries (run_id, summary_json) VALUES (?, ?)');
    const clear = this.db.prepare('DELETE FROM series_chunks WHERE run_id = ?');
    this.write('save finished runs', () => {
      for (const item of items) {
        // The final series replaces the chunks streamed during the run: exact, and never doubled.
        if (item.series) clear.run(item.runId);
        for (const s of item.series ?? []) this.insertChunk(item.runId, s.mode, encodeSeries(s.series, options));
        saveSummary.run(item.runId, JSON.stringify(item.summary));
        update.run(now(), item.runId);
      }
    });
  }

  /**
   * Ends a run that stopped early but still has a summary of what it reached (a cancelled run:
   * its partial summary says `cancelled`), in one transaction with its status.
   */
  endRunWithSummary(runId: number, status: EndStatus, error: string | null, summary: unknown): void {
    const saveSummary = this.db.prepare('INSERT OR REPLACE INTO run_summaries (run_id, summary_json) VALUES (?, ?)');
    const update = this.db.prepare('UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?');
    this.write(`mark run ${status}`, () => {
      saveSummary.run(runId, JSON.stringify(summary));
      update.run(status, now(), error, runId);
    });
  }

  endRuns(ids: number[], status: EndStatus, error: string | null): void {
    const update = this.db.prepare('UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?');
    this.write(`mark runs ${status}`, () => {
      for (const id of ids) update.run(status, now(), error, id);
    });
  }

  listRuns(filter: RunFilter = {}): RunListing[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.id !== undefined) (where.push('r.id = ?'), args.push(filter.id));
    if (filter.sweepId !== undefined) (where.push('r.sweep_id = ?'), args.push(filter.sweepId));
    if (filter.status !== undefined) (where.push('r.status = ?'), args.push(filter.status));
    if (filter.experiment !== undefined)
      (where.push('r.experiment_id = (SELECT id FROM experiments WHERE name = ?)'), args.push(filter.experiment));
    if (filter.tag !== undefined) (where.push('EXISTS (SELECT 1 FROM tags t WHERE t.run_id = r.id AND t.tag = ?)'), args.push(filter.tag));
    const sql =
      `SELECT r.id, r.sweep_id, r.cell_index, r.config_hash, r.seed, r.backend, r.app_version, r.status, r.created_at,
         r.started_at, r.finished_at, r.error, (SELECT group_concat(tag, char(10)) FROM tags t WHERE t.run_id = r.id) AS tags
       FROM runs r ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id` +
      (filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : '');
    return this.db
      .prepare(sql)
      .all(...args)
      .map((raw) => {
        const r = runRowSchema.parse(raw);
        return {
          id: r.id,
          sweepId: r.sweep_id,
          cellIndex: r.cell_index,
          configHash: r.config_hash,
          seed: r.seed,
          backend: r.backend,
          appVersion: r.app_version,
          status: r.status,
          createdAt: r.created_at,
          startedAt: r.started_at,
          finishedAt: r.finished_at,
          error: r.error,
          tags: r.tags ? r.tags.split('\n').sort() : [],
        };
      });
  }

  /** Experiment name of each of these runs that has one, in one query per 500 ids. */
  experimentNames(runIds: number[]): Map<number, string> {
    const out = new Map<number, string>();
    for (const ids of chunks(runIds)) {
      const rows = this.db
        .prepare(`SELECT r.id, e.name FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id IN (${ids.map(() => '?').join(',')})`)
        .all(...ids) as { id: number; name: string }[];
      for (const row of rows) out.set(row.id, row.name);
    }
    return out;
  }

  /** A JSON column per run for these runs, in one query per 500 ids (`sql` selects id and json). */
  private jsonByRun(runIds: number[], sql: (placeholders: string) => string): Map<number, unknown> {
    const out = new Map<number, unknown>();
    for (const ids of chunks(runIds)) {
      const rows = this.db.prepare(sql(ids.map(() => '?').join(','))).all(...ids) as { id: number; json: string }[];
      for (const row of rows) out.set(row.id, JSON.parse(row.json) as unknown);
    }
    return out;
  }

  /** Stored summary of each of these runs that has one. */
  runSummaries(runIds: number[]): Map<number, unknown> {
    return this.jsonByRun(runIds, (list) => `SELECT run_id AS id, summary_json AS json FROM run_summaries WHERE run_id IN (${list})`);
  }

  /** Stored configuration of each of these runs. */
  runConfigs(runIds: number[]): Map<number, unknown> {
    return this.jsonByRun(runIds, (list) => `SELECT id, config_json AS json FROM runs WHERE id IN (${list})`);
  }

  countRuns(filter: { sweepId?: number } = {}): Record<string, number> {
    const rows = (
      filter.sweepId === undefined
        ? this.db.prepare('SELECT status, count(*) AS n FROM runs GROUP BY status').all()
        : this.db.prepare('SELECT status, count(*) AS n FROM runs WHERE sweep_id = ? GROUP BY status').all(filter.sweepId)
    ) as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  getRun(id: number): RunRecord | undefined {
    const base = this.listRuns({ id })[0];
    if (!base) return undefined;
    const row = this.db
      .prepare('SELECT r.config_json, s.summary_json FROM runs r LEFT JOIN run_summaries s ON s.run_id = r.id WHERE r.id = ?')
      .get(id) as {
      config_json: string;
      summary_json: string | null;
    };
    const notes = this.db
      .prepare('SELECT text, created_at FROM notes WHERE run_id = ? ORDER BY id')
      .all(id) as { text: string; created_at: string }[];
    return {
      ...base,
      config: JSON.parse(row.config_json) as unknown,
      summary: row.summary_json === null ? null : (JSON.parse(row.summary_json) as unknown),
      notes: notes.map((n) => ({ text: n.text, createdAt: n.created_at })),
    };
  }

  /** The stored series of a run, per mode, chunks joined in order. */
  getSeries(runId: number): Map<string, NativeSeries> {
    const rows = this.db
      .prepare(
        `SELECT c.mode, c.record_count, c.k, c.m, n.names_json AS scalar_names, c.steps, c.scalars, c.scalars_f32, c.alignments
         FROM series_chunks c JOIN scalar_name_lists n ON n.id = c.names_id WHERE c.run_id = ? ORDER BY c.mode, c.chunk_index`,
      )
      .all(runId) as {
      mode: string;
      record_count: number;
      k: number;
      m: number;
      scalar_names: string;
      steps: Buffer;
      scalars: Buffer;
      scalars_f32: number;
      alignments: Buffer;
    }[];
    const byMode = new Map<string, NativeSeries[]>();
    for (const r of rows) {
      const parts = byMode.get(r.mode) ?? [];
      parts.push(
        decodeChunk({
          recordCount: r.record_count,
          K: r.k,
          m: r.m,
          scalarNames: r.scalar_names,
          steps: r.steps,
          scalars: r.scalars,
          scalarsF32: r.scalars_f32 === 1,
          alignments: r.alignments,
        }),
      );
      byMode.set(r.mode, parts);
    }
    const out = new Map<string, NativeSeries>();
    for (const [mode, parts] of byMode) {
      const joined = concatSeries(parts);
      if (joined) out.set(mode, joined);
    }
    return out;
  }

  private requireRun(id: number): void {
    if (!this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id)) {
      throw new WorkspaceError(`workspace ${this.file} has no run ${id}; see \`modcomp list\``);
    }
  }

  addTags(runId: number, tags: string[]): void {
    this.requireRun(runId);
    const insert = this.db.prepare('INSERT OR IGNORE INTO tags (run_id, tag) VALUES (?, ?)');
    this.write('tag the run', () => tags.forEach((t) => insert.run(runId, t)));
  }

  removeTags(runId: number, tags: string[]): void {
    this.requireRun(runId);
    const del = this.db.prepare('DELETE FROM tags WHERE run_id = ? AND tag = ?');
    this.write('untag the run', () => tags.forEach((t) => del.run(runId, t)));
  }

  addNote(runId: number, text: string): void {
    this.requireRun(runId);
    this.write('add the note', () => {
      this.db.prepare('INSERT INTO notes (run_id, text, created_at) VALUES (?, ?, ?)').run(runId, text, now());
    });
  }

  deleteRuns(ids: number[]): number {
    for (const id of ids) this.requireRun(id);
    const del = this.db.prepare('DELETE FROM runs WHERE id = ?');
    return this.write('delete runs', () => ids.reduce((n, id) => n + del.run(id).changes, 0));
  }

  // ---- sweeps ----

  /** Returns the sweep with this spec hash, creating it (with its cells) on first use. */
  ensureSweep(input: { name: string; spec: unknown; specHash: string; seeds: number; cells: Record<string, unknown>[] }): {
    sweep: SweepRecord;
    created: boolean;
  } {
    const existing = this.findSweepByHash(input.specHash);
    if (existing) return { sweep: existing, created: false };
    this.write('record the sweep', () => {
      const info = this.db
        .prepare('INSERT INTO sweeps (name, spec_json, spec_hash, cell_count, seeds, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(input.name, JSON.stringify(input.spec), input.specHash, input.cells.length, input.seeds, now());
      const insert = this.db.prepare('INSERT INTO sweep_cells (sweep_id, cell_index, coords_json) VALUES (?, ?, ?)');
      input.cells.forEach((coords, i) => insert.run(info.lastInsertRowid, i, JSON.stringify(coords)));
    });
    return { sweep: this.findSweepByHash(input.specHash) as SweepRecord, created: true };
  }

  private toSweep(row: { id: number; name: string; spec_json: string; spec_hash: string; cell_count: number; seeds: number; created_at: string }): SweepRecord {
    return {
      id: row.id,
      name: row.name,
      spec: JSON.parse(row.spec_json) as unknown,
      specHash: row.spec_hash,
      cellCount: row.cell_count,
      seeds: row.seeds,
      createdAt: row.created_at,
    };
  }

  findSweepByHash(hash: string): SweepRecord | undefined {
    const row = this.db.prepare('SELECT * FROM sweeps WHERE spec_hash = ?').get(hash);
    return row ? this.toSweep(row as Parameters<Workspace['toSweep']>[0]) : undefined;
  }

  getSweep(id: number): SweepRecord | undefined {
    const row = this.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id);
    return row ? this.toSweep(row as Parameters<Workspace['toSweep']>[0]) : undefined;
  }

  listSweeps(): SweepRecord[] {
    return (this.db.prepare('SELECT * FROM sweeps ORDER BY id').all() as Parameters<Workspace['toSweep']>[0][]).map((r) => this.toSweep(r));
  }

  /**
   * Runs of a sweep by identity `${configHash}:${seed}`, with status, summary, and the three
   * settings of its configuration a run's outcome needs (K, rho, steps; read in SQL so the whole
   * configuration is not parsed for every run of a large sweep).
   */
  sweepRuns(sweepId: number): Map<string, SweepRunListing> {
    const rows = this.db
      .prepare(
        `SELECT r.id, r.config_hash, r.seed, r.status, r.cell_index, s.summary_json,
           json_extract(r.config_json, '$.data.K') AS k, json_extract(r.config_json, '$.model.rho') AS rho,
           json_extract(r.config_json, '$.train.steps') AS steps
         FROM runs r LEFT JOIN run_summaries s ON s.run_id = r.id WHERE r.sweep_id = ?`,
      )
      .all(sweepId) as {
      id: number;
      config_hash: string;
      seed: number;
      status: string;
      cell_index: number;
      summary_json: string | null;
      k: unknown;
      rho: unknown;
      steps: unknown;
    }[];
    const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
    return new Map(
      rows.map((r) => [
        `${r.config_hash}:${r.seed}`,
        {
          id: r.id,
          status: r.status,
          cellIndex: r.cell_index,
          summary: r.summary_json ? (JSON.parse(r.summary_json) as unknown) : null,
          outcomeContext: finite(r.k) && finite(r.rho) && finite(r.steps) ? { K: r.k, rho: r.rho, steps: r.steps } : null,
        },
      ]),
    );
  }

  setCellStats(sweepId: number, stats: { cellIndex: number; stats: unknown }[]): void {
    const update = this.db.prepare('UPDATE sweep_cells SET stats_json = ? WHERE sweep_id = ? AND cell_index = ?');
    this.write('save sweep statistics', () => stats.forEach((s) => update.run(JSON.stringify(s.stats), sweepId, s.cellIndex)));
  }

  /**
   * The cells of a sweep with their coordinates and the statistics last stored with them (null
   * until computed). Readers that show statistics take them from sweeps/current-cells.ts, which
   * computes them from the runs present now (a run deleted since is not counted).
   */
  cellTable(sweepId: number): CellRecord[] {
    const rows = this.db
      .prepare('SELECT cell_index, coords_json, stats_json FROM sweep_cells WHERE sweep_id = ? ORDER BY cell_index')
      .all(sweepId) as { cell_index: number; coords_json: string; stats_json: string | null }[];
    return rows.map((r) => ({
      cellIndex: r.cell_index,
      coords: JSON.parse(r.coords_json) as Record<string, unknown>,
      stats: r.stats_json === null ? null : (JSON.parse(r.stats_json) as unknown),
    }));
  }
}

/** Ids in groups small enough for one SQL `IN (...)` list each. */
function chunks(ids: number[], size = 500): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}
