#!/usr/bin/env node
'use strict';
// Runs the Electron security scan (@doyensec/electronegativity) over the Electron shell's
// sources and fails when a HIGH or MEDIUM finding is not explained in
// electronegativity-allow.json, when an allow-list entry no longer matches any finding (so the
// list cannot rot), or when a source file could not be parsed (it would go unscanned).
// Writes every finding, whatever its severity, to test-output/electronegativity.csv.
//
// The scanner is called through its programmatic API: its command line in 1.10.3 breaks on the
// commander version installed here (it does not declare commander as a dependency). The check
// that fetches Electron's release list from the network is left out: it needs internet and it
// reports upgrade availability, not a misconfiguration.
//
// Usage: node tools/check-electronegativity.js [--input DIR] [--allow FILE] [--out FILE]
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const GATED = new Set(['HIGH', 'MEDIUM']);

function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at > 0 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]) : fallback;
}

/** Reads and checks the allow-list: each entry names a check, a file and a written reason. */
function readAllowList(file) {
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (!data || !Array.isArray(data.allowed)) throw new Error(`${file}: expected {"allowed": [...]}`);
  return data.allowed.map((entry, i) => {
    const where = `${file}: allowed[${i}]`;
    if (!entry || typeof entry !== 'object') throw new Error(`${where} is not an object`);
    for (const key of ['check', 'file', 'reason']) {
      if (typeof entry[key] !== 'string' || entry[key].trim() === '') throw new Error(`${where} needs a "${key}" string`);
    }
    if (entry.reason.trim().length < 40) throw new Error(`${where} (${entry.check}): the reason must explain why, in a sentence or more`);
    return { check: entry.check, file: entry.file.split(path.sep).join('/'), reason: entry.reason };
  });
}

/** Splits findings into explained and unexplained, and lists allow entries that match nothing. */
function judge(issues, allowed) {
  const used = new Set();
  const unexplained = [];
  for (const issue of issues) {
    if (!GATED.has(issue.severity)) continue;
    const index = allowed.findIndex((a) => a.check === issue.check && a.file === issue.file);
    if (index < 0) unexplained.push(issue);
    else used.add(index);
  }
  const stale = allowed.filter((_, i) => !used.has(i));
  return { unexplained, stale };
}

async function main() {
  const input = option('--input', path.join(root, 'src-main', 'electron-shell'));
  const allowFile = option('--allow', path.join(root, 'electronegativity-allow.json'));
  const out = option('--out', path.join(root, 'test-output', 'electronegativity.csv'));
  const electronVersion = require(path.join(root, 'node_modules', 'electron', 'package.json')).version;
  const allowed = readAllowList(allowFile);
  fs.mkdirSync(path.dirname(out), { recursive: true });

  const scan = require('@doyensec/electronegativity');
  const result = await scan({
    input,
    output: out,
    isRelative: true,
    electronVersionOverride: electronVersion,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  });
  const parseFailures = result.errors.filter((e) => !e.tolerable);
  const issues = result.issues.map((i) => ({
    check: i.id,
    severity: i.severity.name,
    confidence: i.confidence.name,
    file: String(i.file).split(path.sep).join('/'),
    line: i.location.line,
    description: i.description,
  }));
  const { unexplained, stale } = judge(issues, allowed);

  console.log(
    `electronegativity: ${result.globalChecks + result.atomicChecks} checks over ${path.relative(root, input)} (Electron ${electronVersion}); ` +
      `${issues.length} finding(s), ${issues.filter((i) => GATED.has(i.severity)).length} HIGH/MEDIUM; report: ${path.relative(root, out)}`,
  );
  for (const issue of issues) {
    const status = !GATED.has(issue.severity) ? 'not gated' : unexplained.includes(issue) ? 'UNEXPLAINED' : 'explained';
    console.log(`  ${issue.severity.padEnd(13)} ${issue.check.padEnd(32)} ${issue.file}:${issue.line}  [${status}]`);
  }
  let failed = false;
  for (const e of parseFailures) {
    failed = true;
    console.error(`could not parse ${e.file} (it was not scanned): ${e.message}`);
  }
  for (const issue of unexplained) {
    failed = true;
    console.error(`unexplained ${issue.severity} finding ${issue.check} in ${issue.file}:${issue.line}: ${issue.description}`);
  }
  for (const entry of stale) {
    failed = true;
    console.error(`allow-list entry ${entry.check} for ${entry.file} matches no finding any more: remove it`);
  }
  if (failed) {
    console.error(`fix the code, or explain the finding in ${path.relative(root, allowFile)}`);
    process.exitCode = 1;
  } else {
    console.log('no unexplained HIGH or MEDIUM findings');
  }
}

module.exports = { readAllowList, judge };

if (require.main === module) {
  main().catch((err) => {
    console.error(`electronegativity scan failed: ${err && err.message ? err.message : err}`);
    process.exitCode = 1;
  });
}
