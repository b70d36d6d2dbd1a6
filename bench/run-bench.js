#!/usr/bin/env node
'use strict';
// `npm run bench`: native engine vs the NumPy peer, side by side, from the compiled TypeScript.
//   npm run bench [-- --case NAME]... [--peer ID]... [--steps N] [--threads N] [--repeats R] [--no-history] [--json]
// Without --case it runs the default cases (paper-single, sweep); `large` runs only when named.
const path = require('node:path');
const fs = require('node:fs');

const entry = path.join(__dirname, '..', 'dist', 'src-main', 'bench', 'index.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('bench: the TypeScript is not built yet; run `npm run build:ts` first.\n');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { cases: [], peers: [], backend: 'cpu', json: false, history: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--case') opts.cases.push(value());
    else if (arg === '--backend') opts.backend = value();
    else if (arg === '--steps') opts.steps = Number(value());
    else if (arg === '--threads') opts.threads = Number(value());
    else if (arg === '--repeats') opts.repeats = Number(value());
    else if (arg === '--peer') opts.peers.push(value());
    else if (arg === '--no-history') opts.history = false;
    else if (arg === '--json') opts.json = true;
    else throw new Error(`unknown option ${arg} (known: --case, --peer, --backend, --steps, --threads, --repeats, --no-history, --json)`);
  }
  return opts;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
  opts.commandLine = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');
} catch (err) {
  process.stderr.write(`bench: ${err.message}\n`);
  process.exit(2);
}
require(entry)
  .runBenchCommand(opts)
  .then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`bench: ${err && err.stack ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
