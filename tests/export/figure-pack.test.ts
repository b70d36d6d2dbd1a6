import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { exportFigurePack, importFigurePack, standardFigures } from '../../src-main/export/figure-pack';
import { writePack } from '../../src-main/export/pack-output';
import type { ChartSpec } from '../../src-main/figures/chart-spec';
import { parseCsv } from '../../src-main/figures/csv';
import { renderSvg } from '../../src-main/figures/render-svg';
import { axisTitle } from '../../src-main/figures/ticks';
import { Workspace } from '../../src-main/workspace/workspace';
import { recordTinyRun, recordTinySweep } from '../figures/lab-fixtures';
import { sha, tempDir } from '../workspace/temp-dir';
import { manifestWithoutTime, partials, pngSize, readTree } from './pack-files';

let tmp: ReturnType<typeof tempDir>;
let wsFile: string;
let runId: number;
let sweepId: number;

function hasPdftoppm(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Opens the workspace for `body`; closes it when `body` returns, or when its promise settles (imports read the pack first). */
function withWorkspace<T>(file: string, body: (ws: Workspace) => T): T {
  const ws = Workspace.open(file);
  let out: T;
  try {
    out = body(ws);
  } catch (err) {
    ws.close();
    throw err;
  }
  if (out instanceof Promise) return out.finally(() => ws.close()) as T;
  ws.close();
  return out;
}

async function exportTo(out: string, request: Partial<Parameters<typeof exportFigurePack>[1]>) {
  return withWorkspace(wsFile, (ws) => exportFigurePack(ws, { out, ...request }));
}

/** Every string under <text> elements of an SVG, after parsing it as XML (fails on malformed XML). */
function svgTexts(svg: string): string[] {
  const parser = new XMLParser({ ignoreAttributes: false, preserveOrder: true, trimValues: false });
  const tree = parser.parse(svg, true) as unknown[];
  const texts: string[] = [];
  const visit = (nodes: unknown[]): void => {
    for (const node of nodes as Record<string, unknown>[]) {
      for (const [key, value] of Object.entries(node)) {
        if (key === ':@' || !Array.isArray(value)) continue;
        if (key === 'text') texts.push(value.map((v) => String((v as { '#text'?: unknown })['#text'] ?? '')).join(''));
        else visit(value);
      }
    }
  };
  visit(tree);
  return texts;
}

const unescape = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe.skipIf(!nativeAvailable())('figure packs from real runs', () => {
  beforeAll(async () => {
    tmp = tempDir('mcl-pack-');
    wsFile = path.join(tmp.dir, 'lab.mcl');
    runId = await recordTinyRun(wsFile, 5, 120);
    sweepId = await recordTinySweep(wsFile, 2);
  });
  afterAll(() => tmp?.cleanup());

  it('exports the same run twice with identical files, except the export time in the manifest', async () => {
    const a = await exportTo(path.join(tmp.dir, 'twice-a'), { runId });
    const b = await exportTo(path.join(tmp.dir, 'twice-b'), { runId });
    expect(a.files).toEqual(b.files);
    for (const name of ['gamma', 'phi', 'losses', 'alignment', 'compare']) {
      for (const ext of ['svg', 'pdf', 'png', 'csv', 'spec.json']) expect(a.files).toContain(`${name}.${ext}`);
    }
    expect(a.files).toEqual(
      expect.arrayContaining(['manifest.json', 'README.md', 'data/runs.json', 'data/series.csv', 'data/alignments.csv']),
    );
    const filesA = readTree(a.path);
    const filesB = readTree(b.path);
    for (const name of a.files) {
      if (name === 'manifest.json') continue;
      expect(filesA.get(name)?.equals(filesB.get(name) as Buffer), name).toBe(true);
    }
    expect(manifestWithoutTime(filesA.get('manifest.json') as Buffer)).toEqual(manifestWithoutTime(filesB.get('manifest.json') as Buffer));
  });

  it('draws every SVG as parseable XML with its legend, axis titles and colour bar labels as <text>', async () => {
    const run = await exportTo(path.join(tmp.dir, 'svg-run'), { runId, formats: ['svg'] });
    const sweep = await exportTo(path.join(tmp.dir, 'svg-sweep'), {
      sweepId,
      formats: ['svg'],
      figures: ['phase-diagram', 'seed-bands', 'seed-bands:1'],
    });
    let checked = 0;
    for (const pack of [run, sweep]) {
      for (const name of pack.files.filter((f) => f.endsWith('.svg'))) {
        const svg = fs.readFileSync(path.join(pack.path, name), 'utf8');
        const texts = svgTexts(svg).map(unescape);
        const spec = JSON.parse(fs.readFileSync(path.join(pack.path, name.replace(/\.svg$/, '.spec.json')), 'utf8')) as ChartSpec;
        expect(texts, name).toContain(spec.title);
        for (const entry of spec.legend) expect(texts, name).toContain(entry.label);
        for (const panel of spec.panels) {
          expect(texts, name).toContain(axisTitle(panel.x));
          if (panel.y.label) expect(texts, name).toContain(axisTitle(panel.y));
          if (panel.kind === 'heatmap') expect(texts, name).toContain(axisTitle(panel.color));
        }
        checked++;
      }
    }
    expect(checked).toBe(8);
    const gamma = svgTexts(fs.readFileSync(path.join(run.path, 'gamma.svg'), 'utf8')).map(unescape);
    expect(gamma).toEqual(
      expect.arrayContaining(['feature alignment γ', 'gradient descent step', 'modality 0, joint', 'modality 1, unimodal', 'ρ = 0.1']),
    );
    const losses = svgTexts(fs.readFileSync(path.join(run.path, 'losses.svg'), 'utf8')).map(unescape);
    expect(losses).toEqual(expect.arrayContaining(['error (%)', 'logistic loss', 'joint', 'unimodal, modality 0']));
  });

  // Where poppler-utils is missing the suite name says so, and its test is skipped.
  const pdfSuite = hasPdftoppm()
    ? 'PDF, rendered by pdftoppm (poppler-utils)'
    : 'PDF rendering SKIPPED: pdftoppm (poppler-utils) is not installed';
  describe.skipIf(!hasPdftoppm())(pdfSuite, () => {
    it('writes PDFs that start with a PDF header, embed DejaVu Sans and render', async () => {
      const pack = await exportTo(path.join(tmp.dir, 'pdf-run'), { runId, formats: ['pdf'] });
      const pdfs = pack.files.filter((f) => f.endsWith('.pdf'));
      expect(pdfs).toHaveLength(5);
      const renders = path.join(tmp.dir, 'pdf-renders');
      fs.mkdirSync(renders);
      for (const name of pdfs) {
        const bytes = fs.readFileSync(path.join(pack.path, name));
        expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
        expect(bytes.includes(Buffer.from('DejaVuSans'))).toBe(true);
        const stem = path.join(renders, name.replace(/\.pdf$/, ''));
        execFileSync('pdftoppm', ['-png', '-r', '50', path.join(pack.path, name), stem], { stdio: 'pipe' });
        const page = fs.readdirSync(renders).find((f) => f.startsWith(path.basename(stem) + '-') && f.endsWith('.png'));
        expect(page, name).toBeDefined();
        expect(pngSize(fs.readFileSync(path.join(renders, page as string))).width).toBeGreaterThan(100);
      }
    });
  });

  it('writes PNGs whose size is the figure size in inches times the DPI (300 and 120)', async () => {
    for (const dpi of [undefined, 120]) {
      const pack = await exportTo(path.join(tmp.dir, `png-${dpi ?? 'default'}`), {
        runId,
        formats: ['png'],
        dpi,
        figures: ['gamma', 'losses'],
      });
      for (const name of ['gamma', 'losses']) {
        const spec = JSON.parse(fs.readFileSync(path.join(pack.path, `${name}.spec.json`), 'utf8')) as ChartSpec;
        const size = pngSize(fs.readFileSync(path.join(pack.path, `${name}.png`)));
        const used = dpi ?? 300;
        expect(size).toEqual({ width: Math.round(spec.size.widthIn * used), height: Math.round(spec.size.heightIn * used) });
      }
    }
    const gamma = JSON.parse(fs.readFileSync(path.join(tmp.dir, 'png-default', 'gamma.spec.json'), 'utf8')) as ChartSpec;
    expect(pngSize(fs.readFileSync(path.join(tmp.dir, 'png-default', 'gamma.png'))).width).toBe(Math.round(gamma.size.widthIn * 300));
  });

  it("lists every file in the manifest with a checksum that matches, plus the run's provenance", async () => {
    const pack = await exportTo(path.join(tmp.dir, 'manifest'), { runId });
    const manifest = JSON.parse(fs.readFileSync(path.join(pack.path, 'manifest.json'), 'utf8')) as {
      files: Record<string, { sha256: string; bytes: number }>;
      runIds: number[];
      runs: { seed: number; backend: string; precision: string; configHash: string }[];
      configs: Record<string, unknown>;
      appVersion: string;
      workspace: string;
    };
    expect(Object.keys(manifest.files).sort()).toEqual(pack.files.filter((f) => f !== 'manifest.json'));
    for (const [name, entry] of Object.entries(manifest.files)) {
      expect(sha(path.join(pack.path, name)), name).toBe(entry.sha256);
      expect(fs.statSync(path.join(pack.path, name)).size).toBe(entry.bytes);
    }
    expect(manifest.runIds).toEqual([runId]);
    expect(manifest.runs[0]).toMatchObject({ seed: 5, backend: 'cpu', precision: 'f64' });
    expect(Object.keys(manifest.configs)).toEqual([manifest.runs[0]?.configHash]);
    expect(manifest.workspace).toBe(path.resolve(wsFile));
    expect(manifest.appVersion).toMatch(/^\d+\.\d+\.\d+/);
    const readme = fs.readFileSync(path.join(pack.path, 'README.md'), 'utf8');
    expect(readme).toMatch(
      /## gamma\n\nFeature alignment γ, run \d+\n\nFeature alignment gamma_r .* over 120 GD steps \(K=2, alpha=\(1, 0\.6\), mu=\(0\.3, 0\.05\)/,
    );
    expect(readme).toMatch(/Joint training \(solid\) vs each modality trained alone \(dashed\).*rho = 0\.1 dotted grey/);
  });

  it('re-imports a run pack into a fresh workspace with the same config, summary and series', async () => {
    const pack = await exportTo(path.join(tmp.dir, 'reimport-run'), { runId, formats: ['svg'] });
    const fresh = path.join(tmp.dir, 'fresh-run.mcl');
    const result = await withWorkspace(fresh, (ws) => importFigurePack(ws, pack.path));
    expect(result.sweepId).toBeNull();
    expect(result.runIds).toHaveLength(1);
    const source = withWorkspace(wsFile, (ws) => ({ run: ws.getRun(runId), series: ws.getSeries(runId) }));
    const copy = withWorkspace(fresh, (ws) => ({
      run: ws.getRun(result.runIds[0] as number),
      series: ws.getSeries(result.runIds[0] as number),
    }));
    expect(copy.run?.status).toBe('finished');
    expect(copy.run?.config).toEqual(source.run?.config);
    expect(copy.run?.configHash).toBe(source.run?.configHash);
    expect(copy.run?.seed).toBe(source.run?.seed);
    expect(copy.run?.summary).toEqual(source.run?.summary);
    expect([...copy.series.keys()].sort()).toEqual([...source.series.keys()].sort());
    for (const [mode, s] of source.series) {
      const c = copy.series.get(mode);
      expect(c?.scalarNames, mode).toEqual(s.scalarNames);
      expect(Array.from(c?.steps ?? []), mode).toEqual(Array.from(s.steps));
      expect(Buffer.from((c as typeof s).scalars.buffer).equals(Buffer.from(s.scalars.buffer)), mode).toBe(true);
      expect(Buffer.from((c as typeof s).alignments.buffer).equals(Buffer.from(s.alignments.buffer)), mode).toBe(true);
    }
  });

  it('re-imports a zipped sweep pack with its cells, statistics and every run', async () => {
    const zip = path.join(tmp.dir, 'sweep.zip');
    const pack = await exportTo(zip, { sweepId, formats: ['svg'] });
    expect(pack.path).toBe(zip);
    expect(Object.keys(unzipSync(new Uint8Array(fs.readFileSync(zip)))).sort()).toEqual(pack.files);
    const again = await exportTo(path.join(tmp.dir, 'sweep-again.zip'), { sweepId, formats: ['svg'] });
    const inner = (file: string) => unzipSync(new Uint8Array(fs.readFileSync(file)));
    const [x, y] = [inner(zip), inner(again.path)];
    for (const name of Object.keys(x).filter((n) => n !== 'manifest.json'))
      expect(Buffer.from(x[name] as Uint8Array).equals(Buffer.from(y[name] as Uint8Array)), name).toBe(true);

    const fresh = path.join(tmp.dir, 'fresh-sweep.mcl');
    const result = await withWorkspace(fresh, (ws) => importFigurePack(ws, zip));
    expect(result.sweepId).not.toBeNull();
    const source = withWorkspace(wsFile, (ws) => ({
      sweep: ws.getSweep(sweepId),
      cells: ws.cellTable(sweepId),
      runs: [...ws.sweepRuns(sweepId).values()]
        .sort((a, b) => a.id - b.id)
        .map((r) => ({ run: ws.getRun(r.id), series: ws.getSeries(r.id) })),
    }));
    const copy = withWorkspace(fresh, (ws) => ({
      sweep: ws.getSweep(result.sweepId as number),
      cells: ws.cellTable(result.sweepId as number),
      runs: result.runIds.map((id) => ({ run: ws.getRun(id), series: ws.getSeries(id) })),
    }));
    expect(copy.sweep).toMatchObject({
      name: source.sweep?.name,
      specHash: source.sweep?.specHash,
      spec: source.sweep?.spec,
      seeds: source.sweep?.seeds,
      cellCount: source.sweep?.cellCount,
    });
    expect(copy.cells).toEqual(source.cells);
    expect(copy.runs).toHaveLength(source.runs.length);
    copy.runs.forEach((c, i) => {
      const s = source.runs[i] as (typeof source.runs)[number];
      expect(c.run).toMatchObject({ cellIndex: s.run?.cellIndex, seed: s.run?.seed, configHash: s.run?.configHash, status: 'finished' });
      expect(c.run?.summary).toEqual(s.run?.summary);
      for (const [mode, series] of s.series) expect(c.series.get(mode), mode).toEqual(series);
    });
  });

  it('refuses to import a sweep the workspace already holds, and a file that is not a pack, before writing anything', async () => {
    const zip = path.join(tmp.dir, 'sweep-twice.zip');
    await exportTo(zip, { sweepId, formats: ['svg'], figures: ['phase-diagram'] });
    const before = withWorkspace(wsFile, (ws) => ws.listRuns().length);
    await expect(withWorkspace(wsFile, (ws) => importFigurePack(ws, zip))).rejects.toThrow(
      /already holds this sweep \(id \d+\); import the pack into another workspace/,
    );
    expect(withWorkspace(wsFile, (ws) => ws.listRuns().length)).toBe(before);
    const notZip = path.join(tmp.dir, 'not-a-pack.zip');
    fs.writeFileSync(notZip, 'hello');
    await expect(withWorkspace(wsFile, (ws) => importFigurePack(ws, notZip))).rejects.toThrow(/not-a-pack\.zip is not a readable zip file/);
    const folder = path.join(tmp.dir, 'no-manifest');
    fs.mkdirSync(folder);
    await expect(withWorkspace(wsFile, (ws) => importFigurePack(ws, folder))).rejects.toThrow(
      /no-manifest is not a figure pack: it has no manifest\.json/,
    );
  });

  it('refuses a pack whose files do not match the manifest, naming the file, and imports nothing', async () => {
    const pack = await exportTo(path.join(tmp.dir, 'tampered'), { runId, formats: ['svg'] });
    const csv = path.join(pack.path, 'data', 'series.csv');
    fs.writeFileSync(csv, fs.readFileSync(csv, 'utf8').replace(/\n(\d+),joint,0,/, '\n$1,joint,0,9'));
    const fresh = path.join(tmp.dir, 'fresh-tampered.mcl');
    await expect(withWorkspace(fresh, (ws) => importFigurePack(ws, pack.path))).rejects.toThrow(
      /data\/series\.csv does not match its checksum in manifest\.json/,
    );
    expect(withWorkspace(fresh, (ws) => ws.listRuns())).toEqual([]);
  });

  it('redraws each figure from its spec and CSV alone, identical to the exported SVG', async () => {
    const pack = await exportTo(path.join(tmp.dir, 'redraw'), { sweepId, formats: ['svg'] });
    const run = await exportTo(path.join(tmp.dir, 'redraw-run'), { runId, formats: ['svg'] });
    for (const p of [pack, run]) {
      for (const name of p.files.filter((f) => f.endsWith('.spec.json'))) {
        const spec = JSON.parse(fs.readFileSync(path.join(p.path, name), 'utf8')) as ChartSpec;
        const table = parseCsv(fs.readFileSync(path.join(p.path, spec.data.file), 'utf8'));
        expect(table.columns).toEqual(spec.data.columns);
        expect(renderSvg(spec, table), name).toBe(fs.readFileSync(path.join(p.path, `${spec.name}.svg`), 'utf8'));
      }
    }
  });

  describe('bad requests: clear errors, nothing written, no temporary folders left', () => {
    it('unknown run id, unknown sweep id', async () => {
      await expect(exportTo(path.join(tmp.dir, 'bad-run'), { runId: 9999 })).rejects.toThrow(/has no run 9999; see `modcomp list`/);
      await expect(exportTo(path.join(tmp.dir, 'bad-sweep'), { sweepId: 77 })).rejects.toThrow(/has no sweep 77/);
      expect(fs.existsSync(path.join(tmp.dir, 'bad-run'))).toBe(false);
    });

    it('unknown figure name (listing the valid ones) and figures of the other source kind', async () => {
      await expect(exportTo(path.join(tmp.dir, 'bad-fig'), { runId, figures: ['gamma', 'gama'] })).rejects.toThrow(
        /unknown figure "gama"; the figures are: gamma, phi, losses, alignment, compare, phase-diagram, seed-bands\[:CELL\]/,
      );
      await expect(exportTo(path.join(tmp.dir, 'bad-fig'), { runId, figures: ['phase-diagram'] })).rejects.toThrow(
        /drawn from a sweep; export it with a sweep id/,
      );
      await expect(exportTo(path.join(tmp.dir, 'bad-fig'), { sweepId, figures: ['gamma'] })).rejects.toThrow(
        /drawn from one run; export it with a run id/,
      );
      await expect(exportTo(path.join(tmp.dir, 'bad-fig'), { sweepId, figures: ['seed-bands:40'] })).rejects.toThrow(/has no cell 40/);
      const sweepRun = withWorkspace(wsFile, (ws) => ws.listRuns({ sweepId })[0]?.id) as number;
      await expect(exportTo(path.join(tmp.dir, 'bad-fig'), { runId: sweepRun, figures: ['alignment'] })).rejects.toThrow(
        /stores no per-neuron alignments/,
      );
      expect(fs.existsSync(path.join(tmp.dir, 'bad-fig'))).toBe(false);
    });

    it('an output folder that cannot be created (under a regular file) and one that is not empty', async () => {
      const file = path.join(tmp.dir, 'plain-file');
      fs.writeFileSync(file, 'x');
      await expect(exportTo(path.join(file, 'sub'), { runId, formats: ['svg'] })).rejects.toThrow(
        /cannot write the pack to .*plain-file\/sub: a part of the path is a file, not a folder/,
      );
      await expect(exportTo(path.join(file, 'sub.zip'), { runId, formats: ['svg'] })).rejects.toThrow(/cannot write the pack/);
      const full = path.join(tmp.dir, 'occupied');
      fs.mkdirSync(full);
      fs.writeFileSync(path.join(full, 'keep.txt'), 'mine');
      await expect(exportTo(full, { runId, formats: ['svg'] })).rejects.toThrow(/occupied already exists and is not empty/);
      expect(fs.readdirSync(full)).toEqual(['keep.txt']);
      const empty = path.join(tmp.dir, 'empty-dest');
      fs.mkdirSync(empty);
      await exportTo(empty, { runId, formats: ['svg'], figures: ['gamma'] });
      expect(fs.readdirSync(empty)).toContain('gamma.svg');
      expect(partials(tmp.dir)).toEqual([]);
    });

    it('removes the temporary folder when writing fails half-way', () => {
      // The second file cannot be written (its folder "a" is already a file), after the first was.
      const dest = path.join(tmp.dir, 'half-way');
      const files = new Map([
        ['a', Buffer.from('first')],
        ['a/b', Buffer.from('second')],
      ]);
      expect(() => writePack(dest, files)).toThrow(
        /cannot write the pack to .*half-way: something already exists there; nothing was left behind/,
      );
      expect(fs.existsSync(dest)).toBe(false);
      expect(partials(tmp.dir)).toEqual([]);
      const nested = path.join(tmp.dir, 'new-parent', 'deeper', 'pack');
      expect(() => writePack(nested, files)).toThrow(/nothing was left behind/);
      expect(fs.existsSync(path.join(tmp.dir, 'new-parent'))).toBe(false);
    });
  });

  it('creates the pack folder with the mode any new folder gets here, not a private 0700', () => {
    const dest = path.join(tmp.dir, 'mode-check');
    writePack(
      dest,
      new Map([
        ['README.md', Buffer.from('x')],
        ['data/a.csv', Buffer.from('1')],
      ]),
    );
    // A folder made the ordinary way beside it shows what the user's umask gives.
    const usual = path.join(tmp.dir, 'mode-usual');
    fs.mkdirSync(usual);
    const expected = fs.statSync(usual).mode & 0o777;
    expect((fs.statSync(dest).mode & 0o777).toString(8)).toBe(expected.toString(8));
    expect((fs.statSync(path.join(dest, 'data')).mode & 0o777).toString(8)).toBe(expected.toString(8));
  });

  it('lists the standard figures with the source each needs', () => {
    const figures = standardFigures();
    expect(figures.map((f) => `${f.name}:${f.source}`)).toEqual([
      'gamma:run',
      'phi:run',
      'losses:run',
      'alignment:run',
      'compare:run',
      'phase-diagram:sweep',
      'seed-bands:sweep',
    ]);
  });
});
