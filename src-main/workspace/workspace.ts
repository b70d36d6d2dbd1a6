/**
 * One workspace file. Only this module writes it.
 *
 * Concurrency: several processes may use one workspace at once. The file is in WAL mode (readers
 * never block the writer), every write is one short IMMEDIATE transaction, and a busy timeout
 * makes a second writer wait its turn instead of failing.
 *
 * Ownership: every queued or running run has a holder (the process recording it, see holder.ts)
 * with a lease this process renews on a heartbeat, and a sweep being trained has one too. A
 * process writes only runs it holds: it claims a run only when the run is not finished and its
 * holder is gone (checked and taken in one transaction), ends or cancels only its own runs, and
 * never rewrites a finished run (triggers refuse it too). A second writer is refused with a
 * sentence naming the holder, so nothing another process recorded is lost.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { NativeSeries } from '../engine/native-types';
import { appVersion } from './app-version';
import { describeHolder, HEARTBEAT_MS, holderAlive, isSelf, LEASE_MS, selfHolder, type StoredHolder } from './holder';
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
import { chunkDamage, concatSeries, decodeChunk, encodeSeries, type EncodedChunk } from './series-codec';
import { explainSqliteError, WorkspaceError } from './workspace-errors';

export interface OpenOptions {
  /** Migrations to apply (tests pass extra ones); default: this build's. */
  migrations?: readonly Migration[];
  /**
   * The file must already be a workspace: a missing or empty file is refused instead of being
   * made one (commands that only read or annotate must not create workspaces).
   */
  mustExist?: boolean;
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

/** A run or sweep held by another live process: the message names the holder and what to do. */
export class HeldError extends WorkspaceError {
  override name = 'HeldError';
}

interface OwnerRow {
  id: number;
  status: string;
  owner_pid: number | null;
  owner_host: string | null;
  owner_started: number | null;
  lease_until: number | null;
}

const ownerOf = (r: OwnerRow): StoredHolder => ({
  pid: r.owner_pid,
  host: r.owner_host,
  started: r.owner_started,
  leaseUntil: r.lease_until,
});
const ACTIVE = "status IN ('queued', 'running')";
/** SQL condition: the row is held by this process (bind pid, host, started). */
const MINE = 'owner_pid = ? AND owner_host = ? AND owner_started = ?';
const mine = (): [number, string, number] => {
  const me = selfHolder();
  return [me.pid, me.host, me.started];
};

export class Workspace {
  private heartbeat: NodeJS.Timeout | undefined;

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
    if (!options.mustExist && !fs.existsSync(full) && !fs.existsSync(dir)) {
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
    const state = inspectWorkspaceFile(full, latestVersion(migrations));
    if (options.mustExist && state.kind !== 'workspace') {
      throw new WorkspaceError(
        state.kind === 'missing'
          ? `there is no workspace at ${full}; check the path; nothing was created`
          : `${full} is an empty file, not a workspace; check the path (a workspace is made by recording a run or a sweep into it); nothing was changed`,
      );
    }
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
    try {
      workspace.markOrphansInterrupted();
    } catch (err) {
      db.close();
      throw err instanceof WorkspaceError ? err : explainSqliteError(full, 'read its runs', err, 'nothing was changed');
    }
    // The heartbeat renews the leases of what this process holds; it never keeps the process up.
    workspace.heartbeat = setInterval(() => {
      try {
        workspace.renewHold();
      } catch {
        // A busy or vanished file: the next beat tries again, and the lease outlasts a few misses.
      }
    }, HEARTBEAT_MS);
    workspace.heartbeat.unref();
    return workspace;
  }

  close(): void {
    clearInterval(this.heartbeat);
    if (this.db.open) this.db.close();
  }

  /** Extends the leases of the runs and sweeps this process holds (the heartbeat calls it). */
  renewHold(): void {
    if (!this.db.open) return;
    const until = Date.now() + LEASE_MS;
    this.write('renew the leases of this process', () => {
      this.db.prepare(`UPDATE runs SET lease_until = ? WHERE ${ACTIVE} AND ${MINE}`).run(until, ...mine());
      this.db
        .prepare('UPDATE sweeps SET lease_until = ? WHERE holder_pid = ? AND holder_host = ? AND holder_started = ?')
        .run(until, ...mine());
    });
  }

  /**
   * Runs a read; an SQLite failure (a damaged page, a table whose columns are not this lab's)
   * becomes a WorkspaceError naming the file and what was being read.
   */
  private read<T>(what: string, body: () => T): T {
    try {
      return body();
    } catch (err) {
      throw explainSqliteError(this.file, `read ${what}`, err, 'nothing was changed');
    }
  }

  /** A damaged value read back from the file, in a sentence naming it and what the user can do. */
  private damaged(what: string, why: string): WorkspaceError {
    return new WorkspaceError(
      `workspace ${this.file}: ${what} is damaged (${why}); the rest of the workspace is readable: delete that run with \`modcomp rm\` or restore a backup`,
    );
  }

  /** JSON stored by this module, parsed; damage is reported as a WorkspaceError naming `what`. */
  private storedJson(text: unknown, what: string): unknown {
    if (typeof text !== 'string') throw this.damaged(what, 'not text');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw this.damaged(what, 'not valid JSON');
    }
  }

  /** The file's schema version (for tests and `show`). */
  schemaVersion(): number {
    return this.read('the schema version', () => {
      return (this.db.prepare('SELECT version FROM schema_version').get() as { version: number }).version;
    });
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

  /**
   * Runs left queued/running by a process that no longer exists (or, on another host, whose
   * lease ran out) did not finish: say so. Checked again inside the transaction, so a run another
   * process claimed in between is left alone.
   */
  private markOrphansInterrupted(): number {
    const active = (): OwnerRow[] =>
      this.db.prepare(`SELECT id, status, owner_pid, owner_host, owner_started, lease_until FROM runs WHERE ${ACTIVE}`).all() as OwnerRow[];
    if (active().every((r) => holderAlive(ownerOf(r)))) return 0;
    const update = this.db.prepare(`UPDATE runs SET status = 'interrupted', finished_at = ?, error = ? WHERE id = ? AND ${ACTIVE}`);
    return this.write('mark interrupted runs', () => {
      const dead = active().filter((r) => !holderAlive(ownerOf(r)));
      for (const r of dead) update.run(now(), `the lab process (pid ${r.owner_pid}) stopped before this run finished`, r.id);
      return dead.length;
    });
  }

  /** The rows of these runs with their holders, for checks inside a write. */
  private ownerRows(ids: number[]): OwnerRow[] {
    const get = this.db.prepare('SELECT id, status, owner_pid, owner_host, owner_started, lease_until FROM runs WHERE id = ?');
    return ids.flatMap((id) => (get.get(id) as OwnerRow | undefined) ?? []);
  }

  /** Of these ids, the runs this process holds and has not ended (the only ones it may write). */
  private heldByMe(ids: number[]): Set<number> {
    return new Set(
      this.ownerRows(ids)
        .filter((r) => (r.status === 'queued' || r.status === 'running') && isSelf(ownerOf(r)))
        .map((r) => r.id),
    );
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
    return this.read('the experiments', () => {
      return (
        this.db
          .prepare(
            'SELECT e.id, e.name, e.created_at, (SELECT count(*) FROM runs r WHERE r.experiment_id = e.id) AS runs FROM experiments e ORDER BY e.id',
          )
          .all() as { id: number; name: string; created_at: string; runs: number }[]
      ).map((e) => ({ id: e.id, name: e.name, createdAt: e.created_at, runs: e.runs }));
    });
  }

  createRun(run: NewRun): number {
    return this.createRuns([run])[0] as number;
  }

  createRuns(runs: NewRun[]): number[] {
    return this.insertRuns(runs, false) as number[];
  }

  /**
   * Creates the sweep runs not yet in the workspace, held by this process; a run another process
   * created in the meantime (same sweep, config hash and seed) is left to it: its id is null here.
   */
  createRunsIfAbsent(runs: NewRun[]): (number | null)[] {
    return this.insertRuns(runs, true);
  }

  private insertRuns(runs: NewRun[], ifAbsent: boolean): (number | null)[] {
    const insert = this.db.prepare(
      `INSERT INTO runs (experiment_id, sweep_id, cell_index, config_json, config_hash, seed, backend, app_version,
         status, created_at, started_at, owner_pid, owner_host, owner_started, lease_until)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)${ifAbsent ? ' ON CONFLICT DO NOTHING' : ''}`,
    );
    const me = selfHolder();
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
          me.pid,
          me.host,
          me.started,
          Date.now() + LEASE_MS,
        );
        return info.changes === 0 ? null : Number(info.lastInsertRowid);
      }),
    );
  }

  /**
   * Claims runs for this process (retrying interrupted sweep runs) and marks them running: only
   * runs that are not finished and whose holder is gone (or is this process), checked and taken
   * in one transaction. Returns the ids claimed; the others are finished or held by a live
   * process and are left exactly as they are.
   */
  claimRuns(ids: number[], backend?: string): number[] {
    const update = this.db.prepare(
      `UPDATE runs SET status = 'running', started_at = ?, finished_at = NULL, error = NULL,
         owner_pid = ?, owner_host = ?, owner_started = ?, lease_until = ?, backend = coalesce(?, backend)
       WHERE id = ? AND status <> 'finished'`,
    );
    const clear = this.db.prepare('DELETE FROM series_chunks WHERE run_id = ?');
    const clearSummary = this.db.prepare('DELETE FROM run_summaries WHERE run_id = ?');
    return this.write('claim runs', () => {
      const me = selfHolder();
      const claimable = this.ownerRows(ids).filter(
        (r) =>
          r.status !== 'finished' && (!(r.status === 'queued' || r.status === 'running') || !holderAlive(ownerOf(r)) || isSelf(ownerOf(r))),
      );
      for (const r of claimable) {
        clear.run(r.id);
        clearSummary.run(r.id);
        update.run(now(), me.pid, me.host, me.started, Date.now() + LEASE_MS, backend ?? null, r.id);
      }
      return claimable.map((r) => r.id);
    });
  }

  private nameListId(namesJson: string): number {
    const found = this.chunkStatement('SELECT id FROM scalar_name_lists WHERE names_json = ?').get(namesJson) as { id: number } | undefined;
    if (found) return found.id;
    return Number(this.chunkStatement('INSERT INTO scalar_name_lists (names_json) VALUES (?)').run(namesJson).lastInsertRowid);
  }

  private insertChunk(runId: number, mode: string, chunk: EncodedChunk): void {
    const next = this.chunkStatement('SELECT coalesce(max(chunk_index) + 1, 0) AS n FROM series_chunks WHERE run_id = ? AND mode = ?').get(
      runId,
      mode,
    ) as { n: number };
    this.chunkStatement(
      `INSERT INTO series_chunks (run_id, mode, chunk_index, record_count, k, m, names_id, steps, scalars, scalars_f32, alignments)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      runId,
      mode,
      next.n,
      chunk.recordCount,
      chunk.K,
      chunk.m,
      this.nameListId(chunk.scalarNames),
      chunk.steps,
      chunk.scalars,
      chunk.scalarsF32 ? 1 : 0,
      chunk.alignments,
    );
  }

  /** Appends metric records of one (run, mode) as they arrive. */
  appendSeries(runId: number, batches: { mode: string; series: NativeSeries }[], options: SeriesWriteOptions = {}): void {
    this.write('save metrics', () => {
      // A run this process no longer holds (its end already written) takes no more records.
      if (!this.heldByMe([runId]).has(runId)) return;
      for (const b of batches) if (b.series.steps.length > 0) this.insertChunk(runId, b.mode, encodeSeries(b.series, options));
    });
  }

  /**
   * Marks runs finished with their summaries, and (for sweeps, whose series are written only at
   * the end) their series, all in one transaction: a finished run is never half-written. Only
   * runs this process holds are written; returns their ids (a run taken over by another process
   * after this one was thought dead is left to that process).
   */
  finishRuns(
    items: { runId: number; summary: unknown; series?: { mode: string; series: NativeSeries }[] }[],
    options: SeriesWriteOptions = {},
  ): number[] {
    const update = this.db.prepare("UPDATE runs SET status = 'finished', finished_at = ?, error = NULL WHERE id = ?");
    const saveSummary = this.db.prepare('INSERT OR REPLACE INTO run_summaries (run_id, summary_json) VALUES (?, ?)');
    const clear = this.db.prepare('DELETE FROM series_chunks WHERE run_id = ?');
    return this.write('save finished runs', () => {
      const held = this.heldByMe(items.map((i) => i.runId));
      const mineNow = items.filter((i) => held.has(i.runId));
      for (const item of mineNow) {
        // The final series replaces the chunks streamed during the run: exact, and never doubled.
        if (item.series) clear.run(item.runId);
        for (const s of item.series ?? []) this.insertChunk(item.runId, s.mode, encodeSeries(s.series, options));
        saveSummary.run(item.runId, JSON.stringify(item.summary));
        update.run(now(), item.runId);
      }
      return mineNow.map((i) => i.runId);
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
      if (!this.heldByMe([runId]).has(runId)) return;
      saveSummary.run(runId, JSON.stringify(summary));
      update.run(status, now(), error, runId);
    });
  }

  /**
   * Ends runs without a result (failed, cancelled, interrupted): only those this process holds
   * and has not ended, so a cancel never touches another process's runs or a finished run.
   * Returns how many it ended.
   */
  endRuns(ids: number[], status: EndStatus, error: string | null): number {
    const update = this.db.prepare(`UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ? AND ${ACTIVE} AND ${MINE}`);
    return this.write(`mark runs ${status}`, () => ids.reduce((n, id) => n + update.run(status, now(), error, id, ...mine()).changes, 0));
  }

  listRuns(filter: RunFilter = {}): RunListing[] {
    return this.read('the runs', () => {
      const where: string[] = [];
      const args: unknown[] = [];
      if (filter.id !== undefined) (where.push('r.id = ?'), args.push(filter.id));
      if (filter.sweepId !== undefined) (where.push('r.sweep_id = ?'), args.push(filter.sweepId));
      if (filter.status !== undefined) (where.push('r.status = ?'), args.push(filter.status));
      if (filter.experiment !== undefined)
        (where.push('r.experiment_id = (SELECT id FROM experiments WHERE name = ?)'), args.push(filter.experiment));
      if (filter.tag !== undefined)
        (where.push('EXISTS (SELECT 1 FROM tags t WHERE t.run_id = r.id AND t.tag = ?)'), args.push(filter.tag));
      const sql =
        `SELECT r.id, r.sweep_id, r.cell_index, r.config_hash, r.seed, r.backend, r.app_version, r.status, r.created_at,
           r.started_at, r.finished_at, r.error, (SELECT group_concat(tag, char(10)) FROM tags t WHERE t.run_id = r.id) AS tags
         FROM runs r ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.id` +
        (filter.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(filter.limit))}` : '');
      return this.db
        .prepare(sql)
        .all(...args)
        .map((raw) => {
          const parsed = runRowSchema.safeParse(raw);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw this.damaged(
              `run ${String((raw as { id?: unknown }).id)}'s row`,
              `${issue?.path.join('.') ?? 'row'}: ${issue?.message ?? 'invalid'}`,
            );
          }
          const r = parsed.data;
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
    });
  }

  /** Experiment name of each of these runs that has one, in one query per 500 ids. */
  experimentNames(runIds: number[]): Map<number, string> {
    return this.read('experiment names', () => {
      const out = new Map<number, string>();
      for (const ids of chunks(runIds)) {
        const rows = this.db
          .prepare(
            `SELECT r.id, e.name FROM runs r JOIN experiments e ON e.id = r.experiment_id WHERE r.id IN (${ids.map(() => '?').join(',')})`,
          )
          .all(...ids) as { id: number; name: string }[];
        for (const row of rows) out.set(row.id, row.name);
      }
      return out;
    });
  }

  /** A JSON column per run for these runs, in one query per 500 ids (`sql` selects id and json). */
  private jsonByRun(runIds: number[], what: string, sql: (placeholders: string) => string): Map<number, unknown> {
    const out = new Map<number, unknown>();
    for (const ids of chunks(runIds)) {
      const rows = this.db.prepare(sql(ids.map(() => '?').join(','))).all(...ids) as { id: number; json: string }[];
      for (const row of rows) out.set(row.id, this.storedJson(row.json, `run ${row.id}'s ${what}`));
    }
    return out;
  }

  /** Stored summary of each of these runs that has one. */
  runSummaries(runIds: number[]): Map<number, unknown> {
    return this.read('run summaries', () => {
      return this.jsonByRun(
        runIds,
        'summary',
        (list) => `SELECT run_id AS id, summary_json AS json FROM run_summaries WHERE run_id IN (${list})`,
      );
    });
  }

  /** Stored configuration of each of these runs. */
  runConfigs(runIds: number[]): Map<number, unknown> {
    return this.read('run configurations', () => {
      return this.jsonByRun(runIds, 'configuration', (list) => `SELECT id, config_json AS json FROM runs WHERE id IN (${list})`);
    });
  }

  countRuns(filter: { sweepId?: number } = {}): Record<string, number> {
    return this.read('run counts', () => {
      const rows = (
        filter.sweepId === undefined
          ? this.db.prepare('SELECT status, count(*) AS n FROM runs GROUP BY status').all()
          : this.db.prepare('SELECT status, count(*) AS n FROM runs WHERE sweep_id = ? GROUP BY status').all(filter.sweepId)
      ) as { status: string; n: number }[];
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    });
  }

  getRun(id: number): RunRecord | undefined {
    return this.read('the run', () => {
      const base = this.listRuns({ id })[0];
      if (!base) return undefined;
      const row = this.db
        .prepare('SELECT r.config_json, s.summary_json FROM runs r LEFT JOIN run_summaries s ON s.run_id = r.id WHERE r.id = ?')
        .get(id) as {
        config_json: string;
        summary_json: string | null;
      };
      const notes = this.db.prepare('SELECT text, created_at FROM notes WHERE run_id = ? ORDER BY id').all(id) as {
        text: string;
        created_at: string;
      }[];
      return {
        ...base,
        config: this.storedJson(row.config_json, `run ${id}'s configuration`),
        summary: row.summary_json === null ? null : this.storedJson(row.summary_json, `run ${id}'s summary`),
        notes: notes.map((n) => ({ text: n.text, createdAt: n.created_at })),
      };
    });
  }

  /** The stored series of a run, per mode, chunks joined in order. */
  getSeries(runId: number): Map<string, NativeSeries> {
    return this.read('the series', () => {
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
        const chunk: EncodedChunk = {
          recordCount: r.record_count,
          K: r.k,
          m: r.m,
          scalarNames: r.scalar_names,
          steps: r.steps,
          scalars: r.scalars,
          scalarsF32: r.scalars_f32 === 1,
          alignments: r.alignments,
        };
        const damage = chunkDamage(chunk);
        if (damage !== null) throw this.damaged(`run ${runId}'s ${String(r.mode)} series`, `a chunk with ${damage}`);
        const series = decodeChunk(chunk);
        const first = parts[0];
        // Chunks of one mode are joined: they must share their shape and metric names.
        if (
          first &&
          (first.K !== series.K ||
            first.m !== series.m ||
            first.scalarNames.join('\n') !== series.scalarNames.join('\n') ||
            (first.alignments.length === 0) !== (series.alignments.length === 0))
        ) {
          throw this.damaged(`run ${runId}'s ${String(r.mode)} series`, 'chunks of different shapes');
        }
        parts.push(series);
        byMode.set(r.mode, parts);
      }
      const out = new Map<string, NativeSeries>();
      for (const [mode, parts] of byMode) {
        const joined = concatSeries(parts);
        if (joined) out.set(mode, joined);
      }
      return out;
    });
  }

  private requireRun(id: number): void {
    if (!this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id)) {
      throw new WorkspaceError(`workspace ${this.file} has no run ${id}; see \`modcomp list\``);
    }
  }

  /**
   * Text stored as the user gave it: a lone UTF-16 surrogate cannot be stored as UTF-8 (SQLite
   * would keep replacement bytes, silently changing the text), so it is refused.
   */
  private requireWellFormed(text: string, what: string): void {
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text))
      throw new WorkspaceError(
        `the ${what} holds a lone UTF-16 surrogate (half of a character), which cannot be stored; remove it and try again; nothing was saved`,
      );
  }

  addTags(runId: number, tags: string[]): void {
    this.requireRun(runId);
    for (const tag of tags) this.requireWellFormed(tag, 'tag');
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
    this.requireWellFormed(text, 'note');
    this.write('add the note', () => {
      this.db.prepare('INSERT INTO notes (run_id, text, created_at) VALUES (?, ?, ?)').run(runId, text, now());
    });
  }

  /**
   * Deletes runs, refusing (and deleting none) when any of them is being recorded by a live
   * process: deleting it under its recorder would lose what it is writing.
   */
  deleteRuns(ids: number[]): number {
    for (const id of ids) this.requireRun(id);
    const del = this.db.prepare('DELETE FROM runs WHERE id = ?');
    return this.write('delete runs', () => {
      const live = this.ownerRows(ids).filter((r) => (r.status === 'queued' || r.status === 'running') && holderAlive(ownerOf(r)));
      const first = live[0];
      if (first) {
        throw new HeldError(
          `run ${live.map((r) => r.id).join(', ')} is being recorded by ${describeHolder(ownerOf(first))}; ` +
            'wait for it to end or stop it there, then delete; nothing was deleted',
        );
      }
      return ids.reduce((n, id) => n + del.run(id).changes, 0);
    });
  }

  /**
   * Whether run `id` is queued or running under a live process (this one included): the lab's
   * views and `rm` treat such a run as in progress whoever records it.
   */
  isRunHeld(id: number): boolean {
    const row = this.ownerRows([id])[0];
    return row !== undefined && (row.status === 'queued' || row.status === 'running') && holderAlive(ownerOf(row));
  }

  // ---- sweeps ----

  /** Returns the sweep with this spec hash, creating it (with its cells) on first use. */
  ensureSweep(input: { name: string; spec: unknown; specHash: string; seeds: number; cells: Record<string, unknown>[] }): {
    sweep: SweepRecord;
    created: boolean;
  } {
    const found = this.findSweepByHash(input.specHash);
    if (found) return { sweep: found, created: false };
    // Looked up again inside the transaction: two processes starting one spec at once get one sweep.
    const created = this.write('record the sweep', () => {
      if (this.findSweepByHash(input.specHash)) return false;
      const info = this.db
        .prepare('INSERT INTO sweeps (name, spec_json, spec_hash, cell_count, seeds, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(input.name, JSON.stringify(input.spec), input.specHash, input.cells.length, input.seeds, now());
      const insert = this.db.prepare('INSERT INTO sweep_cells (sweep_id, cell_index, coords_json) VALUES (?, ?, ?)');
      input.cells.forEach((coords, i) => insert.run(info.lastInsertRowid, i, JSON.stringify(coords)));
      return true;
    });
    return { sweep: this.findSweepByHash(input.specHash) as SweepRecord, created };
  }

  private toSweep(row: {
    id: number;
    name: string;
    spec_json: string;
    spec_hash: string;
    cell_count: number;
    seeds: number;
    created_at: string;
  }): SweepRecord {
    return {
      id: row.id,
      name: row.name,
      spec: this.storedJson(row.spec_json, `sweep ${row.id}'s spec`),
      specHash: row.spec_hash,
      cellCount: row.cell_count,
      seeds: row.seeds,
      createdAt: row.created_at,
    };
  }

  private sweepHolderRow(sweepId: number): StoredHolder | undefined {
    const row = this.db.prepare('SELECT holder_pid, holder_host, holder_started, lease_until FROM sweeps WHERE id = ?').get(sweepId) as
      { holder_pid: number | null; holder_host: string | null; holder_started: number | null; lease_until: number | null } | undefined;
    return row && { pid: row.holder_pid, host: row.holder_host, started: row.holder_started, leaseUntil: row.lease_until };
  }

  private heldSweepError(sweepId: number, holder: StoredHolder): HeldError {
    const name = this.getSweep(sweepId)?.name;
    return new HeldError(
      `sweep ${sweepId}${name === undefined ? '' : ` ("${name}")`} is being trained by ${describeHolder(holder)} in ${this.file}; ` +
        'wait for it to finish (or stop it there), then run this again to continue it; nothing was changed',
    );
  }

  /** Throws a HeldError naming the holder when another live process trains this sweep. */
  assertSweepFree(sweepId: number): void {
    const holder = this.sweepHolderRow(sweepId);
    if (holder && holderAlive(holder) && !isSelf(holder)) throw this.heldSweepError(sweepId, holder);
  }

  /**
   * Takes the sweep for this process: refused (HeldError naming the holder) while another live
   * process holds it; a holder that died or whose lease ran out is replaced. Checked and taken
   * in one transaction, so two processes never both hold a sweep.
   */
  claimSweep(sweepId: number): void {
    this.write('take the sweep', () => {
      this.assertSweepFree(sweepId);
      const me = selfHolder();
      this.db
        .prepare('UPDATE sweeps SET holder_pid = ?, holder_host = ?, holder_started = ?, lease_until = ? WHERE id = ?')
        .run(me.pid, me.host, me.started, Date.now() + LEASE_MS, sweepId);
    });
  }

  /** Lets the sweep go (when this process still holds it). */
  releaseSweep(sweepId: number): void {
    if (!this.db.open) return;
    this.write('let the sweep go', () => {
      this.db
        .prepare(
          'UPDATE sweeps SET holder_pid = NULL, holder_host = NULL, holder_started = NULL, lease_until = NULL WHERE id = ? AND holder_pid = ? AND holder_host = ? AND holder_started = ?',
        )
        .run(sweepId, ...mine());
    });
  }

  /** Throws unless this process still holds the sweep (it may have been taken over as dead). */
  assertHolding(sweepId: number): void {
    const holder = this.sweepHolderRow(sweepId);
    if (!holder || !isSelf(holder)) {
      throw new HeldError(
        `sweep ${sweepId} in ${this.file} was taken over by ${holder && holder.pid !== null ? describeHolder(holder) : 'no one'} ` +
          'while this process trained it (its lease ran out); this process stops; what it recorded is kept',
      );
    }
  }

  findSweepByHash(hash: string): SweepRecord | undefined {
    return this.read('the sweep', () => {
      const row = this.db.prepare('SELECT * FROM sweeps WHERE spec_hash = ?').get(hash);
      return row ? this.toSweep(row as Parameters<Workspace['toSweep']>[0]) : undefined;
    });
  }

  getSweep(id: number): SweepRecord | undefined {
    return this.read('the sweep', () => {
      const row = this.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id);
      return row ? this.toSweep(row as Parameters<Workspace['toSweep']>[0]) : undefined;
    });
  }

  listSweeps(): SweepRecord[] {
    return this.read('the sweeps', () => {
      return (this.db.prepare('SELECT * FROM sweeps ORDER BY id').all() as Parameters<Workspace['toSweep']>[0][]).map((r) =>
        this.toSweep(r),
      );
    });
  }

  /**
   * Runs of a sweep by identity `${configHash}:${seed}`, with status, summary, and the three
   * settings of its configuration a run's outcome needs (K, rho, steps; read in SQL so the whole
   * configuration is not parsed for every run of a large sweep).
   */
  sweepRuns(sweepId: number): Map<string, SweepRunListing> {
    return this.read('the sweep runs', () => {
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
            summary: r.summary_json ? this.storedJson(r.summary_json, `run ${r.id}'s summary`) : null,
            outcomeContext: finite(r.k) && finite(r.rho) && finite(r.steps) ? { K: r.k, rho: r.rho, steps: r.steps } : null,
          },
        ]),
      );
    });
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
    return this.read('the sweep cells', () => {
      const rows = this.db
        .prepare('SELECT cell_index, coords_json, stats_json FROM sweep_cells WHERE sweep_id = ? ORDER BY cell_index')
        .all(sweepId) as { cell_index: number; coords_json: string; stats_json: string | null }[];
      return rows.map((r) => {
        const coords = this.storedJson(r.coords_json, `sweep ${sweepId}'s cell ${r.cell_index}`);
        if (coords === null || typeof coords !== 'object' || Array.isArray(coords))
          throw this.damaged(`sweep ${sweepId}'s cell ${r.cell_index}`, 'coordinates that are not an object');
        return {
          cellIndex: r.cell_index,
          coords: coords as Record<string, unknown>,
          stats: r.stats_json === null ? null : this.storedJson(r.stats_json, `sweep ${sweepId}'s cell ${r.cell_index} statistics`),
        };
      });
    });
  }
}

/** Ids in groups small enough for one SQL `IN (...)` list each. */
function chunks(ids: number[], size = 500): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}
