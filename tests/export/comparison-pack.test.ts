/**
 * `modcomp compare-remedies --out DIR`: the figure pack of the remedy comparison, read back from
 * disk. The comparison here is a trial, honest about it: 2 seeds per arm of the quick preset, and
 * every run shrunk by --set (60 steps, d = 16, m = 4), so it trains in seconds. Its rates mean
 * nothing; the test asserts that what a reader sees in the pack (titles, captions, one bar per
 * arm, the numbers in the CSVs) agrees with the comparison's own report, and that the pack says
 * it is a trial. An occupied --out is refused in one line before anything trains.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import type { ChartSpec, LinePanelSpec } from '../../src-main/figures/chart-spec';
import { armLabel } from '../../src-main/figures/remedy-bars';
import { parseCsv } from '../../src-main/figures/csv';
import { rateText } from '../../src-main/science/comparison-text';
import type { ComparisonReport } from '../../src-main/science/remedy-comparison';
import { captureIo } from '../cli/capture-io';
import { tempDir } from '../workspace/temp-dir';

const TRIAL = ['train.steps=60', 'data.d=16', 'data.nTest=32', 'model.m=4', 'train.recordEvery=5'];
const SEEDS = 2;

let tmp: ReturnType<typeof tempDir>;
let pack: string;
let report: ComparisonReport;
let stderr: string;

function spec(name: string): ChartSpec {
  return JSON.parse(fs.readFileSync(path.join(pack, `${name}.spec.json`), 'utf8')) as ChartSpec;
}

function csv(name: string) {
  return parseCsv(fs.readFileSync(path.join(pack, `${name}.csv`), 'utf8'));
}

describe('modcomp compare-remedies --out at its input', () => {
  it('refuses an occupied destination in one line, exit 2, before any workspace is made', async () => {
    const dir = tempDir('mcl-compare-out-');
    try {
      const occupied = path.join(dir.dir, 'full');
      fs.mkdirSync(occupied);
      fs.writeFileSync(path.join(occupied, 'keep.txt'), 'mine');
      const io = captureIo();
      const code = await main(['compare-remedies', '--seeds', '1', '--workspace', path.join(dir.dir, 'never.mcl'), '--out', occupied], io);
      expect(code).toBe(2);
      expect(io.stderr.trim().split('\n')).toHaveLength(1);
      expect(io.stderr).toContain(occupied);
      expect(fs.existsSync(path.join(dir.dir, 'never.mcl'))).toBe(false);
      expect(fs.readFileSync(path.join(occupied, 'keep.txt'), 'utf8')).toBe('mine');
      const bad = captureIo();
      expect(
        await main(
          ['compare-remedies', '--format', 'gif', '--out', path.join(dir.dir, 'x'), '--workspace', path.join(dir.dir, 'never.mcl')],
          bad,
        ),
      ).toBe(2);
      expect(bad.stderr).toMatch(/^modcomp: --format: unknown format "gif"/);
    } finally {
      dir.cleanup();
    }
  });
});

describe.skipIf(!nativeAvailable())('the remedy comparison figure pack (a tiny trial comparison)', () => {
  beforeAll(async () => {
    tmp = tempDir('mcl-compare-pack-');
    pack = path.join(tmp.dir, 'remedies');
    const io = captureIo();
    const argv = ['compare-remedies', '--preset', 'quick', '--seeds', String(SEEDS), '--seed-start', '501', '--threads', '2'];
    for (const s of TRIAL) argv.push('--set', s);
    argv.push('--workspace', path.join(tmp.dir, 'lab.mcl'), '--out', pack, '--format', 'svg', '--json');
    const code = await main(argv, io);
    expect(code, io.stderr).toBe(0);
    report = JSON.parse(io.stdout) as ComparisonReport;
    stderr = io.stderr;
  }, 120_000);
  afterAll(() => tmp?.cleanup());

  it('writes the pack with the report beside it, and says so', () => {
    expect(stderr).toContain(`figure pack of the comparison written to ${pack}`);
    expect(fs.readdirSync(pack).sort()).toEqual([
      'README.md',
      'manifest.json',
      'remedy-gap.csv',
      'remedy-gap.spec.json',
      'remedy-gap.svg',
      'remedy-rescue.csv',
      'remedy-rescue.spec.json',
      'remedy-rescue.svg',
      'report.json',
      'report.txt',
    ]);
    expect(JSON.parse(fs.readFileSync(path.join(pack, 'report.json'), 'utf8'))).toEqual(report);
    const text = fs.readFileSync(path.join(pack, 'report.txt'), 'utf8');
    expect(text).toContain(`a trial, not the comparison: every run changed from its preset by ${TRIAL.join(', ')}`);
    const readme = fs.readFileSync(path.join(pack, 'README.md'), 'utf8');
    expect(readme).toContain(`remedy comparison on preset quick, ${SEEDS} seeds per arm from seed 501 (a trial: ${TRIAL.join(', ')})`);
    const manifest = JSON.parse(fs.readFileSync(path.join(pack, 'manifest.json'), 'utf8'));
    expect(manifest.source).toEqual({ kind: 'remedy-comparison', preset: 'quick', sweeps: report.sweeps });
  });

  it('draws the rescue rate per arm as bars whose numbers, counts and caption agree with the report', () => {
    const s = spec('remedy-rescue');
    expect(s.title).toBe('Which remedy rescues the losing modality');
    expect(s.caption).toContain(
      `among the ${report.seedsWithLoser} of ${report.baselineSeeds} seeds whose plain joint run lost a modality`,
    );
    expect(s.caption).toContain('a trial of the comparison, not its measurement');
    const panel = s.panels[0] as LinePanelSpec;
    expect(panel.x.categories).toHaveLength(report.arms.length);
    expect(panel.series.every((x) => x.draw === 'bars' && x.band?.low === 'rescueLow')).toBe(true);
    // One series (colour) per remedy, every arm in one of them.
    expect(panel.series.map((x) => x.label)).toEqual([...new Set(report.arms.map((a) => a.remedy))]);
    const table = csv('remedy-rescue');
    const col = (name: string) => table.columns.indexOf(name);
    expect(table.rows).toHaveLength(report.arms.length);
    report.arms.forEach((arm, i) => {
      const row = table.rows[i]!;
      expect(row[col('remedy')]).toBe(arm.remedy);
      expect(row[col('sweepId')]).toBe(arm.sweepId);
      expect(row[col('runs')]).toBe(SEEDS);
      expect(row[col('rescueN')]).toBe(arm.rescue.n);
      expect(row[col('rescued')]).toBe(arm.rescue.successes);
      if (arm.rescue.n > 0) {
        expect(row[col('rescue')]).toBeCloseTo(arm.rescue.p, 12);
        expect(row[col('rescueLow')]).toBeCloseTo(arm.rescue.low, 12);
        expect(row[col('rescueHigh')]).toBeCloseTo(arm.rescue.high, 12);
      }
      // The caption prints each rate as the comparison's table does.
      expect(s.caption).toContain(arm.rescue.n > 0 ? rateText(arm.rescue) : 'no runs (n=0)');
    });
    const svg = fs.readFileSync(path.join(pack, 'remedy-rescue.svg'), 'utf8');
    expect(svg).toContain(`<title>${s.title}</title>`);
    expect(svg).toContain('seeds rescued');
    // Every arm's label is written under its bar, none thinned out.
    const labels = report.arms.map((a) => armLabel({ remedy: a.remedy, value: JSON.stringify(a.value) }));
    expect(labels).toEqual([
      'none',
      'aux 0.25',
      'aux 1',
      'blend 0.5',
      'reblend 100',
      'reblend 200',
      'drop 0.25',
      'drop 0.5',
      'ogm 0.5',
      'ogm 2',
      'ogm-ge 0.5',
    ]);
    expect(panel.x.categories).toEqual(labels);
    for (const label of labels) expect(svg).toContain(`>${label}</text>`);
  });

  it('draws the gap to the best unimodal net per arm with its interval and the zero line', () => {
    const s = spec('remedy-gap');
    expect(s.title).toBe('Joint test error against the best unimodal net');
    const panel = s.panels[0] as LinePanelSpec;
    expect(panel.annotations).toContainEqual(expect.objectContaining({ type: 'hline', y: 0 }));
    const table = csv('remedy-gap');
    const col = (name: string) => table.columns.indexOf(name);
    report.arms.forEach((arm, i) => {
      const row = table.rows[i]!;
      expect(row[col('gapN')]).toBe(arm.gapToBestUnimodal.n);
      if (arm.gapToBestUnimodal.value !== null) expect(row[col('gap')]).toBeCloseTo(arm.gapToBestUnimodal.value, 12);
    });
    // Every seed has its best unimodal net, so every arm's gap is over its runs.
    for (const arm of report.arms) expect(arm.gapToBestUnimodal.n).toBe(SEEDS);
  });
});
