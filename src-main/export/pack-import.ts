/**
 * Re-creates the runs (and the sweep) of a verified pack in a workspace with the same config,
 * summary, series, tags and notes, so the app shows the same numbers. The pack is read and
 * checked whole before the workspace is touched (`loadPack`: every file checksummed, configs
 * and summaries validated with the schemas live data uses, series shapes against their
 * configs), so a refused pack leaves no trace, not even a new workspace file. All writes are then
 * one workspace transaction: if one fails, nothing of the pack stays in the workspace.
 */
import { configHash } from '../config/hash';
import { ConfigError, validateConfig } from '../config/validate';
import type { Workspace } from '../workspace/workspace';
import { storedSummarySchema } from '../workspace/summary-schema';
import { readPackRuns, readPackSweep, type PackRun, type SweepFile } from './pack-data';
import { FigurePackError } from './pack-errors';
import { verifyManifest } from './pack-manifest';
import { readPack } from './pack-reader';

function checkRuns(runs: PackRun[], where: string): void {
  for (const { entry } of runs) {
    const run = `${where}: run ${entry.id}`;
    try {
      validateConfig(entry.config);
    } catch (err) {
      if (err instanceof ConfigError)
        throw new FigurePackError(`${run}'s configuration is not valid (${err.message}); nothing was imported`);
      throw err;
    }
    if (configHash(entry.config) !== entry.configHash) {
      throw new FigurePackError(`${run}'s configuration does not match its hash ${entry.configHash.slice(0, 12)}; nothing was imported`);
    }
    if (entry.status === 'queued' || entry.status === 'running') {
      throw new FigurePackError(`${run} is marked ${entry.status}; a pack holds ended runs only`);
    }
    if (entry.status === 'finished' && entry.summary === null)
      throw new FigurePackError(`${where}: finished run ${entry.id} has no summary`);
    if (entry.summary !== null) {
      const parsed = storedSummarySchema.safeParse(entry.summary);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new FigurePackError(
          `${run}'s summary is not a run summary (${issue?.path.join('.') || 'summary'}: ${issue?.message ?? 'invalid'}); nothing was imported`,
        );
      }
    }
  }
}

/** A pack read and checked, ready to be written into a workspace. */
export interface CheckedPack {
  where: string;
  runs: PackRun[];
  sweepFile: SweepFile | null;
  cells: SweepFile['cells'];
}

export async function loadPack(packPath: string): Promise<CheckedPack> {
  return checkPackFiles(await readPack(packPath), packPath);
}

/** Checks a pack's files (as readPack returns them); throws a FigurePackError naming what is wrong. */
export function checkPackFiles(files: Map<string, Buffer>, packPath: string): CheckedPack {
  const manifest = verifyManifest(files, packPath);
  const kind = (manifest as { source?: { kind?: unknown } }).source?.kind;
  if (kind === 'check' || kind === 'remedy-comparison') {
    const what = kind === 'check' ? "a paper check's" : "a remedy comparison's";
    throw new FigurePackError(
      `${packPath} is ${what} figure pack: it holds figures and the report, not runs (its runs are sweeps of the workspace it was made from); nothing was imported`,
    );
  }
  let runs: PackRun[];
  let sweepFile: SweepFile | null;
  try {
    runs = readPackRuns(files);
    sweepFile = readPackSweep(files);
  } catch (err) {
    if (err instanceof FigurePackError) throw new FigurePackError(`${packPath}: ${err.message}`);
    throw err;
  }
  checkRuns(runs, packPath);
  const cells = sweepFile ? [...sweepFile.cells].sort((a, b) => a.cellIndex - b.cellIndex) : [];
  if (cells.some((c, i) => c.cellIndex !== i))
    throw new FigurePackError(`${packPath}: data/sweep.json: cells must be numbered 0 to ${cells.length - 1}`);
  return { where: packPath, runs, sweepFile, cells };
}

export async function importPack(workspace: Workspace, packPath: string): Promise<{ runIds: number[]; sweepId: number | null }> {
  return importCheckedPack(workspace, await loadPack(packPath));
}

export function importCheckedPack(workspace: Workspace, pack: CheckedPack): { runIds: number[]; sweepId: number | null } {
  const { runs, sweepFile, cells } = pack;
  // One transaction for the sweep, its cells and every run: a failure part-way (a full disk, a
  // damaged file) rolls all of it back, so the workspace holds exactly what it held before.
  return workspace.writeAll(`import the figure pack ${pack.where}`, () => {
    let sweepId: number | null = null;
    if (sweepFile) {
      const { sweep, created } = workspace.ensureSweep({
        name: sweepFile.name,
        spec: sweepFile.spec,
        specHash: sweepFile.specHash,
        seeds: sweepFile.seeds,
        cells: cells.map((c) => c.coords),
      });
      if (!created)
        throw new FigurePackError(
          `workspace ${workspace.file} already holds this sweep (id ${sweep.id}); import the pack into another workspace`,
        );
      sweepId = sweep.id;
    }
    const ids = workspace.createRuns(
      runs.map(({ entry }) => ({
        config: entry.config,
        configHash: entry.configHash,
        seed: entry.seed,
        backend: entry.backend,
        status: 'running' as const,
        ...(sweepId !== null && entry.cellIndex !== null ? { sweepId, cellIndex: entry.cellIndex } : {}),
      })),
    );
    runs.forEach(({ entry, series }, i) => {
      const runId = ids[i] as number;
      const batches = [...series].map(([mode, s]) => ({ mode, series: s }));
      // Store the scalars as the source workspace did (float32 for sweeps), so sizes match too.
      const scalarsF32 = Object.values(entry.series).length > 0 && Object.values(entry.series).every((s) => s.scalarsF32);
      if (entry.status === 'finished') workspace.finishRuns([{ runId, summary: entry.summary, series: batches }], { scalarsF32 });
      else {
        workspace.appendSeries(runId, batches, { scalarsF32 });
        workspace.endRuns([runId], entry.status as 'failed' | 'cancelled' | 'interrupted', entry.error);
      }
      if (entry.tags.length) workspace.addTags(runId, entry.tags);
      for (const note of entry.notes) workspace.addNote(runId, note.text);
    });
    if (sweepId !== null) {
      workspace.setCellStats(
        sweepId,
        cells.filter((c) => c.stats !== null && c.stats !== undefined).map((c) => ({ cellIndex: c.cellIndex, stats: c.stats })),
      );
    }
    return { runIds: ids, sweepId };
  });
}
