import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesUnder, repoRoot } from './source-files';

/*
 * The layers of native/, checked on the source and build text so a crossed beam fails CI:
 *   core      portable C++: data, the CPU trainer, the metrics every backend reports, limits
 *   cuda      the CUDA backend, built on the core
 *   dispatch  above both: batching, grouping and the choice of backend for each run
 *   binding   the Node-API addon, above everything
 * A quoted #include may reach only its own folder and the folders below it; the core's CMake
 * target has only core/ on its include path and links nothing of the layers above; and the core
 * builds into a program linked with nothing else (core_alone_check in native_checks).
 */

const NATIVE = path.join(repoRoot, 'native');
const SOURCE_EXTENSIONS = ['.h', '.cpp', '.cu', '.cuh'];

/** Folders each layer's quoted includes may reach (besides the including file's own folder). */
const LAYERS: Record<string, string[]> = {
  core: ['core'],
  cuda: ['cuda', 'cuda/emulation', 'core'],
  dispatch: ['dispatch', 'core', 'cuda'],
  binding: ['binding', 'dispatch', 'core', 'cuda'],
};

/** Headers of Node and of CUDA, and the one layer that may include each kind. */
const NODE_HEADERS = /^(napi\.h|node_api\.h|node\.h)$/;
const CUDA_HEADERS = /^(cuda_runtime\.h|cuda\.h|cuda_runtime_api\.h|cuda_fp16\.h|mma\.h|cublas.*\.h)$/;
function foreignHeader(layer: string, name: string): boolean {
  return (NODE_HEADERS.test(name) && layer !== 'binding') || (CUDA_HEADERS.test(name) && layer !== 'cuda');
}

function includesOf(file: string): { name: string; quoted: boolean }[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*#\s*include\s*([<"])([^>"]+)[>"]/gm)].map((m) => ({ name: m[2] ?? '', quoted: m[1] === '"' }));
}

/** Each include of a file in `layer` that reaches outside the folders the layer may use, in words. */
function layerViolations(files: string[], layer: string, root: string = NATIVE): string[] {
  const allowed = LAYERS[layer] ?? [];
  const others = Object.keys(LAYERS).filter((folder) => !allowed.includes(folder));
  const layerOf = (file: string): string => path.relative(root, file).split(path.sep)[0] ?? '';
  const problems: string[] = [];
  for (const file of files) {
    const where = path.relative(root, file);
    for (const { name, quoted } of includesOf(file)) {
      if (foreignHeader(layer, path.basename(name))) {
        problems.push(quoted ? `${where} includes "${name}"` : `${where} includes <${name}>`);
        continue;
      }
      if (!quoted) continue;
      const beside = path.resolve(path.dirname(file), name);
      if (fs.existsSync(beside)) {
        if (others.includes(layerOf(beside))) problems.push(`${where} includes ${path.relative(root, beside)}`);
        continue;
      }
      if (allowed.some((folder) => fs.existsSync(path.join(root, folder, name)))) continue;
      const foreign = others.find((folder) => fs.existsSync(path.join(root, folder, name)));
      problems.push(foreign ? `${where} includes ${foreign}/${name}` : `${where} includes "${name}", found nowhere`);
    }
  }
  return problems;
}

/** The arguments of every `command(target ...)` call in the CMake files, keywords dropped. */
function cmakeArguments(text: string, command: string, target: string): string[] {
  const keywords = new Set(['PUBLIC', 'PRIVATE', 'INTERFACE', 'BEFORE', 'AFTER', 'SYSTEM']);
  const calls = [...text.matchAll(new RegExp(`${command}\\(\\s*${target}\\s+([^)]*)\\)`, 'g'))];
  return calls.flatMap((m) => (m[1] ?? '').split(/\s+/)).filter((arg) => arg && !keywords.has(arg));
}

const cmakeText = [path.join(NATIVE, 'CMakeLists.txt'), ...filesUnder(NATIVE, ['.cmake'])]
  .map((file) => fs.readFileSync(file, 'utf8'))
  .join('\n');

describe('the layers of native/', () => {
  for (const layer of Object.keys(LAYERS)) {
    it(`keeps ${layer}/ to its own folder and the layers below it`, () => {
      const files = filesUnder(path.join(NATIVE, layer), SOURCE_EXTENSIONS);
      expect(files.length).toBeGreaterThan(layer === 'dispatch' ? 2 : 5);
      expect(layerViolations(files, layer)).toEqual([]);
    });
  }

  it('gives the core target only core/ on its include path and nothing of cuda/ or dispatch/ to link', () => {
    expect(cmakeArguments(cmakeText, 'target_include_directories', 'modcomp_core')).toEqual(['core']);
    expect(cmakeArguments(cmakeText, 'target_link_libraries', 'modcomp_core')).toEqual(['Threads::Threads']);
    // The backend and the dispatch layer build on the core, never the other way round.
    expect(cmakeArguments(cmakeText, 'target_link_libraries', 'modcomp_cuda')).toContain('modcomp_core');
    expect(cmakeArguments(cmakeText, 'target_link_libraries', 'modcomp_dispatch')).toEqual(['modcomp_core', 'modcomp_cuda']);
  });

  it('finds a crossed include or a wider core target (so the checks above can fail)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mcl-native-layers-'));
    for (const folder of Object.keys(LAYERS)) fs.mkdirSync(path.join(root, folder));
    fs.writeFileSync(path.join(root, 'cuda', 'cuda_backend.h'), '#pragma once\n');
    fs.writeFileSync(path.join(root, 'dispatch', 'engine.h'), '#pragma once\n');
    const probe = path.join(root, 'core', 'engine.cpp');
    fs.writeFileSync(probe, '#include "cuda_backend.h"\n#include "../dispatch/engine.h"\n#include <cuda_runtime.h>\n');
    expect(layerViolations([probe], 'core', root)).toEqual([
      'core/engine.cpp includes cuda/cuda_backend.h',
      'core/engine.cpp includes dispatch/engine.h',
      'core/engine.cpp includes <cuda_runtime.h>',
    ]);
    const crossed = 'target_include_directories(modcomp_core PUBLIC core cuda)\ntarget_link_libraries(modcomp_core PUBLIC modcomp_cuda)';
    expect(cmakeArguments(crossed, 'target_include_directories', 'modcomp_core')).toEqual(['core', 'cuda']);
    expect(cmakeArguments(crossed, 'target_link_libraries', 'modcomp_core')).toEqual(['modcomp_cuda']);
  });

  it('links the core into a program of its own, which trains a run', () => {
    const check = path.join(repoRoot, 'build', 'native-checks', 'core_alone_check');
    if (!fs.existsSync(check)) throw new Error(`${check} is missing: run npm run build:native-checks`);
    const result = spawnSync(check, [], { encoding: 'utf8', timeout: 60_000 });
    expect(`${result.stdout}${result.stderr}`).toMatch(/^ok {3}core alone: 3 modes trained/);
    expect(result.status).toBe(0);
  });
});
