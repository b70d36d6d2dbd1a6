#!/usr/bin/env node
/*
 * Formats the addon's C++ and CUDA sources with the pinned clang-format (the npm package carries
 * its own binary, so every machine formats alike). `--check` lists the files that differ and
 * fails; without it the files are rewritten. Only tracked files are touched, so build trees and
 * downloaded headers never are.
 */
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const check = process.argv.includes('--check');
const clangFormat = path.join(root, 'node_modules', '.bin', 'clang-format');

const files = execFileSync('git', ['ls-files', '-z', '--', '*.cpp', '*.h', '*.cu', '*.cuh'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);

const args = check ? ['--dry-run', '--Werror', '--style=file', ...files] : ['-i', '--style=file', ...files];
const result = spawnSync(clangFormat, args, { cwd: root, encoding: 'utf8' });
if (result.error) {
  console.error(`format-native: cannot run clang-format (${result.error.message}); run npm ci first`);
  process.exit(2);
}
if (result.status !== 0) {
  const differing = [...new Set([...result.stderr.matchAll(/^(\S+?):\d+:\d+: error/gm)].map((m) => m[1]))];
  if (check && differing.length > 0) {
    console.error(`${differing.length} C++/CUDA file(s) not formatted (run npm run format):\n  ${differing.join('\n  ')}`);
  } else {
    process.stderr.write(result.stderr);
  }
  process.exit(1);
}
if (!check) console.log(`formatted ${files.length} C++/CUDA files`);
