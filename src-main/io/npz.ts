/**
 * NumPy .npz archives: a zip of `name.npy` entries, stored (np.savez) or deflated
 * (np.savez_compressed). fflate handles the zip layer, including numpy's zip64 headers.
 */
import * as fs from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { NpyFormatError, readNpy, writeNpy, type NpyArray } from './npy';
import { fsFailure } from '../common/fs-failure';
import { formatBytes, INPUT_LIMITS, InputLimitError, readBoundedFile } from '../common/input-limits';

export type NpzContents = Map<string, NpyArray>;

/** Parses an .npz held in memory; `where` names the file in error messages. */
export function readNpzBytes(bytes: Uint8Array, where = 'archive'): NpzContents {
  let entries: Record<string, Uint8Array>;
  // The sizes the entries declare are checked before any is unpacked (fflate allocates what an
  // entry declares), so a small archive claiming gigabytes is refused at once.
  let total = 0;
  let refusal: string | null = null;
  try {
    entries = unzipSync(bytes, {
      filter: (file) => {
        total += file.originalSize;
        if (refusal !== null) return false;
        if (file.originalSize > INPUT_LIMITS.npyArrayBytes) {
          refusal = `${where}: entry "${file.name}" unpacks to ${formatBytes(file.originalSize)}, over the limit of ${formatBytes(INPUT_LIMITS.npyArrayBytes)} for one array`;
        } else if (total > INPUT_LIMITS.npzTotalBytes) {
          refusal = `${where}: its arrays unpack to more than ${formatBytes(INPUT_LIMITS.npzTotalBytes)}, the limit for an .npz`;
        }
        return refusal === null;
      },
    });
  } catch (err) {
    throw new NpyFormatError(`${where}: not a readable .npz (zip) archive: ${(err as Error).message}`);
  }
  if (refusal !== null) throw new NpyFormatError(`${refusal}; nothing was imported`);
  for (const [entry, content] of Object.entries(entries)) {
    if (content.length > INPUT_LIMITS.npyArrayBytes)
      throw new NpyFormatError(`${where}: entry "${entry}" unpacks to more than its limit; nothing was imported`);
  }
  const out: NpzContents = new Map();
  for (const [entry, content] of Object.entries(entries)) {
    if (entry.endsWith('/')) continue; // directory entries carry no array
    if (!entry.endsWith('.npy')) throw new NpyFormatError(`${where}: entry "${entry}" is not a .npy array`);
    const name = entry.slice(0, -'.npy'.length);
    out.set(name, readNpy(content, `${where}: ${name}`));
  }
  return out;
}

export function readNpzFile(file: string): NpzContents {
  let bytes: Uint8Array;
  try {
    bytes = readBoundedFile(file, INPUT_LIMITS.npzBytes, '.npz file');
  } catch (err) {
    throw new NpyFormatError(err instanceof InputLimitError ? err.message : `cannot read ${file}: ${fsFailure(err)}`);
  }
  return readNpzBytes(bytes, file);
}

/** `compress` false stores entries like np.savez; true deflates like np.savez_compressed. */
export function writeNpzBytes(arrays: NpzContents | Record<string, NpyArray>, compress = false): Uint8Array {
  const entries = arrays instanceof Map ? [...arrays.entries()] : Object.entries(arrays);
  const files: Record<string, Uint8Array> = {};
  for (const [name, array] of entries) files[`${name}.npy`] = writeNpy(array);
  return zipSync(files, { level: compress ? 6 : 0 });
}

export function writeNpzFile(file: string, arrays: NpzContents | Record<string, NpyArray>, compress = false): void {
  fs.writeFileSync(file, writeNpzBytes(arrays, compress));
}
