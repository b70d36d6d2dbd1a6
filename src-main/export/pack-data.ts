/**
 * The `data/` folder of a pack: everything needed to re-create the run(s) in a workspace.
 *   runs.json       one record per run: config, hash, seed, backend, status, summary, tags, notes,
 *                   and per mode the shape of its series (K, m, scalar names, storage)
 *   series.csv      one row per (run, mode, record): run, mode, step, then every scalar column
 *   alignments.csv  one row per (run, mode, record, modality, neuron) where alignments are stored
 *   sweep.json      (sweep packs) the sweep spec, its cells with coordinates and statistics
 * Numbers are written in their shortest round-trip form, so reading them back gives the same
 * doubles (and the same float32 alignments) the workspace held.
 */
import { z } from 'zod';
import type { NativeSeries } from '../engine/native-types';
import type { DataTable } from '../figures/chart-spec';
import { parseCsv, toCsv } from '../figures/csv';
import type { RunData, SweepSource } from '../figures/sources';
import { hasAlignments } from '../figures/series-access';
import { RUN_STATUSES } from '../workspace/run-types';
import { INPUT_LIMITS, parseBoundedJson } from '../common/input-limits';
import { FigurePackError } from './pack-errors';

export const DATA_FILES = {
  runs: 'data/runs.json',
  series: 'data/series.csv',
  alignments: 'data/alignments.csv',
  sweep: 'data/sweep.json',
} as const;

const seriesShapeSchema = z.strictObject({
  K: z.number().int().min(1).max(64),
  m: z.number().int().min(1).max(65_536),
  records: z.number().int().min(0).max(INPUT_LIMITS.packRecords),
  scalarNames: z.array(z.string()),
  /** The workspace stored the scalars as float32 (sweeps do): kept so a re-import stores them alike. */
  scalarsF32: z.boolean(),
  alignments: z.boolean(),
});

const runEntrySchema = z.strictObject({
  id: z.number().int(),
  sweepId: z.number().int().nullable(),
  cellIndex: z.number().int().nullable(),
  config: z.record(z.string(), z.unknown()),
  configHash: z.string(),
  seed: z.number(),
  backend: z.string(),
  appVersion: z.string(),
  status: z.enum(RUN_STATUSES),
  error: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.array(z.strictObject({ text: z.string(), createdAt: z.string() })),
  summary: z.unknown(),
  series: z.record(z.string(), seriesShapeSchema),
});
export type RunEntry = z.infer<typeof runEntrySchema>;

const runsFileSchema = z.strictObject({ formatVersion: z.literal(1), runs: z.array(runEntrySchema) });

const sweepFileSchema = z.strictObject({
  formatVersion: z.literal(1),
  id: z.number().int(),
  name: z.string(),
  spec: z.unknown(),
  specHash: z.string(),
  seeds: z.number().int(),
  axes: z.array(z.string()),
  cells: z.array(z.strictObject({ cellIndex: z.number().int(), coords: z.record(z.string(), z.unknown()), stats: z.unknown() })),
  predictedBoundary: z.array(z.tuple([z.number().int(), z.number().int()])),
});
export type SweepFile = z.infer<typeof sweepFileSchema>;

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');
}

function scalarsFitFloat32(series: NativeSeries): boolean {
  for (const v of series.scalars) if (!Number.isNaN(v) && Math.fround(v) !== v) return false;
  return true;
}

function runEntry(run: RunData): RunEntry {
  const r = run.record;
  return {
    id: r.id,
    sweepId: r.sweepId,
    cellIndex: r.cellIndex,
    config: r.config as Record<string, unknown>,
    configHash: r.configHash,
    seed: r.seed,
    backend: r.backend,
    appVersion: r.appVersion,
    status: r.status,
    error: r.error,
    tags: r.tags,
    notes: r.notes,
    summary: r.summary,
    series: Object.fromEntries(
      [...run.series].map(([mode, s]) => [
        mode,
        {
          K: s.K,
          m: s.m,
          records: s.steps.length,
          scalarNames: s.scalarNames,
          scalarsF32: scalarsFitFloat32(s),
          alignments: hasAlignments(s),
        },
      ]),
    ),
  };
}

/** The data files of a pack for these runs (and their sweep). */
export function packData(runs: RunData[], sweep: SweepSource | null): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  files.set(DATA_FILES.runs, json({ formatVersion: 1, runs: runs.map(runEntry) }));

  const scalarColumns: string[] = [];
  for (const run of runs)
    for (const s of run.series.values()) for (const name of s.scalarNames) if (!scalarColumns.includes(name)) scalarColumns.push(name);
  const series: DataTable = { columns: ['run', 'mode', 'step', ...scalarColumns], rows: [] };
  const alignments: DataTable = { columns: ['run', 'mode', 'step', 'modality', 'neuron', 'alignment'], rows: [] };
  for (const run of runs) {
    for (const [mode, s] of run.series) {
      const width = s.scalarNames.length;
      const position = scalarColumns.map((name) => s.scalarNames.indexOf(name));
      for (let row = 0; row < s.steps.length; row++) {
        const step = s.steps[row] as number;
        series.rows.push([run.record.id, mode, step, ...position.map((p) => (p < 0 ? null : (s.scalars[row * width + p] as number)))]);
      }
      if (!hasAlignments(s)) continue;
      const per = s.K * s.m;
      for (let row = 0; row < s.steps.length; row++) {
        for (let r = 0; r < s.K; r++) {
          for (let j = 0; j < s.m; j++)
            alignments.rows.push([run.record.id, mode, s.steps[row] as number, r, j, s.alignments[row * per + r * s.m + j] as number]);
        }
      }
    }
  }
  files.set(DATA_FILES.series, Buffer.from(toCsv(series), 'utf8'));
  if (alignments.rows.length > 0) files.set(DATA_FILES.alignments, Buffer.from(toCsv(alignments), 'utf8'));
  if (sweep) {
    files.set(
      DATA_FILES.sweep,
      json({
        formatVersion: 1,
        id: sweep.sweep.id,
        name: sweep.sweep.name,
        spec: sweep.sweep.spec,
        specHash: sweep.sweep.specHash,
        seeds: sweep.sweep.seeds,
        axes: sweep.axes,
        cells: sweep.cells,
        predictedBoundary: sweep.boundary,
      }),
    );
  }
  return files;
}

export interface PackRun {
  entry: RunEntry;
  series: Map<string, NativeSeries>;
}

function parseJsonFile<T>(files: Map<string, Buffer>, name: string, schema: z.ZodType<T>): T {
  const raw = files.get(name);
  if (!raw) throw new FigurePackError(`the pack has no ${name}`);
  let value: unknown;
  try {
    value = parseBoundedJson(raw.toString('utf8'), name);
  } catch (err) {
    throw new FigurePackError((err as Error).message);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FigurePackError(`${name}: ${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

function parseCsvFile(files: Map<string, Buffer>, name: string): DataTable | null {
  const raw = files.get(name);
  if (!raw) return null;
  try {
    return parseCsv(raw.toString('utf8'));
  } catch (err) {
    throw new FigurePackError(`${name}: ${(err as Error).message}`);
  }
}

function numberAt(row: (string | number | null)[], index: number, file: string, line: number): number {
  const value = row[index];
  if (typeof value !== 'number') throw new FigurePackError(`${file} line ${line}: expected a number, found ${JSON.stringify(value)}`);
  return value;
}

/**
 * Checks the series each run declares against its configuration (a series has the run's K
 * modalities and m neurons, at most one record per step) and all of them against the import
 * limits, before anything is allocated for them.
 */
function checkDeclaredShapes(runs: RunEntry[]): void {
  let records = 0;
  let numbers = 0;
  for (const entry of runs) {
    const data = entry.config.data as { K?: unknown } | undefined;
    const model = entry.config.model as { m?: unknown } | undefined;
    const train = entry.config.train as { steps?: unknown } | undefined;
    for (const [mode, shape] of Object.entries(entry.series)) {
      const where = `${DATA_FILES.runs}: run ${entry.id} mode ${mode}`;
      if (typeof data?.K === 'number' && shape.K !== data.K)
        throw new FigurePackError(`${where}: its series has K = ${shape.K}, its configuration ${data.K}`);
      if (typeof model?.m === 'number' && shape.m !== model.m)
        throw new FigurePackError(`${where}: its series has m = ${shape.m}, its configuration ${model.m}`);
      if (typeof train?.steps === 'number' && shape.records > train.steps + 1) {
        throw new FigurePackError(`${where}: ${shape.records} records, more than one per step of its ${train.steps} steps`);
      }
      records += shape.records;
      numbers += shape.records * (1 + shape.scalarNames.length + (shape.alignments ? shape.K * shape.m : 0));
    }
  }
  if (records > INPUT_LIMITS.packRecords || numbers > INPUT_LIMITS.packNumbers) {
    throw new FigurePackError(
      `${DATA_FILES.runs} declares ${records} records holding ${numbers} numbers, over the limits of ${INPUT_LIMITS.packRecords} records and ${INPUT_LIMITS.packNumbers} numbers for a pack; nothing was imported`,
    );
  }
}

/** Reads the runs (with their series rebuilt exactly) from a pack's data files. */
export function readPackRuns(files: Map<string, Buffer>): PackRun[] {
  const { runs } = parseJsonFile(files, DATA_FILES.runs, runsFileSchema);
  checkDeclaredShapes(runs);
  const table = parseCsvFile(files, DATA_FILES.series);
  if (!table) throw new FigurePackError(`the pack has no ${DATA_FILES.series}`);
  const [runCol, modeCol, stepCol] = ['run', 'mode', 'step'].map((c) => table.columns.indexOf(c)) as [number, number, number];
  if (runCol < 0 || modeCol < 0 || stepCol < 0) throw new FigurePackError(`${DATA_FILES.series} needs the columns run, mode and step`);
  // The records runs.json declares must be the rows series.csv holds, checked before the series
  // are allocated: a declared count is a claim, the rows are what the file really carries.
  const rowsOf = new Map<string, number>();
  for (const row of table.rows) {
    const key = `${String(row[runCol])}\u0000${String(row[modeCol])}`;
    rowsOf.set(key, (rowsOf.get(key) ?? 0) + 1);
  }
  for (const entry of runs) {
    for (const [mode, shape] of Object.entries(entry.series)) {
      const rows = rowsOf.get(`${entry.id}\u0000${mode}`) ?? 0;
      if (rows !== shape.records) {
        throw new FigurePackError(
          `${DATA_FILES.series}: run ${entry.id} mode ${mode} has ${rows} records, ${DATA_FILES.runs} states ${shape.records}`,
        );
      }
    }
  }
  const byKey = new Map<
    string,
    { series: NativeSeries; shape: z.infer<typeof seriesShapeSchema>; row: number; stepIndex: Map<number, number> }
  >();
  const out: PackRun[] = runs.map((entry) => {
    const series = new Map<string, NativeSeries>();
    for (const [mode, shape] of Object.entries(entry.series)) {
      const s: NativeSeries = {
        K: shape.K,
        m: shape.m,
        steps: new Int32Array(shape.records),
        scalarNames: shape.scalarNames,
        scalars: new Float64Array(shape.records * shape.scalarNames.length).fill(NaN),
        alignments: new Float32Array(shape.alignments ? shape.records * shape.K * shape.m : 0).fill(NaN),
      };
      series.set(mode, s);
      byKey.set(`${entry.id}\u0000${mode}`, { series: s, shape, row: 0, stepIndex: new Map() });
    }
    return { entry, series };
  });

  table.rows.forEach((row, n) => {
    const line = n + 2;
    const target = byKey.get(`${numberAt(row, runCol, DATA_FILES.series, line)}\u0000${String(row[modeCol])}`);
    if (!target)
      throw new FigurePackError(`${DATA_FILES.series} line ${line}: run ${row[runCol]} mode ${row[modeCol]} is not in ${DATA_FILES.runs}`);
    if (target.row >= target.shape.records)
      throw new FigurePackError(`${DATA_FILES.series} line ${line}: more records than ${DATA_FILES.runs} states`);
    const step = numberAt(row, stepCol, DATA_FILES.series, line);
    target.series.steps[target.row] = step;
    target.stepIndex.set(step, target.row);
    const width = target.shape.scalarNames.length;
    target.shape.scalarNames.forEach((name, k) => {
      const col = table.columns.indexOf(name);
      if (col < 0) throw new FigurePackError(`${DATA_FILES.series} has no column ${name}`);
      target.series.scalars[target.row * width + k] = numberAt(row, col, DATA_FILES.series, line);
    });
    target.row++;
  });
  for (const [key, target] of byKey) {
    if (target.row !== target.shape.records) {
      throw new FigurePackError(
        `${DATA_FILES.series}: run ${key.replace('\u0000', ' mode ')} has ${target.row} records, ${DATA_FILES.runs} states ${target.shape.records}`,
      );
    }
  }

  const needAlignments = [...byKey.values()].some((t) => t.shape.alignments);
  const align = parseCsvFile(files, DATA_FILES.alignments);
  if (needAlignments && !align) throw new FigurePackError(`the pack has no ${DATA_FILES.alignments}`);
  if (align) {
    const cols = ['run', 'mode', 'step', 'modality', 'neuron', 'alignment'].map((c) => align.columns.indexOf(c));
    if (cols.some((c) => c < 0))
      throw new FigurePackError(`${DATA_FILES.alignments} needs the columns run, mode, step, modality, neuron, alignment`);
    const [rc, mc, sc, kc, jc, vc] = cols as [number, number, number, number, number, number];
    align.rows.forEach((row, n) => {
      const line = n + 2;
      const target = byKey.get(`${numberAt(row, rc, DATA_FILES.alignments, line)}\u0000${String(row[mc])}`);
      const record = target?.stepIndex.get(numberAt(row, sc, DATA_FILES.alignments, line));
      const r = numberAt(row, kc, DATA_FILES.alignments, line);
      const j = numberAt(row, jc, DATA_FILES.alignments, line);
      if (!target || !target.shape.alignments || record === undefined || r < 0 || r >= target.shape.K || j < 0 || j >= target.shape.m) {
        throw new FigurePackError(`${DATA_FILES.alignments} line ${line}: no such run, mode, step, modality or neuron in the pack`);
      }
      target.series.alignments[(record * target.shape.K + r) * target.shape.m + j] = numberAt(row, vc, DATA_FILES.alignments, line);
    });
  }
  return out;
}

export function readPackSweep(files: Map<string, Buffer>): SweepFile | null {
  return files.has(DATA_FILES.sweep) ? parseJsonFile(files, DATA_FILES.sweep, sweepFileSchema) : null;
}
