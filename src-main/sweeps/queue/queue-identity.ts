/**
 * Names shared by the coordinator, the workers and the lab: the BullMQ queue's name, each
 * batch's job id (derived from the sweep and its runs' identities, so enqueueing a batch twice
 * adds it once and a resumed coordinator finds the batches that finished while it was away),
 * and the versions both sides compare before any run trains.
 */
import { createHash } from 'node:crypto';
import { schemaHash } from '../../config/schema-hash';
import { loadNativeAddon } from '../../engine/native-loader';

export const QUEUE_NAME = 'modcomp-sweeps';
/** Prefix of the keys in which workers announce themselves (one key each, expiring). */
export const WORKER_KEY_PREFIX = 'modcomp:workers:';

/** BullMQ job ids may not contain ':'; run keys do (configHash:seed), so they are hashed. */
export function batchJobId(specHash: string, runKeys: string[]): string {
  const runs = createHash('sha256').update(runKeys.join(',')).digest('hex').slice(0, 24);
  return `sweep-${specHash.slice(0, 16)}-${runs}`;
}

export interface Versions {
  engine: string;
  schema: string;
}

/** This process's engine version (the native addon's) and schema hash. */
export function localVersions(): Versions {
  return { engine: loadNativeAddon().version(), schema: schemaHash() };
}

/** Null when both sides agree; otherwise the sentence a worker refuses a batch with. */
export function versionSkew(worker: Versions, coordinator: Versions): string | null {
  if (worker.engine === coordinator.engine && worker.schema === coordinator.schema) return null;
  return (
    `version skew: this worker has engine ${worker.engine} and schema ${worker.schema}, ` +
    `the coordinator has engine ${coordinator.engine} and schema ${coordinator.schema}; ` +
    'run the same build of the lab on both'
  );
}
