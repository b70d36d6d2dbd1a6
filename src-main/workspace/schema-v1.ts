/**
 * Version 1 of the workspace schema. Metric series are stored as chunks of raw typed-array bytes
 * (little-endian, as Node writes them) appended while a run progresses, so a killed lab loses at
 * most the chunk in flight. Summaries are JSON without the config (the run row holds it once).
 */
export const SCHEMA_V1 = `
CREATE TABLE experiments (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);
CREATE TABLE sweeps (
  id INTEGER PRIMARY KEY,
  experiment_id INTEGER REFERENCES experiments(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  spec_json TEXT NOT NULL,
  spec_hash TEXT NOT NULL UNIQUE,
  cell_count INTEGER NOT NULL,
  seeds INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE sweep_cells (
  sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
  cell_index INTEGER NOT NULL,
  coords_json TEXT NOT NULL,
  stats_json TEXT,
  PRIMARY KEY (sweep_id, cell_index)
);
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  experiment_id INTEGER REFERENCES experiments(id) ON DELETE SET NULL,
  sweep_id INTEGER REFERENCES sweeps(id) ON DELETE CASCADE,
  cell_index INTEGER,
  config_json TEXT NOT NULL,
  config_hash TEXT NOT NULL,
  seed INTEGER NOT NULL,
  backend TEXT NOT NULL,
  app_version TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted')),
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  error TEXT,
  owner_pid INTEGER,
  owner_host TEXT
);
-- Summaries live beside the runs, written once when a run finishes: updating a run row to add
-- a 2 kB summary would split pages and leave the table half empty at sweep scale.
CREATE TABLE run_summaries (
  run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  summary_json TEXT NOT NULL
);
-- The list of scalar metric names is the same for thousands of chunks: stored once.
CREATE TABLE scalar_name_lists (
  id INTEGER PRIMARY KEY,
  names_json TEXT NOT NULL UNIQUE
);
CREATE INDEX runs_by_sweep ON runs (sweep_id, cell_index);
CREATE INDEX runs_by_status ON runs (status);
CREATE UNIQUE INDEX runs_sweep_identity ON runs (sweep_id, config_hash, seed) WHERE sweep_id IS NOT NULL;
CREATE TABLE series_chunks (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  mode TEXT NOT NULL,
  chunk_index INTEGER NOT NULL,
  record_count INTEGER NOT NULL,
  k INTEGER NOT NULL,
  m INTEGER NOT NULL,
  names_id INTEGER NOT NULL REFERENCES scalar_name_lists(id),
  steps BLOB NOT NULL,
  scalars BLOB NOT NULL,
  scalars_f32 INTEGER NOT NULL,
  alignments BLOB NOT NULL,
  PRIMARY KEY (run_id, mode, chunk_index)
);
CREATE TABLE tags (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  tag TEXT NOT NULL,
  PRIMARY KEY (run_id, tag)
);
CREATE TABLE notes (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  text TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;
