import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, repoRoot } from './source-files';

/*
 * The renderer runs in a browser or Electron's sandboxed renderer: it may reach the lab only
 * through the LabApi, so from src-main it imports nothing but types from the contract
 * (src-main/api/lab-api). A value import would pull main-process code (SQLite, child
 * processes) into the browser bundle; `electron` and Node built-ins are refused outright.
 */

const root = repoRoot;
const CONTRACT = path.join(root, 'src-main', 'api', 'lab-api');
/** Constants the renderer shares with the main process by value; such a file imports nothing. */
const SHARED_VALUES = [path.join(root, 'src-main', 'api', 'modality-colours'), path.join(root, 'src-main', 'api', 'colour-scales')];

/** Every import/export-from/dynamic import/require in a file: its specifier and whether it is type-only. */
function importsOf(source: string): { specifier: string; typeOnly: boolean }[] {
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const statement = /\b(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(statement)) {
    const clause = (m[3] ?? '').trim();
    // `import { type A, type B } from` is type-only as well when every name says `type`.
    const names = /^\{([^}]*)\}$/
      .exec(clause)?.[1]
      ?.split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '');
    const allTyped = names !== undefined && names.length > 0 && names.every((n) => n.startsWith('type '));
    found.push({ specifier: m[4] as string, typeOnly: m[2] !== undefined || allTyped });
  }
  for (const m of source.matchAll(/\bimport\s*['"]([^'"]+)['"]/g)) found.push({ specifier: m[1] as string, typeOnly: false });
  for (const m of source.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push({ specifier: m[1] as string, typeOnly: false });
  return found;
}

/** Why an import breaks the rule, or null when it is allowed. */
function violation(file: string, specifier: string, typeOnly: boolean): string | null {
  if (specifier === 'electron' || specifier.startsWith('node:') || ['fs', 'path', 'child_process', 'better-sqlite3'].includes(specifier)) {
    return `imports ${specifier}`;
  }
  if (!specifier.startsWith('.')) return null;
  const target = path.resolve(path.dirname(file), specifier);
  if (!target.startsWith(path.join(root, 'src-main') + path.sep)) return null;
  if (SHARED_VALUES.includes(target.replace(/\.ts$/, ''))) return null;
  if (target.replace(/\.ts$/, '') !== CONTRACT)
    return `imports ${path.relative(root, target)} (only the contract src-main/api/lab-api may be imported)`;
  return typeOnly ? null : `imports values from ${specifier} (use \`import type\`)`;
}

/** The code of a file with its comments removed (a comment may say "import" in prose). */
function codeOf(file: string, text: string): string {
  // Svelte files: only the script blocks hold imports.
  const source = file.endsWith('.svelte') ? [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n') : text;
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
}

function offendersIn(file: string, text: string): string[] {
  return importsOf(codeOf(file, text)).flatMap(({ specifier, typeOnly }) => {
    const why = violation(file, specifier, typeOnly);
    return why ? [`${path.relative(root, file)}: ${why}`] : [];
  });
}

function offenders(files: string[]): string[] {
  return files.flatMap((file) => offendersIn(file, fs.readFileSync(file, 'utf8')));
}

describe('renderer boundaries', () => {
  it('imports nothing from src-main but types from the API contract, and no Node or electron modules', () => {
    const files = filesUnder(path.join(root, 'src-renderer'), ['.ts', '.svelte']);
    expect(files.length).toBeGreaterThan(20);
    expect(offenders(files)).toEqual([]);
  });

  it('shares by value only files that import nothing themselves', () => {
    for (const shared of SHARED_VALUES) expect(importsOf(codeOf(`${shared}.ts`, fs.readFileSync(`${shared}.ts`, 'utf8')))).toEqual([]);
  });

  it('does reach the contract (so the check above looks at real imports)', () => {
    const files = filesUnder(path.join(root, 'src-renderer'), ['.ts', '.svelte']);
    const contractImports = files.filter((f) =>
      importsOf(fs.readFileSync(f, 'utf8')).some((i) => i.specifier.endsWith('src-main/api/lab-api')),
    );
    expect(contractImports.length).toBeGreaterThan(5);
  });

  it('recognises the imports it forbids (so the checks above can fail)', () => {
    // Probes are checked as if they sat in src-renderer/lib (nothing is written there).
    const probe = (name: string, text: string): string[] => offendersIn(path.join(root, 'src-renderer', 'lib', name), text);
    expect(probe('a.ts', "import { LAB_API_VERSION } from '../../src-main/api/lab-api';")).toHaveLength(1);
    expect(probe('b.ts', "import { parseApiCall } from '../../src-main/api/api-schemas';")).toHaveLength(1);
    expect(probe('c.ts', "import type { Workspace } from '../../src-main/workspace/workspace';")).toHaveLength(1);
    expect(probe('d.ts', "import { ipcRenderer } from 'electron';")).toHaveLength(1);
    expect(probe('e.ts', "const fs = require('node:fs');")).toHaveLength(1);
    expect(probe('f.ts', "const m = await import('../../src-main/engine-host/orchestrator');")).toHaveLength(1);
    expect(probe('g.ts', "import { type LabApi, BRIDGE_GLOBAL } from '../../src-main/api/lab-api';")).toHaveLength(1);
    expect(
      probe('h.svelte', '<script lang="ts">\n  import { openWorkspace } from \'../../src-main/workspace/workspace\';\n</script>\n<p>x</p>'),
    ).toHaveLength(1);
    expect(probe('i.ts', "import type { LabApi } from '../../src-main/api/lab-api';")).toEqual([]);
    expect(probe('j.ts', "import { type LabApi, type LabEvent } from '../../src-main/api/lab-api';")).toEqual([]);
    expect(probe('l.ts', "import { modalityColour } from '../../src-main/api/modality-colours';")).toEqual([]);
    expect(probe('k.ts', "/* we import nothing from '../../src-main/lab' */\n// import x from 'electron'\nconst u = 'ws://h';")).toEqual(
      [],
    );
  });
});
