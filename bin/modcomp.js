#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is written in TypeScript and compiled to dist/ by `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'dist', 'src-main', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('modcomp: the CLI is not built yet; run `npm run build` first.\n');
  process.exit(2);
}
// A reader that stops early (`modcomp list | head`) closes the pipe. Drop the rest of the output
// and let the command finish, so a run being recorded is still recorded, instead of dying on an
// unhandled EPIPE with a stack trace.
process.stdout.on('error', (err) => {
  if (err.code !== 'EPIPE') throw err;
});
require(entry)
  .main(process.argv.slice(2))
  .then(
    // Exit only once stdout has drained: a large --json report to a pipe is written
    // asynchronously, and exiting at once would cut it short.
    (code) => process.stdout.write('', () => process.exit(code)),
    (err) => {
      process.stderr.write(`modcomp: ${err && err.message ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
