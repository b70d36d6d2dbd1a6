/**
 * What travels through Redis for one batch: the coordinator's job (the runs' resolved
 * configurations, keyed by run identity, and the versions it was written under) and the worker's
 * answer (one outcome per run). A run's result keeps what the sweep records (summary inputs and
 * the scalar series, exactly: typed arrays travel as their bytes in base64); the final weights
 * and per-neuron alignments, which a sweep never stores, stay on the worker.
 */
import type { NativeRunResult, NativeSeries } from '../../engine/native-types';
import type { WorkResult } from '../sweep-executor';

export const WIRE_VERSION = 1;

export interface BatchJobData {
  wire: number;
  /** The sweep's spec hash and name, so a worker's log says whose batch it trains. */
  sweep: { specHash: string; name: string };
  /** The coordinator's engine version and schema hash: a worker with others refuses the batch. */
  engine: string;
  schema: string;
  /** Where the sweep asked to train (the worker's own --backend decides where it does). */
  backend: 'cpu' | 'cuda';
  /** Largest answer, in bytes, the coordinator accepts for this batch. */
  maxResultBytes: number;
  items: { key: string; config: unknown }[];
}

interface WireSeries {
  K: number;
  m: number;
  steps: string;
  scalarNames: string[];
  scalars: string;
}

type WireRun = Omit<NativeRunResult, 'modes'> & {
  modes: (Omit<NativeRunResult['modes'][number], 'series' | 'weights'> & { series: WireSeries })[];
};

export type WireOutcome =
  /** `result`: the WireRun as JSON in which NaN and the infinities survive (see exactJson). */
  { key: string; status: 'finished'; backend: string; result: string } | { key: string; status: 'failed' | 'cancelled'; error: string };

export interface BatchAnswer {
  wire: number;
  worker: string;
  outcomes: WireOutcome[];
}

function base64Of(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');
}

function typedFromBase64<T>(text: string, make: (ab: ArrayBuffer) => T): T {
  const bytes = Buffer.from(text, 'base64');
  const ab = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(ab).set(bytes);
  return make(ab);
}

function seriesToWire(s: NativeSeries): WireSeries {
  return { K: s.K, m: s.m, steps: base64Of(s.steps), scalarNames: s.scalarNames, scalars: base64Of(s.scalars) };
}

function seriesFromWire(s: WireSeries): NativeSeries {
  return {
    K: s.K,
    m: s.m,
    steps: typedFromBase64(s.steps, (ab) => new Int32Array(ab)),
    scalarNames: s.scalarNames,
    scalars: typedFromBase64(s.scalars, (ab) => new Float64Array(ab)),
    alignments: new Float32Array(0),
  };
}

/**
 * JSON keeps no NaN or infinity (it writes null), yet the engine reports NaN for what a mode
 * does not train and the summaries read it; such numbers travel as {"$nf": "NaN"}.
 */
function exactJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? { $nf: String(v) } : v));
}

/**
 * Puts the tagged numbers back. A walk over the parsed objects, not a JSON.parse reviver: the
 * reviver is called for every value, and made the coordinator's parsing its slowest step.
 */
function restoreNonFinite(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) value[i] = restoreNonFinite(item);
    }
    return value;
  }
  if (isObject(value)) {
    if (typeof value.$nf === 'string' && Object.keys(value).length === 1) return Number(value.$nf);
    for (const key of Object.keys(value)) {
      const item = value[key];
      if (typeof item === 'object' && item !== null) value[key] = restoreNonFinite(item);
    }
  }
  return value;
}

function fromExactJson(text: string): unknown {
  return restoreNonFinite(JSON.parse(text));
}

export function outcomeToWire(outcome: WorkResult, backend: string): WireOutcome {
  if (outcome.status !== 'finished') return outcome;
  const { modes, ...rest } = outcome.result;
  return {
    key: outcome.key,
    status: 'finished',
    backend,
    result: exactJson({
      ...rest,
      modes: modes.map(({ series, weights: _weights, ...mode }) => ({ ...mode, series: seriesToWire(series) })),
    } satisfies WireRun),
  };
}

export function outcomeFromWire(outcome: WireOutcome): WorkResult & { backend?: string } {
  if (outcome.status !== 'finished') return outcome;
  const { modes, ...rest } = fromExactJson(outcome.result) as WireRun;
  return {
    key: outcome.key,
    status: 'finished',
    backend: outcome.backend,
    result: { ...rest, modes: modes.map((mode) => ({ ...mode, series: seriesFromWire(mode.series), weights: [] })) },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a job's data before a worker trusts any of it; the reason names what is wrong. */
export function parseBatchJob(data: unknown): BatchJobData {
  if (!isObject(data)) throw new Error('the batch is not an object');
  if (data.wire !== WIRE_VERSION) throw new Error(`the batch is in wire format ${String(data.wire)}, this worker reads ${WIRE_VERSION}`);
  const sweep = data.sweep;
  if (!isObject(sweep) || typeof sweep.specHash !== 'string' || typeof sweep.name !== 'string') throw new Error('the batch names no sweep');
  if (typeof data.engine !== 'string' || typeof data.schema !== 'string')
    throw new Error('the batch names no engine version or schema hash');
  if (data.backend !== 'cpu' && data.backend !== 'cuda') throw new Error('the batch names no backend (cpu or cuda)');
  if (typeof data.maxResultBytes !== 'number' || !(data.maxResultBytes > 0)) throw new Error('the batch states no result size cap');
  const items = data.items;
  if (!Array.isArray(items) || items.length === 0) throw new Error('the batch holds no runs');
  for (const item of items) {
    if (!isObject(item) || typeof item.key !== 'string' || !isObject(item.config))
      throw new Error('a run of the batch has no key or configuration');
  }
  return data as unknown as BatchJobData;
}

/** Checks a worker's answer against the batch it was given (same runs, known statuses). */
export function parseBatchAnswer(value: unknown, keys: string[]): BatchAnswer {
  if (!isObject(value) || value.wire !== WIRE_VERSION || !Array.isArray(value.outcomes)) {
    const shown =
      value === null || value === undefined
        ? String(value)
        : typeof value === 'object'
          ? `an object with ${Object.keys(value).slice(0, 5).join(', ') || 'no keys'}`
          : typeof value;
    throw new Error(`the worker sent an answer in an unknown format (${shown})`);
  }
  const known = new Set(keys);
  for (const outcome of value.outcomes as unknown[]) {
    if (!isObject(outcome) || typeof outcome.key !== 'string' || !known.has(outcome.key))
      throw new Error('the worker answered for a run that is not in the batch');
    if (outcome.status === 'finished') {
      if (typeof outcome.result !== 'string') throw new Error(`the worker sent no result for run ${outcome.key}`);
      let run: unknown;
      try {
        run = fromExactJson(outcome.result);
      } catch {
        throw new Error(`the worker's result for run ${outcome.key} is not JSON`);
      }
      if (!isObject(run) || !Array.isArray(run.modes)) throw new Error(`the worker sent no result for run ${outcome.key}`);
    } else if ((outcome.status !== 'failed' && outcome.status !== 'cancelled') || typeof outcome.error !== 'string') {
      throw new Error(`the worker sent an unknown outcome for run ${outcome.key}`);
    }
  }
  return {
    wire: WIRE_VERSION,
    worker: typeof value.worker === 'string' ? value.worker : 'a worker',
    outcomes: value.outcomes as WireOutcome[],
  };
}
