import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, repoRoot } from './source-files';
import { readPage, tablesOf } from '../docs/doc-pages';

/*
 * Which folder of src-main may import which: the layers drawn in the architecture page of the
 * docs. A folder sits above everything it may import; an import that is not in its row fails,
 * so a new dependency between folders is a decision written here, not an accident.
 * Lower layers first: common and engine know nothing of the lab; the hosts (cli, server,
 * electron-shell) sit on top.
 */
export const ALLOWED_IMPORTS: Record<string, readonly string[]> = {
  common: [],
  engine: [],
  config: ['common', 'engine'],
  io: ['common', 'config', 'engine'],
  api: ['engine'],
  workspace: ['engine'],
  'engine-host': ['engine'],
  runs: ['config', 'engine', 'engine-host', 'workspace'],
  sweeps: ['api', 'config', 'engine', 'engine-host', 'runs', 'workspace'],
  science: ['config', 'runs', 'sweeps', 'workspace'],
  figures: ['api', 'config', 'engine', 'runs', 'sweeps', 'workspace'],
  export: ['api', 'common', 'config', 'engine', 'figures', 'io', 'science', 'workspace'],
  bench: ['engine'],
  service: ['api', 'config', 'engine', 'engine-host', 'export', 'runs', 'science', 'sweeps', 'workspace'],
  server: ['api', 'common', 'export', 'io'],
  cli: [
    'bench',
    'common',
    'config',
    'engine',
    'engine-host',
    'export',
    'figures',
    'io',
    'runs',
    'science',
    'server',
    'service',
    'sweeps',
    'workspace',
  ],
  'electron-shell': ['api', 'common', 'engine-host', 'service', 'workspace'],
};

const MAIN = path.join(repoRoot, 'src-main');

/** The relative specifiers a TypeScript file imports (static, dynamic, re-exports, require). */
export function relativeImports(source: string): string[] {
  const patterns = [
    /\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g,
    /\b(?:import|require)\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
    /\bimport\s*['"](\.{1,2}\/[^'"]+)['"]/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1] as string));
}

/** "folder -> folder (file)" for every import across folders of src-main that the table does not allow. */
export function layerViolations(files: string[], allowed: Record<string, readonly string[]>): string[] {
  const found: string[] = [];
  for (const file of files) {
    const from = path.relative(MAIN, file).split(path.sep)[0] as string;
    for (const specifier of relativeImports(fs.readFileSync(file, 'utf8'))) {
      const target = path.relative(MAIN, path.resolve(path.dirname(file), specifier));
      if (target.startsWith('..')) {
        found.push(`${from} -> outside src-main (${path.relative(repoRoot, file)}: ${specifier})`);
        continue;
      }
      const to = target.split(path.sep)[0] as string;
      if (to !== from && !(allowed[from] ?? []).includes(to)) found.push(`${from} -> ${to} (${path.relative(repoRoot, file)})`);
    }
  }
  return found;
}

/** The architecture page's layer table as folder -> the folders it may import. */
function layerTableOfDocs(): Record<string, string[]> {
  const table = tablesOf(readPage('docs/architecture.md')).find((rows) => rows[0]?.join('|') === 'folder|its job|may import');
  if (!table) throw new Error('docs/architecture.md has no table headed "folder | its job | may import"');
  const folderName = (cell: string): string => cell.replace(/`/g, '').trim();
  return Object.fromEntries(
    table.slice(1).map((cells) => {
      const imports = (cells[2] ?? '').trim();
      return [folderName(cells[0] ?? ''), imports === 'nothing' ? [] : imports.split(',').map(folderName)];
    }),
  );
}

/** The architecture page's picture of the layers: folder -> its level (lines "  4   figures   science   ..."). */
function levelsOfDocsPicture(): Map<string, number> {
  const levels = new Map<string, number>();
  for (const line of readPage('docs/architecture.md').split('\n')) {
    const m = /^ {1,3}(\d+) {2,}(.*)$/.exec(line);
    if (!m) continue;
    const folders = (m[2] ?? '').split(/ {4,}/)[0]?.trim().split(/\s+/) ?? [];
    for (const folder of folders) {
      if (levels.has(folder)) throw new Error(`docs/architecture.md draws ${folder} on two levels`);
      levels.set(folder, Number(m[1]));
    }
  }
  return levels;
}

function sortedRows(table: Record<string, readonly string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(table).map(([folder, imports]) => [folder, [...imports].sort()]));
}

describe('layers inside src-main', () => {
  const files = filesUnder(MAIN, ['.ts']);

  it('every folder of src-main has a row in the table', () => {
    const folders = fs
      .readdirSync(MAIN, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.sort()).toEqual(Object.keys(ALLOWED_IMPORTS).sort());
  });

  it('imports across folders only as the table allows', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(layerViolations(files, ALLOWED_IMPORTS)).toEqual([]);
  });

  it('the table has no cycles, so the folders form layers', () => {
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cycles: string[] = [];
    const visit = (folder: string, trail: string[]): void => {
      if (done.has(folder)) return;
      if (visiting.has(folder)) {
        cycles.push([...trail, folder].join(' -> '));
        return;
      }
      visiting.add(folder);
      for (const next of ALLOWED_IMPORTS[folder] ?? []) visit(next, [...trail, folder]);
      visiting.delete(folder);
      done.add(folder);
    };
    Object.keys(ALLOWED_IMPORTS).forEach((folder) => visit(folder, []));
    expect(cycles).toEqual([]);
  });

  it('catches an import the table does not allow (so the check can fail)', () => {
    const strict = { ...ALLOWED_IMPORTS, workspace: [] };
    expect(layerViolations(files, strict).some((v) => v.startsWith('workspace -> engine'))).toBe(true);
  });

  it("the architecture page's layer table says what this table says", () => {
    expect(sortedRows(layerTableOfDocs())).toEqual(sortedRows(ALLOWED_IMPORTS));
  });

  it("the architecture page's picture puts every folder above the folders it may import", () => {
    const levels = levelsOfDocsPicture();
    expect([...levels.keys()].sort()).toEqual(Object.keys(ALLOWED_IMPORTS).sort());
    const upward = Object.entries(ALLOWED_IMPORTS).flatMap(([folder, imports]) =>
      imports
        .filter((target) => (levels.get(target) ?? Infinity) >= (levels.get(folder) ?? -Infinity))
        .map((target) => `${folder} -> ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('reads the docs table closely enough to see one import added or removed (so the check can fail)', () => {
    const docs = sortedRows(layerTableOfDocs());
    expect(Object.keys(docs)).toHaveLength(Object.keys(ALLOWED_IMPORTS).length);
    expect(docs).not.toEqual(sortedRows({ ...ALLOWED_IMPORTS, workspace: ['config', 'engine'] }));
    expect(docs).not.toEqual(sortedRows({ ...ALLOWED_IMPORTS, cli: (ALLOWED_IMPORTS.cli ?? []).slice(1) }));
  });
});
