/**
 * `modcomp check --out DIR`: the figure pack of the paper check's evidence, read back from disk.
 * The check here is a trial, honest about it: 3 seeds per claim, 1 seed per map cell, and every
 * run shrunk by --set (60 steps, d = 16, m = 4), so it trains in seconds. Its verdicts mean
 * nothing; the test asserts that what a reader sees in the pack (titles, captions, counts, the
 * numbers in the CSVs) agrees with the check's own report, and that the pack says it is a trial.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import type { ChartSpec, LinePanelSpec } from '../../src-main/figures/chart-spec';
import { parseCsv } from '../../src-main/figures/csv';
import type { CheckReport } from '../../src-main/science/paper-check';
import { measuredText } from '../../src-main/science/check-text';
import { captureIo } from '../cli/capture-io';
import { tempDir } from '../workspace/temp-dir';

const TRIAL = ['train.steps=60', 'data.d=16', 'data.nTest=32', 'model.m=4', 'train.recordEvery=5'];
const SEEDS = 3;

let tmp: ReturnType<typeof tempDir>;
let pack: string;
let report: CheckReport;
let stderr: string;

function spec(name: string): ChartSpec {
  return JSON.parse(fs.readFileSync(path.join(pack, `${name}.spec.json`), 'utf8')) as ChartSpec;
}

function csv(name: string) {
  return parseCsv(fs.readFileSync(path.join(pack, `${name}.csv`), 'utf8'));
}

function specsOf(figure: string): ChartSpec[] {
  return fs
    .readdirSync(pack)
    .filter((f) => f.endsWith('.spec.json'))
    .map((f) => spec(f.replace(/\.spec\.json$/, '')))
    .filter((s) => s.figure === figure);
}

describe.skipIf(!nativeAvailable())('the paper check figure pack (a tiny trial check)', () => {
  beforeAll(async () => {
    tmp = tempDir('mcl-check-pack-');
    pack = path.join(tmp.dir, 'evidence');
    const io = captureIo();
    const argv = ['check', '--quick', '--seeds', String(SEEDS), '--maps', '--map-seeds', '1', '--backend', 'cpu', '--threads', '2'];
    for (const s of TRIAL) argv.push('--set', s);
    argv.push('--workspace', path.join(tmp.dir, 'lab.mcl'), '--out', pack, '--format', 'svg', '--json');
    const code = await main(argv, io);
    // Exit 0 or 1 (claims may fail in a trial this small); never a usage error or a crash.
    expect([0, 1], io.stderr).toContain(code);
    report = JSON.parse(io.stdout) as CheckReport;
    stderr = io.stderr;
  }, 120_000);
  afterAll(() => tmp?.cleanup());

  it('writes the pack with the report beside it, and says so', () => {
    expect(stderr).toContain(`figure pack of the evidence written to ${pack}`);
    const saved = JSON.parse(fs.readFileSync(path.join(pack, 'report.json'), 'utf8')) as CheckReport;
    expect(saved.statistics).toEqual(report.statistics);
    const text = fs.readFileSync(path.join(pack, 'report.txt'), 'utf8');
    expect(text).toContain(`a trial, not the paper check: every run changed from its preset by ${TRIAL.join(', ')}`);
  });

  it('draws one outcome-bar figure per claim whose title, caption and bars agree with the report', () => {
    const claims = specsOf('check-claim');
    expect(claims.length).toBe(report.claims.length);
    for (const claim of report.claims) {
      const s = spec(`claim-${claim.id}`);
      expect(s.title).toBe(`${claim.id} ${claim.title.split(':')[0]}: ${claim.verdict.toUpperCase()}`);
      expect(s.caption).toContain(`verdict ${claim.verdict}`);
      expect(s.caption).toContain(`${SEEDS} seeds per claim from seed 1`);
      expect(s.caption).toContain('a trial of the check, not its evidence');
      const table = csv(`claim-${claim.id}`);
      const col = (name: string) => table.columns.indexOf(name);
      expect(table.rows.map((r) => r[col('statistic')])).toEqual(claim.statistics);
      for (const id of claim.statistics) {
        const stat = report.statistics.find((x) => x.id === id)!;
        // The caption prints the measurement exactly as the report's table does.
        expect(s.caption).toContain(`${id} (`);
        expect(s.caption).toContain(measuredText(stat.estimate).replace('no runs', 'no runs (n=0)'));
        const row = table.rows.find((r) => r[col('statistic')] === id)!;
        expect(row[col('n')]).toBe(stat.estimate.n);
        expect(row[col('threshold')]).toBe(stat.threshold);
        expect(row[col('verdict')]).toBe(stat.verdict);
        if (stat.estimate.kind === 'rate' && stat.estimate.n > 0) {
          expect(row[col('value')]).toBeCloseTo(stat.estimate.p, 12);
          expect(row[col('low')]).toBeCloseTo(stat.estimate.low, 12);
          expect(row[col('high')]).toBeCloseTo(stat.estimate.high, 12);
        }
      }
      // The bars and the threshold marks are drawn: the threshold series names the threshold.
      const series = s.panels.flatMap((p) => (p as LinePanelSpec).series);
      expect(series.some((x) => x.draw === 'marks' && x.y === 'threshold')).toBe(true);
      expect(series.some((x) => x.draw === 'bars')).toBe(true);
      // The SVG carries the title and the caption a reader sees.
      const svg = fs.readFileSync(path.join(pack, `claim-${claim.id}.svg`), 'utf8');
      expect(svg).toContain(`<title>${s.title}</title>`);
      expect(svg).toContain('share of runs');
    }
  });

  it('draws a trajectory bundle per claim sweep with a median over as many seeds as the sweep finished', () => {
    const bundled = report.sweeps.filter((s) => s.role === 'claim' && s.key !== 'who-wins');
    expect(specsOf('check-trajectories').length).toBe(bundled.length);
    for (const sweep of bundled) {
      const s = spec(`trajectories-${sweep.key}`);
      expect(s.title).toBe(`γ over seeds, ${sweep.key} (n = ${sweep.finished})`);
      expect(s.caption).toContain(`n = ${sweep.finished})`);
      expect(s.caption).toContain(`sweep ${sweep.sweepId}`);
      expect(s.caption).toContain('60 GD steps');
      const table = csv(`trajectories-${sweep.key}`);
      const col = (name: string) => table.columns.indexOf(name);
      const seedLines = new Set(
        table.rows
          .filter((r) => r[col('line')] !== 'median' && r[col('mode')] === 'joint' && r[col('modality')] === 0)
          .map((r) => r[col('line')]),
      );
      expect(seedLines.size).toBe(sweep.finished);
      // The median at a step lies between the smallest and the largest seed there.
      const medians = table.rows.filter((r) => r[col('line')] === 'median' && r[col('mode')] === 'joint' && r[col('modality')] === 0);
      expect(medians.length).toBeGreaterThan(5);
      for (const m of medians) {
        const at = table.rows
          .filter(
            (r) =>
              r[col('line')] !== 'median' && r[col('mode')] === 'joint' && r[col('modality')] === 0 && r[col('step')] === m[col('step')],
          )
          .map((r) => r[col('gamma')] as number);
        expect(m[col('seeds')]).toBe(at.length);
        expect(m[col('gamma')] as number).toBeGreaterThanOrEqual(Math.min(...at));
        expect(m[col('gamma')] as number).toBeLessThanOrEqual(Math.max(...at));
      }
      // One panel per modality.
      const K = sweep.key === 'three-modalities' ? 3 : sweep.key === 'four-modalities' ? 4 : 2;
      expect(s.panels.map((p) => p.title)).toEqual(Array.from({ length: K }, (_, r) => `modality ${r}`));
    }
  });

  it('draws who wins as predicted against observed, with the report fit and its run count', () => {
    const s = spec('who-wins');
    const fit = report.whoWinsFit;
    const table = csv('who-wins');
    const col = (name: string) => table.columns.indexOf(name);
    const runs = table.rows.filter((r) => r[col('kind')] === 'run');
    expect(s.title).toBe(`Who wins: predicted against observed (n = ${runs.length})`);
    expect(s.caption).toContain(`n = ${runs.length} runs with exactly one winner`);
    if (fit) {
      expect(runs.length).toBe(fit.n);
      expect(s.caption).toContain(`P = 1 / (1 + exp(-(${fit.intercept.toFixed(2)} + ${fit.slope.toFixed(2)} x)))`);
      expect(table.rows.filter((r) => r[col('kind')] === 'fit').length).toBe(101);
    }
    // Each cell's share is the share of its own runs that modality 0 won.
    for (const cell of table.rows.filter((r) => r[col('kind')] === 'cell')) {
      const own = runs.filter((r) => r[col('cell')] === cell[col('cell')]);
      expect(cell[col('n')]).toBe(own.length);
      expect(cell[col('k')]).toBe(own.filter((r) => r[col('p')] === 1).length);
    }
  });

  it('draws every regime map as a phase diagram whose cells carry the report rates and thresholds', () => {
    expect(report.maps.length).toBe(8);
    expect(specsOf('check-regime-map').length).toBe(report.maps.length);
    for (const map of report.maps) {
      const s = spec(map.key);
      expect(s.title).toBe(`Regime map: ${map.purpose}`);
      expect(s.caption).toContain(`1 seeds per cell`);
      expect(s.caption).toContain('Thresholds: C1 95%, C2a 90%, C2b 75%');
      const twoSettings = map.axes.filter((a) => a !== 'precision').length === 2;
      expect(s.panels.map((p) => p.kind)).toEqual(twoSettings ? ['heatmap', 'heatmap', 'heatmap'] : ['line']);
      const table = csv(map.key);
      const col = (name: string) => table.columns.indexOf(name);
      expect(table.rows.length).toBe(map.cells.length * 3);
      for (const cell of map.cells) {
        for (const id of ['C1', 'C2a', 'C2b'] as const) {
          const row = table.rows.find((r) => r[col('cell')] === cell.cellIndex && r[col('statistic')] === id)!;
          expect(row[col('n')]).toBe(cell.rates[id].n);
          expect(row[col('k')]).toBe(cell.rates[id].successes);
        }
      }
    }
  });

  it('lists every figure in the README with its caption, and every file in the manifest with its checksum', () => {
    const readme = fs.readFileSync(path.join(pack, 'README.md'), 'utf8');
    const specs = fs.readdirSync(pack).filter((f) => f.endsWith('.spec.json'));
    expect(specs.length).toBe(report.claims.length + 6 + 1 + report.maps.length);
    for (const f of specs) {
      const s = spec(f.replace(/\.spec\.json$/, ''));
      expect(readme).toContain(`## ${s.name}\n\n${s.title}\n\n${s.caption}`);
    }
    expect(readme).toContain('(a trial: ');
    const manifest = JSON.parse(fs.readFileSync(path.join(pack, 'manifest.json'), 'utf8'));
    expect(manifest.source.sweeps).toEqual(report.sweeps.map((s) => ({ key: s.key, sweepId: s.sweepId })));
    for (const [name, entry] of Object.entries(manifest.files as Record<string, { sha256: string }>)) {
      expect(
        createHash('sha256')
          .update(fs.readFileSync(path.join(pack, name)))
          .digest('hex'),
        name,
      ).toBe(entry.sha256);
    }
  });

  it('is refused by import-pack with a sentence saying what it is', async () => {
    const io = captureIo();
    const code = await main(['import-pack', '--workspace', path.join(tmp.dir, 'import.mcl'), pack], io);
    expect(code).toBe(2);
    expect(io.stderr).toContain("is a paper check's figure pack: it holds figures and the report, not runs");
  });

  it('refuses an occupied --out before training anything', async () => {
    const io = captureIo();
    const code = await main(['check', '--quick', '--backend', 'cpu', '--workspace', path.join(tmp.dir, 'other.mcl'), '--out', pack], io);
    expect(code).toBe(2);
    expect(io.stderr).toContain('already exists and is not empty');
    expect(fs.existsSync(path.join(tmp.dir, 'other.mcl'))).toBe(false);
  });

  it('refuses a bad --set with a one-line message naming the setting', async () => {
    const io = captureIo();
    const code = await main(['check', '--quick', '--set', 'train.steps=-3', '--workspace', path.join(tmp.dir, 'bad.mcl')], io);
    expect(code).toBe(2);
    expect(io.stderr).toMatch(/train\.steps/);
    expect(io.stderr.trim().split('\n').length).toBe(1);
  });
});
