/**
 * A second lab process for the ownership tests: it opens the workspace from the TypeScript
 * sources, takes runs (and optionally a sweep) as any recorder would, prints what it holds as
 * one JSON line, and then stays alive, holding them, until the test kills it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from '../lab/cli-from-source';

const HOOK = path.join(ROOT, 'tools', 'ts-require-hook.js');

export interface HeldByChild {
  child: ChildProcess;
  pid: number;
  runIds: number[];
  sweepId: number | null;
  kill(): Promise<void>;
}

/** `runs` running runs, and when `sweepSpec` is given, that sweep claimed with its runs. */
export function startHolder(file: string, options: { runs?: number; sweepSpec?: unknown }): Promise<HeldByChild> {
  const script = `
    const { Workspace } = require(${JSON.stringify(path.join(ROOT, 'src-main/workspace/workspace.ts'))});
    const { planSweep } = require(${JSON.stringify(path.join(ROOT, 'src-main/sweeps/sweep-spec.ts'))});
    const { ensurePlannedSweep } = require(${JSON.stringify(path.join(ROOT, 'src-main/sweeps/sweep-runner.ts'))});
    const options = JSON.parse(process.argv[1]);
    const ws = Workspace.open(options.file);
    let sweepId = null;
    const runIds = [];
    if (options.sweepSpec) {
      const plan = planSweep(options.sweepSpec, 'spec');
      const { sweep } = ensurePlannedSweep(ws, plan);
      ws.claimSweep(sweep.id);
      sweepId = sweep.id;
      const ids = ws.createRunsIfAbsent(plan.runs.slice(0, 2).map((r) => ({ config: r.config, configHash: r.configHash, seed: r.seed, backend: 'cpu', status: 'running', sweepId, cellIndex: r.cellIndex })));
      runIds.push(...ids.filter((id) => id !== null));
    }
    for (let i = 0; i < (options.runs || 0); i++) runIds.push(ws.createRun({ config: {}, configHash: 'held', seed: i, backend: 'cpu', status: 'running' }));
    process.stdout.write(JSON.stringify({ runIds, sweepId }) + '\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--require', HOOK, '-e', script, JSON.stringify({ file, ...options })], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('\n')) return;
      const held = JSON.parse(out.split('\n')[0] as string) as { runIds: number[]; sweepId: number | null };
      resolve({
        child,
        pid: child.pid as number,
        ...held,
        kill: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`the holder process exited (${code}) before holding anything: ${err}`)));
  });
}
