/**
 * `modcomp export --workspace FILE --run ID | --sweep ID [--figures a,b] [--format svg,pdf,png]
 * [--dpi N] [--out DIR|FILE.zip]`: writes a figure pack, the same one the app and the lab server
 * write (export/figure-pack.ts).
 */
import { Command } from 'commander';
import { standardFigureInfos } from '../figures/catalog';
import { DEFAULT_DPI, DPI_RANGE, PACK_FORMATS, type PackFormat } from '../export/pack-options';
import { defaultWorkspacePath } from '../workspace/default-location';
import type { CliIo } from './cli-io';
import { parseRunId } from './run-id';
import { UsageError } from './usage-error';
import { withWorkspace, WORKSPACE_HELP } from './workspace-option';

export interface ExportOptions {
  workspace?: string;
  run?: string;
  sweep?: string;
  figures?: string;
  format?: string;
  dpi?: string;
  out?: string;
  json: boolean;
}

function list(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 0) throw new UsageError('an empty list was given; separate names with commas, e.g. gamma,losses');
  return items;
}

export function parseFormats(text: string | undefined): PackFormat[] | undefined {
  const items = list(text);
  for (const f of items ?? []) {
    if (!(PACK_FORMATS as readonly string[]).includes(f))
      throw new UsageError(`--format: unknown format "${f}"; choose from ${PACK_FORMATS.join(', ')}`);
  }
  return items as PackFormat[] | undefined;
}

export function parseDpi(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const dpi = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || dpi < DPI_RANGE.min || dpi > DPI_RANGE.max) {
    throw new UsageError(`--dpi needs a whole number from ${DPI_RANGE.min} to ${DPI_RANGE.max} (got "${text}")`);
  }
  return dpi;
}

export async function exportCommand(opts: ExportOptions, io: CliIo): Promise<number> {
  if ((opts.run === undefined) === (opts.sweep === undefined)) throw new UsageError('export needs --run ID or --sweep ID (one of them)');
  const runId = opts.run === undefined ? undefined : parseRunId(opts.run);
  const sweepId = opts.sweep === undefined ? undefined : parseRunId(opts.sweep);
  const figures = list(opts.figures);
  const formats = parseFormats(opts.format);
  const dpi = parseDpi(opts.dpi);
  // Loaded here: the renderers (pdfkit, resvg) are only needed when a pack is written.
  const { defaultPackPath, exportFigurePack, FigurePackError } = await import('../export/figure-pack');
  return withWorkspace(opts.workspace, 'existing', async (ws) => {
    const out = opts.out ?? defaultPackPath(ws.file, { runId, sweepId });
    try {
      const result = await exportFigurePack(ws, { runId, sweepId, figures, formats, dpi, out });
      if (opts.json) io.out(JSON.stringify(result, null, 2) + '\n');
      else io.out(`figure pack written to ${result.path} (${result.files.length} files)\n`);
      return 0;
    } catch (err) {
      if (err instanceof FigurePackError) throw new UsageError(err.message);
      throw err;
    }
  });
}

const EXPORT_EXAMPLES = `
Examples:
  $ modcomp export --workspace lab.mcl --run 12
  $ modcomp export --workspace lab.mcl --run 12 --figures gamma,compare --format pdf --out figs/run12
  $ modcomp export --workspace lab.mcl --sweep 2 --figures phase-diagram,seed-bands:3 --out sweep2.zip
  $ modcomp export --workspace lab.mcl --run 12 --format png --dpi 600

The pack holds, per figure, NAME.svg/.pdf/.png, NAME.csv (the data, one row per point) and
NAME.spec.json (the chart specification); data/ (everything needed by \`modcomp import-pack\`);
manifest.json (provenance and a SHA-256 per file); README.md (a caption per figure).`;

export function registerExportCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const figureList = standardFigureInfos()
    .map((f) => `  ${f.name.padEnd(14)} (${f.source}) ${f.description}`)
    .join('\n');
  program
    .command('export')
    .description('write a figure pack (SVG, PDF, PNG, tidy CSV, chart specs, data, manifest) for a run or a sweep')
    .option('--workspace <file>', WORKSPACE_HELP)
    .option('--run <id>', 'export the figures of this run')
    .option('--sweep <id>', 'export the figures of this sweep')
    .option('--figures <names>', 'comma-separated figure names (default: every figure that applies)')
    .option('--format <formats>', `comma-separated formats among ${PACK_FORMATS.join(', ')} (default: all)`)
    .option('--dpi <n>', `PNG resolution, ${DPI_RANGE.min} to ${DPI_RANGE.max} (default ${DEFAULT_DPI})`)
    .option('--out <path>', 'output folder (new or empty) or FILE.zip (default: a new folder beside the workspace)')
    .option('--json', 'print the pack path and its files as JSON', false)
    .addHelpText('after', `${EXPORT_EXAMPLES}\n\nFigures:\n${figureList}\n\nDefault workspace: ${defaultWorkspacePath()}`)
    .action(async (opts: ExportOptions) => setExit(await exportCommand(opts, io)));
}
