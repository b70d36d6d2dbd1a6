/**
 * Transpiles the fuzz child's TypeScript to CommonJS in a temporary folder (vitest transpiles
 * only the files it runs itself; a plain `node` child needs JavaScript). Type-only imports
 * vanish, so the child needs only the engine's limits table from src-main at run time.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';

const REPOSITORY_ROOT = path.resolve(__dirname, '../../..');
const CHILD_SOURCES = [
  'tests/support/seeded-random.ts',
  'src-main/engine/engine-limits.ts',
  ...fs
    .readdirSync(path.join(__dirname))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `tests/native/fuzz/${f}`),
];

/** Returns the path of the compiled entry script `run-fuzz.js`. */
export function compileFuzzChild(): string {
  const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'modcomp-fuzz-'));
  for (const relative of CHILD_SOURCES) {
    const source = fs.readFileSync(path.join(REPOSITORY_ROOT, relative), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: relative,
    });
    const outFile = path.join(outRoot, relative.replace(/\.ts$/, '.js'));
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, outputText);
  }
  return path.join(outRoot, 'tests/native/fuzz/run-fuzz.js');
}
