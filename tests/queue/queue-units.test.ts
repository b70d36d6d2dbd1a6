/** The queue's pure parts: the --queue URL (and its masked form) and the batch wire format. */
import { describe, expect, it } from 'vitest';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import {
  outcomeFromWire,
  outcomeToWire,
  parseBatchAnswer,
  parseBatchJob,
  WIRE_VERSION,
  type WireOutcome,
} from '../../src-main/sweeps/queue/batch-wire';
import type { NativeRunResult } from '../../src-main/engine/native-types';
import { batchJobId, versionSkew } from '../../src-main/sweeps/queue/queue-identity';
import { maskInText, parseQueueUrl } from '../../src-main/sweeps/queue/queue-url';
import { localExecutor } from '../../src-main/sweeps/sweep-executor';
import { Orchestrator } from '../../src-main/engine-host/orchestrator';
import { forkTransport } from '../../src-main/engine-host/engine-transport';
import { tinySpec } from '../lab/tiny-config';

describe('the --queue URL', () => {
  it('reads host, port, database, password and TLS, and shows the password only as ***', () => {
    expect(parseQueueUrl('redis://queue-host:6380/2')).toEqual({
      display: 'redis://queue-host:6380/2',
      connection: { host: 'queue-host', port: 6380, db: 2 },
    });
    expect(parseQueueUrl('redis://127.0.0.1')).toEqual({
      display: 'redis://127.0.0.1/0',
      connection: { host: '127.0.0.1', port: 6379, db: 0 },
    });
    const tls = parseQueueUrl('rediss://:p%40ss@queue.example.org:6390/1');
    expect(tls.display).toBe('rediss://:***@queue.example.org:6390/1');
    expect(tls.connection).toEqual({
      host: 'queue.example.org',
      port: 6390,
      db: 1,
      password: 'p@ss',
      tls: { servername: 'queue.example.org' },
    });
    expect(parseQueueUrl('redis://lab:secret@h:1/0').display).toBe('redis://lab:***@h:1/0');
  });

  it('refuses other schemes, bad databases and non-URLs in one line that never repeats a password', () => {
    expect(() => parseQueueUrl('http://h:1')).toThrow('--queue needs a redis:// or rediss:// URL, not http://');
    expect(() => parseQueueUrl('redis://h:1/x')).toThrow('--queue URL: database "x" is not a number from 0 to 99');
    expect(() => parseQueueUrl('not a url :secret@')).toThrow(/^--queue needs a URL like/);
    expect(maskInText('redis://:secret@h:1 and rediss://u:pw@x/0')).toBe('redis://:***@h:1 and rediss://u:***@x/0');
  });
});

describe('batch identity and versions', () => {
  it('names a batch by its sweep and runs, the same every time and different for other runs', () => {
    const id = batchJobId('a'.repeat(64), ['h1:1', 'h1:2']);
    expect(id).toBe(batchJobId('a'.repeat(64), ['h1:1', 'h1:2']));
    expect(id).not.toBe(batchJobId('a'.repeat(64), ['h1:1']));
    expect(id).not.toBe(batchJobId('b'.repeat(64), ['h1:1', 'h1:2']));
    expect(id).not.toContain(':');
  });

  it('finds skew in either the engine or the schema, and names both sides', () => {
    expect(versionSkew({ engine: '1', schema: 's' }, { engine: '1', schema: 's' })).toBeNull();
    expect(versionSkew({ engine: '1', schema: 's' }, { engine: '2', schema: 's' })).toContain(
      'this worker has engine 1 and schema s, the coordinator has engine 2 and schema s',
    );
    expect(versionSkew({ engine: '1', schema: 's' }, { engine: '1', schema: 't' })).not.toBeNull();
  });
});

describe('the batch wire format', () => {
  it('refuses jobs and answers that are not what they claim', () => {
    expect(() => parseBatchJob(null)).toThrow('the batch is not an object');
    expect(() => parseBatchJob({ wire: 99 })).toThrow('the batch is in wire format 99, this worker reads 1');
    const job = {
      wire: WIRE_VERSION,
      sweep: { specHash: 'h', name: 'n' },
      engine: '1',
      schema: 's',
      backend: 'cpu',
      maxResultBytes: 10,
      items: [{ key: 'k', config: {} }],
    };
    expect(parseBatchJob(job)).toEqual(job);
    expect(() => parseBatchJob({ ...job, items: [] })).toThrow('the batch holds no runs');
    expect(() => parseBatchJob({ ...job, backend: 'tpu' })).toThrow('the batch names no backend (cpu or cuda)');
    expect(() => parseBatchAnswer({ wire: WIRE_VERSION, outcomes: [{ key: 'other', status: 'failed', error: 'x' }] }, ['k'])).toThrow(
      'the worker answered for a run that is not in the batch',
    );
    expect(() => parseBatchAnswer('text', ['k'])).toThrow('the worker sent an answer in an unknown format (string)');
  });

  it('carries NaN and the infinities at any depth, and leaves objects that only look tagged alone', () => {
    const series = {
      K: 1,
      m: 1,
      steps: Int32Array.of(0, 10),
      scalarNames: ['a'],
      scalars: Float64Array.of(Number.NaN, 2),
      alignments: new Float32Array(0),
    };
    const result = {
      index: 0,
      predictedScores: [Number.NaN, 1],
      modes: [
        {
          mode: 'joint',
          cancelled: false,
          final: { loss: Number.NaN, grid: [[Infinity, -Infinity], [{ deep: Number.NaN }]], look: { $nf: 'NaN', also: 1 } },
          series,
          weights: [],
        },
      ],
    } as unknown as NativeRunResult;
    const wire = JSON.parse(JSON.stringify(outcomeToWire({ key: 'k', status: 'finished', result }, 'cpu'))) as WireOutcome;
    const back = outcomeFromWire(wire);
    if (back.status !== 'finished') throw new Error('lost on the way');
    expect(back.result.predictedScores).toEqual([Number.NaN, 1]);
    expect(back.result.modes[0]?.final).toEqual({
      loss: Number.NaN,
      grid: [[Infinity, -Infinity], [{ deep: Number.NaN }]],
      look: { $nf: 'NaN', also: 1 },
    });
    expect(Number.isNaN(back.result.modes[0]?.series.scalars[0])).toBe(true);
    expect(back.result.modes[0]?.series.scalars[1]).toBe(2);
  });

  it.skipIf(!nativeAvailable())('carries a trained result through JSON with its scalar series bit for bit', async () => {
    const orchestrator = new Orchestrator({ transport: forkTransport() });
    try {
      const [trained] = await localExecutor(orchestrator).execute([{ key: 'k', spec: tinySpec(3) }]);
      if (trained?.status !== 'finished') throw new Error('the tiny run did not finish');
      const back = outcomeFromWire(
        parseBatchAnswer(JSON.parse(JSON.stringify({ wire: WIRE_VERSION, worker: 'w', outcomes: [outcomeToWire(trained, 'cpu')] })), ['k'])
          .outcomes[0]!,
      );
      if (back.status !== 'finished') throw new Error('lost on the way');
      expect(back.backend).toBe('cpu');
      expect(back.result.modes.map((m) => m.mode)).toEqual(trained.result.modes.map((m) => m.mode));
      trained.result.modes.forEach((mode, i) => {
        const got = back.result.modes[i]!;
        expect(
          Buffer.from(got.series.scalars.buffer).equals(
            Buffer.from(mode.series.scalars.buffer, mode.series.scalars.byteOffset, mode.series.scalars.byteLength),
          ),
        ).toBe(true);
        expect([...got.series.steps]).toEqual([...mode.series.steps]);
        expect(got.final).toEqual(mode.final);
        expect(got.weights).toEqual([]);
      });
      expect(back.result.predictedScores).toEqual(trained.result.predictedScores);
    } finally {
      orchestrator.close();
    }
  });
});
