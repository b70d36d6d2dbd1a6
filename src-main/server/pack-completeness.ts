/**
 * Whether a folder pack on the server's disk still holds every file its manifest.json lists, so
 * a pack that lost a file since it was exported is refused instead of sent incomplete (an
 * incomplete pack is refused by `modcomp import-pack` too). Only presence is checked: the
 * checksums are for the importer.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_FILE } from '../export/pack-manifest';

/** A sentence saying what is wrong with the pack's contents, or null when nothing is missing. */
export async function packIncompleteness(dir: string, files: readonly string[]): Promise<string | null> {
  if (!files.includes(MANIFEST_FILE)) return `its ${MANIFEST_FILE} is missing`;
  let manifest: unknown;
  try {
    manifest = JSON.parse(await fs.promises.readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
  } catch (err) {
    if (err instanceof SyntaxError) return `its ${MANIFEST_FILE} is no longer valid JSON`;
    throw err;
  }
  const listed = isObject(manifest) ? manifest.files : undefined;
  if (!isObject(listed)) return `its ${MANIFEST_FILE} no longer lists the pack's files`;
  const present = new Set(files);
  const missing = Object.keys(listed).filter((name) => !present.has(name));
  if (missing.length === 0) return null;
  const shown = missing.slice(0, 3).join(', ') + (missing.length > 3 ? ` and ${missing.length - 3} more` : '');
  return `${shown}, listed in its ${MANIFEST_FILE}, ${missing.length === 1 ? 'is' : 'are'} missing`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
