/**
 * `modcomp config`: with no configuration given, the settings table (text, Markdown or JSON);
 * with a preset, file or --set, the resolved configuration and its hash.
 */
import { configHash } from '../config/hash';
import { fieldTable, formatFieldTable } from '../config/fields';
import { resolveConfig } from '../config/resolve';
import type { CliIo } from './cli-io';

export interface ConfigOptions {
  preset?: string;
  set: string[];
  markdown: boolean;
  json: boolean;
}

export function configCommand(configFile: string | undefined, opts: ConfigOptions, io: CliIo): number {
  const resolving = configFile !== undefined || opts.preset !== undefined || opts.set.length > 0;
  if (!resolving) {
    if (opts.json) io.out(JSON.stringify(fieldTable(), null, 2) + '\n');
    else io.out(formatFieldTable(opts.markdown ? 'markdown' : 'text'));
    return 0;
  }
  const { config, notes } = resolveConfig({ preset: opts.preset, configFile, sets: opts.set });
  for (const text of notes) io.err(`modcomp: note: ${text}\n`);
  const hash = configHash(config);
  if (opts.json) {
    io.out(JSON.stringify({ configHash: hash, config }, null, 2) + '\n');
  } else {
    // Plain output is a valid config file that `modcomp run FILE` reads back; the hash goes aside.
    io.out(JSON.stringify(config, null, 2) + '\n');
    io.err(`modcomp: note: config hash ${hash}\n`);
  }
  return 0;
}
