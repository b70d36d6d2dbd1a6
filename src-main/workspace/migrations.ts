/**
 * Schema migrations. The workspace records its schema version in `schema_version`; opening runs
 * every migration above it, each in its own transaction, so a failed migration leaves the file at
 * the previous version instead of half-migrated.
 */
import type Database from 'better-sqlite3';
import { SCHEMA_V1 } from './schema-v1';
import { SCHEMA_V2 } from './schema-v2';

export interface Migration {
  /** The version the file has after this migration. */
  version: number;
  describe: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, describe: 'experiments, runs, series chunks, tags, notes, sweeps', up: (db) => db.exec(SCHEMA_V1) },
  { version: 2, describe: 'holders of runs and sweeps with leases; finished runs kept by triggers', up: (db) => db.exec(SCHEMA_V2) },
];

/** Marks a file as a Modality Competition Lab workspace ("MCL1" in the SQLite header). */
export const APPLICATION_ID = 0x4d434c31;

export function latestVersion(migrations: readonly Migration[]): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/** The version a file is at; 0 for a fresh, empty database. */
export function currentVersion(db: Database.Database): number {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (!table) return 0;
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  return row?.version ?? 0;
}

/** Runs the migrations above the file's version, in order; returns the versions applied. */
export function runMigrations(db: Database.Database, migrations: readonly Migration[]): number[] {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  const applied: number[] = [];
  for (const migration of ordered) {
    if (migration.version <= currentVersion(db)) continue;
    db.transaction(() => {
      if (migration.version === 1) {
        db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL)');
        db.exec('INSERT INTO schema_version (version) VALUES (0)');
        db.pragma(`application_id = ${APPLICATION_ID}`);
      }
      migration.up(db);
      db.prepare('UPDATE schema_version SET version = ?').run(migration.version);
    }).immediate();
    applied.push(migration.version);
  }
  return applied;
}
