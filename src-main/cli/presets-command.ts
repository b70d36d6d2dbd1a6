/** `modcomp presets`: the named presets and what each one shows. */
import { PRESETS } from '../config/presets';
import type { CliIo } from './cli-io';

export function presetsCommand(opts: { json: boolean }, io: CliIo): number {
  if (opts.json) {
    io.out(JSON.stringify(PRESETS, null, 2) + '\n');
    return 0;
  }
  const width = Math.max(...PRESETS.map((p) => p.name.length));
  for (const preset of PRESETS) io.out(`${preset.name.padEnd(width)}  ${preset.description}\n`);
  io.out('\nUse one with `modcomp run --preset NAME`; `modcomp config --preset NAME` shows its settings.\n');
  return 0;
}
