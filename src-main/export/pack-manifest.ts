/**
 * manifest.json: what the pack holds and where it came from (app version, export time, workspace,
 * run and sweep ids, resolved configs with their hashes, seeds, backend and precision) and the
 * SHA-256 of every other file, checked before anything is imported.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { RunData } from '../figures/sources';
import { appVersion } from '../workspace/app-version';
import { parseBoundedJson } from '../common/input-limits';
import { FigurePackError } from './pack-errors';

export const MANIFEST_FILE = 'manifest.json';
export const PACK_FORMAT = 'modcomp-figure-pack';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface ManifestInput {
  exportedAt: Date;
  workspace: string;
  source:
    | { kind: 'run'; runId: number }
    | { kind: 'sweep'; sweepId: number; name: string; specHash: string }
    /** A paper check's evidence: its sweeps (by the check's key), whose runs stay in the workspace. */
    | { kind: 'check'; mode: 'quick' | 'full'; sweeps: { key: string; sweepId: number }[] }
    /** A remedy comparison: its sweeps (one per remedy), whose runs stay in the workspace. */
    | { kind: 'remedy-comparison'; preset: string; sweeps: { remedy: string; sweepId: number }[] };
  runs: RunData[];
  figures: { name: string; figure: string; title: string; files: string[] }[];
  formats: string[];
  dpi: number;
  files: Map<string, Buffer>;
}

export function buildManifest(input: ManifestInput): Buffer {
  const configs: Record<string, unknown> = {};
  for (const run of input.runs) configs[run.record.configHash] ??= run.record.config;
  const files: Record<string, { sha256: string; bytes: number }> = {};
  for (const name of [...input.files.keys()].sort()) {
    const bytes = input.files.get(name) as Buffer;
    files[name] = { sha256: sha256(bytes), bytes: bytes.length };
  }
  const manifest = {
    format: PACK_FORMAT,
    formatVersion: 1,
    appVersion: appVersion(),
    exportedAt: input.exportedAt.toISOString(),
    workspace: input.workspace,
    source: input.source,
    runIds: input.runs.map((r) => r.record.id),
    sweepId: input.source.kind === 'sweep' ? input.source.sweepId : null,
    runs: input.runs.map((r) => ({
      id: r.record.id,
      configHash: r.record.configHash,
      seed: r.record.seed,
      backend: r.record.backend,
      precision: (r.record.config as { precision?: unknown }).precision ?? null,
      status: r.record.status,
      cellIndex: r.record.cellIndex,
    })),
    configs,
    figures: input.figures,
    formats: input.formats,
    dpi: input.dpi,
    font: 'DejaVu Sans (dejavu-fonts-ttf), embedded in PDFs',
    files,
  };
  return Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8');
}

const manifestSchema = z.looseObject({
  format: z.literal(PACK_FORMAT),
  formatVersion: z.literal(1),
  files: z.record(z.string(), z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().min(0) })),
});

/**
 * Checks every file the manifest lists: present, same size, same SHA-256. Throws naming the first
 * file that is missing or differs.
 */
export function verifyManifest(files: Map<string, Buffer>, where: string): z.infer<typeof manifestSchema> {
  const raw = files.get(MANIFEST_FILE);
  if (!raw) throw new FigurePackError(`${where} is not a figure pack: it has no ${MANIFEST_FILE}`);
  let value: unknown;
  try {
    value = parseBoundedJson(raw.toString('utf8'), MANIFEST_FILE);
  } catch (err) {
    throw new FigurePackError(`${where}: ${(err as Error).message}`);
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FigurePackError(
      `${where}: ${MANIFEST_FILE} is not a figure pack manifest (${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'})`,
    );
  }
  // Every file is checksummed: one the manifest does not list (an edited data file added under
  // a listed name's folder, say) would otherwise be read unchecked.
  for (const name of files.keys()) {
    if (name !== MANIFEST_FILE && !Object.hasOwn(parsed.data.files, name)) {
      throw new FigurePackError(
        `${where}: ${name} is not listed in ${MANIFEST_FILE}, so it cannot be checked; remove it or export the pack again; nothing was imported`,
      );
    }
  }
  for (const [name, expected] of Object.entries(parsed.data.files)) {
    const bytes = files.get(name);
    if (!bytes) throw new FigurePackError(`${where}: ${name} is listed in ${MANIFEST_FILE} but missing from the pack`);
    if (bytes.length !== expected.bytes || sha256(bytes) !== expected.sha256) {
      throw new FigurePackError(
        `${where}: ${name} does not match its checksum in ${MANIFEST_FILE} (the file was changed or damaged); nothing was imported`,
      );
    }
  }
  return parsed.data;
}
