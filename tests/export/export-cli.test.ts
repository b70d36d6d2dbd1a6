import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import { Workspace } from '../../src-main/workspace/workspace';
import { captureIo } from '../cli/capture-io';
import { recordTinyRun } from '../figures/lab-fixtures';
import { tempDir } from '../workspace/temp-dir';
import { partials, pngSize } from './pack-files';

let tmp: ReturnType<typeof tempDir>;
let ws: string;
let runId: number;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await main(args, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('modcomp export / import-pack: usage', () => {
  it('explains both commands with examples and the figure list', async () => {
    const exp = await cli('export', '--help');
    expect(exp.code).toBe(0);
    expect(exp.out).toMatch(/Examples:/);
    expect(exp.out).toMatch(/--figures <names>/);
    expect(exp.out).toMatch(/phase-diagram +\(sweep\)/);
    expect(exp.out).toMatch(/gamma +\(run\)/);
    const imp = await cli('import-pack', '--help');
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(/SHA-256/);
  });

  it('refuses bad arguments with exit 2 and one line, before opening any workspace', async () => {
    const dir = tempDir('mcl-export-usage-');
    try {
      const missing = path.join(dir.dir, 'none.mcl');
      const cases: [string[], RegExp][] = [
        [['export', '--workspace', missing], /^modcomp: export needs --run ID or --sweep ID \(one of them\)\n$/],
        [['export', '--workspace', missing, '--run', '1', '--sweep', '1'], /^modcomp: export needs --run ID or --sweep ID/],
        [['export', '--workspace', missing, '--run', 'x'], /^modcomp: "x" is not a run id/],
        [
          ['export', '--workspace', missing, '--run', '1', '--format', 'svg,eps'],
          /^modcomp: --format: unknown format "eps"; choose from svg, pdf, png\n$/,
        ],
        [
          ['export', '--workspace', missing, '--run', '1', '--dpi', '10'],
          /^modcomp: --dpi needs a whole number from 50 to 1200 \(got "10"\)\n$/,
        ],
        [
          ['export', '--workspace', missing, '--run', '1'],
          /^modcomp: there is no workspace at .*none\.mcl; check --workspace \(a workspace is made by .*\)\n$/,
        ],
      ];
      for (const [args, message] of cases) {
        const { code, err } = await cli(...args);
        expect(code, args.join(' ')).toBe(2);
        expect(err, args.join(' ')).toMatch(message);
      }
      expect(fs.existsSync(missing)).toBe(false);
    } finally {
      dir.cleanup();
    }
  });
});

describe.skipIf(!nativeAvailable())('modcomp export / import-pack on a recorded run', () => {
  beforeAll(async () => {
    tmp = tempDir('mcl-export-cli-');
    ws = path.join(tmp.dir, 'lab.mcl');
    runId = await recordTinyRun(ws, 7, 80);
  });
  afterAll(() => tmp?.cleanup());

  it('writes a pack (default folder beside the workspace), then a chosen zip, and reports them', async () => {
    const first = await cli(
      'export',
      '--workspace',
      ws,
      '--run',
      String(runId),
      '--figures',
      'gamma,compare',
      '--format',
      'svg,png',
      '--dpi',
      '100',
    );
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const folder = path.join(tmp.dir, `lab-run-${runId}-figures`);
    expect(first.out).toBe(`figure pack written to ${folder} (13 files)\n`);
    expect(fs.readdirSync(folder).sort()).toEqual(
      [
        'README.md',
        'compare.csv',
        'compare.png',
        'compare.spec.json',
        'compare.svg',
        'data',
        'gamma.csv',
        'gamma.png',
        'gamma.spec.json',
        'gamma.svg',
        'manifest.json',
      ].sort(),
    );
    const spec = JSON.parse(fs.readFileSync(path.join(folder, 'gamma.spec.json'), 'utf8')) as {
      size: { widthIn: number; heightIn: number };
    };
    expect(pngSize(fs.readFileSync(path.join(folder, 'gamma.png')))).toEqual({
      width: Math.round(spec.size.widthIn * 100),
      height: Math.round(spec.size.heightIn * 100),
    });
    const second = await cli('export', '--workspace', ws, '--run', String(runId), '--json');
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out)).toMatchObject({ path: `${folder}-2` });

    const zip = path.join(tmp.dir, 'out', 'run.zip');
    const third = await cli('export', '--workspace', ws, '--run', String(runId), '--format', 'pdf', '--out', zip, '--json');
    expect(third.code).toBe(0);
    expect((JSON.parse(third.out) as { files: string[] }).files).toContain('gamma.pdf');
    expect(fs.statSync(zip).isFile()).toBe(true);
    const again = await cli('export', '--workspace', ws, '--run', String(runId), '--out', zip);
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/^modcomp: .*run\.zip already exists; choose another --out or remove it first\n$/);
  });

  it('fails with exit 2 on an unknown run, an unknown figure and an unwritable folder, leaving nothing behind', async () => {
    const unknownRun = await cli('export', '--workspace', ws, '--run', '999');
    expect(unknownRun.code).toBe(2);
    expect(unknownRun.err).toMatch(/^modcomp: workspace .*lab\.mcl has no run 999; see `modcomp list`\n$/);
    const unknownFigure = await cli(
      'export',
      '--workspace',
      ws,
      '--run',
      String(runId),
      '--figures',
      'gamma,heatmap',
      '--out',
      path.join(tmp.dir, 'x'),
    );
    expect(unknownFigure.code).toBe(2);
    expect(unknownFigure.err).toMatch(
      /^modcomp: unknown figure "heatmap"; the figures are: gamma, phi, losses, alignment, compare, phase-diagram, seed-bands\[:CELL\]\n$/,
    );
    const file = path.join(tmp.dir, 'notes.txt');
    fs.writeFileSync(file, 'notes');
    const unwritable = await cli('export', '--workspace', ws, '--run', String(runId), '--format', 'svg', '--out', path.join(file, 'pack'));
    expect(unwritable.code).toBe(2);
    expect(unwritable.err).toMatch(/^modcomp: cannot write the pack to .*notes\.txt\/pack: /);
    expect(fs.existsSync(path.join(tmp.dir, 'x'))).toBe(false);
    expect(partials(tmp.dir)).toEqual([]);
  });

  it('imports a pack into another workspace and refuses a damaged one', async () => {
    const pack = path.join(tmp.dir, 'for-import');
    expect((await cli('export', '--workspace', ws, '--run', String(runId), '--format', 'svg', '--out', pack)).code).toBe(0);
    const other = path.join(tmp.dir, 'other.mcl');
    const imported = await cli('import-pack', '--workspace', other, pack);
    expect(imported.err).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.out).toMatch(/^imported run 1 into .*other\.mcl\n$/);
    const shown = await cli('show', '1', '--workspace', other, '--json');
    const original = await cli('show', String(runId), '--workspace', ws, '--json');
    const pick = (text: string) => {
      const run = JSON.parse(text) as { summary: unknown; config: unknown; configHash: string; seed: number };
      return { summary: run.summary, config: run.config, configHash: run.configHash, seed: run.seed };
    };
    expect(pick(shown.out)).toEqual(pick(original.out));

    fs.appendFileSync(path.join(pack, 'gamma.csv'), 'joint,0,9999,1\n');
    const damaged = await cli('import-pack', '--workspace', other, pack);
    expect(damaged.code).toBe(2);
    expect(damaged.err).toMatch(/^modcomp: .*gamma\.csv does not match its checksum in manifest\.json/);
    const opened = Workspace.open(other);
    expect(opened.listRuns()).toHaveLength(1);
    opened.close();
    const none = await cli('import-pack', '--workspace', other, path.join(tmp.dir, 'nope'));
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/nope does not exist/);
  });
});
