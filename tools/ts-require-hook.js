'use strict';
// Lets a plain `node` process require the TypeScript sources directly (tests, and the engine
// host forked from them), by transpiling each .ts file on load with the project's typescript.
// Type errors are not checked here: `npm run typecheck` does that. Production runs dist/ instead.
//
// With MODCOMP_TS_CACHE naming a folder, each file's output is kept there under a hash of its
// path and source, and typescript is loaded only on a miss: a test that starts the same process
// many times (the soak test kills and restarts writers a hundred times) then pays the transpiling
// once instead of seconds of CPU per start.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const cacheDir = process.env.MODCOMP_TS_CACHE || null;
let ts = null;

function transpile(source, filename) {
  ts = ts || require('typescript');
  return ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
  }).outputText;
}

function cachedTranspile(source, filename) {
  const key = crypto.createHash('sha256').update(filename).update('\0').update(source).digest('hex');
  const file = path.join(cacheDir, `${key}.js`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    const output = transpile(source, filename);
    // Written under a private name and renamed: a process killed part-way leaves no half file.
    const partial = `${file}.${process.pid}`;
    fs.writeFileSync(partial, output);
    fs.renameSync(partial, file);
    return output;
  }
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  module._compile(cacheDir ? cachedTranspile(source, filename) : transpile(source, filename), filename);
};
