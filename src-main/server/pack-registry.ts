/**
 * The figure packs this lab server process exported, by random id. A download names a pack only
 * through such an id, so nothing else on the server's disk can be reached through it: there is
 * no path in the URL, and ids are neither paths nor guessable.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';

/** 16 random bytes, hex: what `register` hands out and the only shape `find` looks up. */
const ID_PATTERN = /^[0-9a-f]{32}$/;

export class PackRegistry {
  private readonly packs = new Map<string, string>();

  /** Remembers an exported pack (folder or .zip); returns its new id. */
  register(packPath: string): string {
    let id: string;
    do id = randomBytes(16).toString('hex');
    while (this.packs.has(id));
    this.packs.set(id, path.resolve(packPath));
    return id;
  }

  /** The pack's path, or undefined for an id this process never handed out. */
  find(id: string): string | undefined {
    return ID_PATTERN.test(id) ? this.packs.get(id) : undefined;
  }
}

/** The pack's name as a download file name: its base name without .zip, in safe ASCII. */
export function packDownloadName(packPath: string): string {
  const base = path.basename(packPath).replace(/\.zip$/i, '');
  const safe = base
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 120);
  return safe === '' ? 'figure-pack' : safe;
}
