/**
 * Training the sweeps of a long job one after another (the paper check's claims and maps, the
 * remedy comparison's arms), with one progress count over all their runs. Every sweep resumes:
 * runs finished by an earlier, interrupted job are kept, so running the job again continues it.
 */
import type { SweepExecutor } from '../sweeps/sweep-executor';
import { runSweep, type SweepProgress, type SweepReport } from '../sweeps/sweep-runner';
import type { SweepPlan } from '../sweeps/sweep-spec';
import type { Workspace } from '../workspace/workspace';

/** How far such a job is: the sweep it trains (1-based, of `sweeps`) and the runs of them all. */
export interface SweepsProgress {
  sweep: number;
  sweeps: number;
  key: string;
  /** Runs of the whole job: already finished before, trained now, failed. */
  total: number;
  done: number;
  failed: number;
}

export interface SweepsInTurnOptions {
  workspace: Workspace;
  sweeps: { key: string; plan: SweepPlan }[];
  executor: SweepExecutor;
  backend: 'cpu' | 'cuda';
  onProgress?: (progress: SweepsProgress) => void;
  /** Asked before each sweep: true stops the job there (its sweeps stay resumable). */
  stopped?: () => boolean;
}

/** The report of each sweep reached, in order, and whether the job stopped before its end. */
export async function trainSweepsInTurn(options: SweepsInTurnOptions): Promise<{ reports: SweepReport[]; cancelled: boolean }> {
  const { workspace, sweeps, executor, backend, onProgress, stopped } = options;
  const total = sweeps.reduce((n, s) => n + s.plan.runs.length, 0);
  const reports: SweepReport[] = [];
  let done = 0;
  let failed = 0;
  for (const [index, sweep] of sweeps.entries()) {
    if (stopped?.()) return { reports, cancelled: true };
    let last: SweepProgress | null = null;
    const report = await runSweep({
      workspace,
      plan: sweep.plan,
      executor,
      backend,
      resume: true,
      onProgress: (p) => {
        last = p;
        onProgress?.({
          sweep: index + 1,
          sweeps: sweeps.length,
          key: sweep.key,
          total,
          done: done + p.skipped + p.done,
          failed: failed + p.failed,
        });
      },
    });
    const final: Pick<SweepProgress, 'skipped' | 'done' | 'failed'> = last ?? { skipped: 0, done: 0, failed: 0 };
    done += final.skipped + final.done;
    failed += final.failed;
    reports.push(report);
    if (report.cancelled > 0) return { reports, cancelled: true };
  }
  return { reports, cancelled: false };
}
