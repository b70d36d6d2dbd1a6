import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, repoRoot } from './source-files';

/*
 * The layering rules of the design, checked on the source text so a violation fails CI:
 * - the engine core (native/core) knows nothing of Node or CUDA, so it builds and tests alone
 *   and the CUDA backend can implement the same interface;
 * - the lab core (src-main) never imports `electron`: the CLI, the lab server and the tests run
 *   it in plain Node (src-main/electron-shell is the one exception).
 */

const root = repoRoot;

function offenders(files: string[], pattern: RegExp): string[] {
  return files.filter((file) => pattern.test(fs.readFileSync(file, 'utf8'))).map((file) => path.relative(root, file));
}

describe('architecture boundaries', () => {
  it('keeps Node-API and CUDA out of the engine core', () => {
    const core = filesUnder(path.join(root, 'native', 'core'), ['.h', '.cpp']);
    expect(core.length).toBeGreaterThan(10);
    expect(offenders(core, /#include\s*[<"](napi\.h|node_api\.h|cuda_runtime\.h|cuda\.h)[>"]/)).toEqual([]);
  });

  it('keeps electron out of the lab core', () => {
    const sources = filesUnder(path.join(root, 'src-main'), ['.ts']).filter(
      (file) => !file.includes(`${path.sep}electron-shell${path.sep}`),
    );
    expect(sources.length).toBeGreaterThan(20);
    expect(offenders(sources, /(from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\))/)).toEqual([]);
  });

  it('recognises the patterns it looks for (so the checks above can fail)', () => {
    const probe = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mcl-arch-')), 'probe.ts');
    fs.writeFileSync(probe, "import { app } from 'electron';\n");
    expect(offenders([probe], /(from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\))/)).toHaveLength(1);
    fs.writeFileSync(probe, '#include <napi.h>\n');
    expect(offenders([probe], /#include\s*[<"](napi\.h|node_api\.h|cuda_runtime\.h|cuda\.h)[>"]/)).toHaveLength(1);
  });
});
