/**
 * Writing a pack of figures, the one way every pack is written (a run's or a sweep's figure
 * pack, the paper check's evidence, the remedy comparison): each figure in the formats asked for
 * with its CSV and chart spec, the pack's own files beside them, a README with every caption and
 * a manifest with the SHA-256 of every file.
 */
import * as path from 'node:path';
import type { ExportResultDto } from '../api/lab-api';
import type { BuiltFigure } from '../figures/built-figure';
import { toCsv } from '../figures/csv';
import { renderPdf } from '../figures/render-pdf';
import { pngPixels, renderPng } from '../figures/render-png';
import { renderSvg } from '../figures/render-svg';
import { appVersion } from '../workspace/app-version';
import type { Workspace } from '../workspace/workspace';
import { buildManifest, MANIFEST_FILE, type ManifestInput } from './pack-manifest';
import type { PackFormat } from './pack-options';
import { writePack } from './pack-output';
import { buildReadme } from './pack-readme';

export async function figureFiles(figure: BuiltFigure, formats: PackFormat[], dpi: number): Promise<Map<string, Buffer>> {
  const { spec, table } = figure;
  const files = new Map<string, Buffer>();
  const svg = renderSvg(spec, table);
  if (formats.includes('svg')) files.set(`${spec.name}.svg`, Buffer.from(svg, 'utf8'));
  if (formats.includes('pdf')) files.set(`${spec.name}.pdf`, await renderPdf(svg, spec.size, spec.title));
  if (formats.includes('png')) files.set(`${spec.name}.png`, renderPng(renderSvg(spec, table, { pixels: pngPixels(spec.size, dpi) })));
  files.set(spec.data.file, Buffer.from(toCsv(table), 'utf8'));
  files.set(`${spec.name}.spec.json`, Buffer.from(JSON.stringify(spec, null, 2) + '\n', 'utf8'));
  return files;
}

export interface PackContents {
  /** Output folder, or a path ending in `.zip` (already checked to be free). */
  out: string;
  formats: PackFormat[];
  dpi: number;
  figures: BuiltFigure[];
  /** The pack's own files beside the figures (run data, a report), by name. */
  extra: Iterable<[string, Buffer]>;
  /** The README's first line, and its paragraph on the pack's own files. */
  heading: string;
  contents?: string;
  source: ManifestInput['source'];
  runs: ManifestInput['runs'];
}

export async function writeFiguresPack(workspace: Workspace, pack: PackContents): Promise<ExportResultDto> {
  const { formats, dpi } = pack;
  const files = new Map<string, Buffer>();
  const listed: { name: string; figure: string; title: string; files: string[] }[] = [];
  for (const figure of pack.figures) {
    const own = await figureFiles(figure, formats, dpi);
    for (const [name, bytes] of own) files.set(name, bytes);
    listed.push({ name: figure.spec.name, figure: figure.spec.figure, title: figure.spec.title, files: [...own.keys()] });
  }
  for (const [name, bytes] of pack.extra) files.set(name, bytes);
  files.set(
    'README.md',
    buildReadme({
      heading: pack.heading,
      appVersion: appVersion(),
      formats,
      dpi,
      figures: pack.figures.map((f, i) => ({ spec: f.spec, files: listed[i]?.files ?? [] })),
      ...(pack.contents !== undefined ? { contents: pack.contents } : {}),
    }),
  );
  files.set(
    MANIFEST_FILE,
    buildManifest({
      exportedAt: new Date(),
      workspace: workspace.file,
      source: pack.source,
      runs: pack.runs,
      figures: listed,
      formats,
      dpi,
      files,
    }),
  );
  writePack(pack.out, files);
  return { path: path.resolve(pack.out), files: [...files.keys()].sort() };
}
