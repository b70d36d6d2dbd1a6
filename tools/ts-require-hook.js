'use strict';
// Lets a plain `node` process require the TypeScript sources directly (tests, and the engine
// host forked from them), by transpiling each .ts file on load with the project's typescript.
// Type errors are not checked here: `npm run typecheck` does that. Production runs dist/ instead.
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, sourceMap: false },
  });
  module._compile(outputText, filename);
};
