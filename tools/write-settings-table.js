#!/usr/bin/env node
'use strict';
// Rewrites the settings table of the science page (docs/science.md, the first table under
// "## Settings") with what `modcomp config --markdown` prints, so a changed setting reaches the
// docs in one step. tests/docs/settings-table.test.ts fails while the two differ.
//
// Usage: npm run docs:settings (after npm run build, which compiles the CLI)
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const page = path.join(root, 'docs', 'science.md');
const HEADING = '## Settings';

const table = execFileSync(process.execPath, [path.join(root, 'bin', 'modcomp.js'), 'config', '--markdown'], { encoding: 'utf8' });
const lines = fs.readFileSync(page, 'utf8').split('\n');
const heading = lines.indexOf(HEADING);
const start = lines.findIndex((line, i) => i > heading && line.startsWith('|'));
if (heading < 0 || start < 0) {
  process.stderr.write(`${path.relative(root, page)} has no table under "${HEADING}"; add the heading and a table to replace.\n`);
  process.exit(1);
}
let end = start;
while (end < lines.length && lines[end].startsWith('|')) end++;
lines.splice(start, end - start, ...table.trimEnd().split('\n'));
fs.writeFileSync(page, lines.join('\n'));
process.stdout.write(`${path.relative(root, page)}: settings table rewritten (${table.trimEnd().split('\n').length - 2} settings)\n`);
