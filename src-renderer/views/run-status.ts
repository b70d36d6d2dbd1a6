/** Small facts about a run's status shared by the views. */
import type { RunRow } from '../../src-main/api/lab-api';

export function isActive(status: RunRow['status'] | undefined): boolean {
  return status === 'running' || status === 'queued';
}

export function percent(value: number | null): string {
  return value === null ? '-' : `${(value * 100).toFixed(1)}%`;
}

export function signedPoints(value: number | null): string {
  return value === null ? '-' : `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)} pts`;
}

/**
 * Which mode trains now, in words: "training unimodal:0, step 1200 of 4000; done: joint;
 * waiting: unimodal:1". A run trains its modes one after another, so while the joint run's
 * records are all in, a unimodal mode may still be training.
 */
export function trainingStatus(
  modes: readonly string[],
  progress: Readonly<Record<string, { stepsDone: number; stepsTotal: number }>>,
): string {
  const done: string[] = [];
  const training: string[] = [];
  const waiting: string[] = [];
  for (const mode of modes) {
    const p = progress[mode];
    if (!p || p.stepsDone === 0) waiting.push(mode);
    else if (p.stepsDone >= p.stepsTotal) done.push(mode);
    else training.push(`${mode}, step ${p.stepsDone} of ${p.stepsTotal}`);
  }
  const parts = [
    training.length ? `training ${training.join('; ')}` : '',
    done.length ? `done: ${done.join(', ')}` : '',
    waiting.length ? `waiting: ${waiting.join(', ')}` : '',
  ];
  return parts.filter(Boolean).join('; ');
}
