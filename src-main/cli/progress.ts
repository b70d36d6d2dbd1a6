/**
 * Training progress on a terminal: one bar over all modes (their steps added up) with an ETA.
 * Without a TTY nothing is drawn, so logs and pipes stay clean.
 */
import { SingleBar } from 'cli-progress';
import type { NativeProgress } from '../engine/native-types';

export interface ProgressDisplay {
  update(progress: NativeProgress): void;
  stop(): void;
}

const SILENT: ProgressDisplay = { update: () => {}, stop: () => {} };

export function createProgress(stream: NodeJS.WriteStream | null, totalSteps: number): ProgressDisplay {
  if (!stream) return SILENT;
  const bar = new SingleBar({
    stream,
    format: 'training [{bar}] {percentage}% | {value}/{total} steps | ETA {eta_formatted} | {mode}',
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
  });
  bar.start(totalSteps, 0, { mode: '' });
  const doneByMode = new Map<string, number>();
  return {
    update(progress) {
      doneByMode.set(`${progress.runIndex}/${progress.mode}`, progress.stepsDone);
      let done = 0;
      for (const value of doneByMode.values()) done += value;
      bar.update(Math.min(done, totalSteps), { mode: progress.mode });
    },
    stop() {
      bar.stop();
    },
  };
}
