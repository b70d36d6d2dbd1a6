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
