import { describe, expect, it } from 'vitest';
import type { SeriesDto } from '../../src-main/api/lab-api';
import { alignmentGrid, headOfSeries, lastValue, mergeSeries, orderedModes, recordCount } from '../../src-renderer/lib/charts/series';
import { perModalityLines, thresholdLine } from '../../src-renderer/lib/charts/run-lines';
import { modalityColour } from '../../src-renderer/lib/charts/palette';

/** A K=2, m=2 series whose values encode their step, so merges can be checked exactly. */
function makeSeries(steps: number[]): SeriesDto {
  return {
    K: 2,
    m: 2,
    steps,
    scalars: { gamma0: steps.map((s) => s / 10), gamma1: steps.map(() => null), testErr: steps.map((s) => 1 / (s + 1)) },
    alignments: steps.flatMap((s) => [s, s + 0.1, s + 0.2, s + 0.3]),
  };
}

describe('merging streamed series', () => {
  it('appends only records after the last known step (overlapping batches are not doubled)', () => {
    const merged = mergeSeries(makeSeries([0, 10, 20]), makeSeries([10, 20, 30, 40]));
    expect(merged).toEqual(makeSeries([0, 10, 20, 30, 40]));
  });

  it('starts from a copy of the first batch and ignores a stale one', () => {
    const first = makeSeries([0, 5]);
    const merged = mergeSeries(undefined, first);
    expect(merged).toEqual(first);
    merged.steps.push(99);
    expect(first.steps).toEqual([0, 5]);
    expect(mergeSeries(makeSeries([0, 5]), makeSeries([0, 5]))).toEqual(makeSeries([0, 5]));
  });

  it('fills a scalar that only one side has with nulls', () => {
    const a = makeSeries([0]);
    const b = makeSeries([1]);
    b.scalars.phi0 = [7];
    expect(mergeSeries(a, b).scalars.phi0).toEqual([null, 7]);
  });
});

describe('series views', () => {
  it('cuts the head of a series for playback', () => {
    const head = headOfSeries(makeSeries([0, 10, 20, 30]), 2);
    expect(head).toEqual(makeSeries([0, 10]));
  });

  it('reads the K x m alignment grid at a record', () => {
    expect(alignmentGrid(makeSeries([0, 10]), 1)).toEqual([
      [10, 10.1],
      [10.2, 10.3],
    ]);
    expect(alignmentGrid(makeSeries([0, 10]), 2)).toBeNull();
  });

  it('orders modes joint first and counts the longest timeline', () => {
    const all = { 'unimodal:1': makeSeries([0]), joint: makeSeries([0, 1, 2]), 'unimodal:0': makeSeries([0, 1]) };
    expect(orderedModes(all)).toEqual(['joint', 'unimodal:0', 'unimodal:1']);
    expect(recordCount(all)).toBe(3);
    expect(lastValue([1, 2, null])).toBe(2);
    expect(lastValue([])).toBeNull();
  });
});

describe('run chart lines', () => {
  it('draws gamma solid for joint (every modality) and dashed for each unimodal run (its own modality)', () => {
    const lines = perModalityLines({ joint: makeSeries([0, 1]), 'unimodal:1': makeSeries([0, 1]) }, 'gamma', { showUnimodal: true });
    expect(lines.map((l) => l.label)).toEqual(['gamma_0 joint', 'gamma_1 joint', 'gamma_1 unimodal 1']);
    expect(lines[0]?.dash).toEqual([]);
    expect(lines[2]?.dash.length).toBeGreaterThan(0);
    expect(lines[1]?.colour).toBe(modalityColour(1));
    expect(lines[2]?.colour).toBe(modalityColour(1));
    expect(perModalityLines({ joint: makeSeries([0]), 'unimodal:1': makeSeries([0]) }, 'gamma', { showUnimodal: false })).toHaveLength(2);
  });

  it('spans the threshold line over the steps seen', () => {
    const [line] = thresholdLine({ joint: makeSeries([5, 50]), 'unimodal:0': makeSeries([0, 20]) }, 0.1, 'rho');
    expect(line?.xs).toEqual([0, 50]);
    expect(line?.ys).toEqual([0.1, 0.1]);
    expect(thresholdLine({}, 0.1, 'rho')).toEqual([]);
  });
});
