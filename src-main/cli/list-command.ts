/** `modcomp list`: the runs (or with --sweeps, the sweeps) of a workspace. */
import type { RunStatus } from '../workspace/run-types';
import { RUN_STATUSES } from '../workspace/run-types';
import type { CliIo } from './cli-io';
import { UsageError } from './usage-error';
import { withWorkspace } from './workspace-option';

export interface ListOptions {
  workspace?: string;
  sweeps: boolean;
  sweep?: string;
  status?: string;
  tag?: string;
  experiment?: string;
  limit?: number;
  json: boolean;
}

export async function listCommand(opts: ListOptions, io: CliIo): Promise<number> {
  if (opts.status !== undefined && !(RUN_STATUSES as readonly string[]).includes(opts.status)) {
    throw new UsageError(`--status must be one of ${RUN_STATUSES.join(', ')}, got "${opts.status}"`);
  }
  if (opts.sweep !== undefined && !/^\d+$/.test(opts.sweep)) throw new UsageError(`--sweep needs a sweep id, got "${opts.sweep}"`);
  return withWorkspace(opts.workspace, 'existing', (ws) => {
    if (opts.sweeps) {
      const sweeps = ws.listSweeps().map((s) => ({ ...s, counts: ws.countRuns({ sweepId: s.id }) }));
      if (opts.json)
        io.out(
          JSON.stringify(
            sweeps.map(({ spec: _spec, ...rest }) => rest),
            null,
            2,
          ) + '\n',
        );
      else {
        io.out('id\tname\tcells\tseeds\truns by status\tcreated\n');
        for (const s of sweeps) {
          const counts =
            Object.entries(s.counts)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ') || 'none';
          io.out(`${s.id}\t${s.name}\t${s.cellCount}\t${s.seeds}\t${counts}\t${s.createdAt}\n`);
        }
      }
      return 0;
    }
    const runs = ws.listRuns({
      sweepId: opts.sweep === undefined ? undefined : Number(opts.sweep),
      status: opts.status as RunStatus | undefined,
      tag: opts.tag,
      experiment: opts.experiment,
      limit: opts.limit,
    });
    if (opts.json) io.out(JSON.stringify(runs, null, 2) + '\n');
    else {
      io.out('id\tstatus\tseed\tsweep\tcreated\ttags\terror\n');
      for (const r of runs) {
        io.out(`${r.id}\t${r.status}\t${r.seed}\t${r.sweepId ?? '-'}\t${r.createdAt}\t${r.tags.join(',')}\t${r.error ?? ''}\n`);
      }
    }
    return 0;
  });
}
