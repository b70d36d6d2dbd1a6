/**
 * The pack of a report trained as sweeps (the paper check's evidence, the remedy comparison):
 * its figures in every format asked for, the report as JSON and as text, a README with every
 * caption, and a manifest naming the sweeps and the SHA-256 of every file. The runs stay in the
 * workspace, so such a pack is not for import.
 */
import * as path from 'node:path';
import type { ExportResultDto } from '../api/lab-api';
import type { BuiltFigure } from '../figures/built-figure';
import { appVersion } from '../workspace/app-version';
import type { Workspace } from '../workspace/workspace';
import { figureFiles } from './figure-pack';
import { buildManifest, MANIFEST_FILE, type ManifestInput } from './pack-manifest';
import { packFormatsAndDpi, type PackFormat } from './pack-options';
import { checkDestination, writePack } from './pack-output';
import { buildReadme } from './pack-readme';

export interface ReportPackRequest {
  /** Output folder, or a path ending in `.zip`. */
  out: string;
  formats?: PackFormat[];
  dpi?: number;
}

export interface ReportPackContents {
  figures: BuiltFigure[];
  report: unknown;
  reportText: string;
  /** The README's first line. */
  heading: string;
  /** The README's paragraph on report.txt, report.json and where the runs are. */
  contents: string;
  source: ManifestInput['source'];
}

export async function writeReportPack(
  workspace: Workspace,
  request: ReportPackRequest,
  pack: ReportPackContents,
): Promise<ExportResultDto> {
  const { formats, dpi } = packFormatsAndDpi(request);
  checkDestination(request.out);
  const files = new Map<string, Buffer>();
  const listed: { name: string; figure: string; title: string; files: string[] }[] = [];
  for (const figure of pack.figures) {
    const own = await figureFiles(figure, formats, dpi);
    for (const [name, bytes] of own) files.set(name, bytes);
    listed.push({ name: figure.spec.name, figure: figure.spec.figure, title: figure.spec.title, files: [...own.keys()] });
  }
  files.set('report.json', Buffer.from(JSON.stringify(pack.report, null, 2) + '\n', 'utf8'));
  files.set('report.txt', Buffer.from(pack.reportText, 'utf8'));
  files.set(
    'README.md',
    buildReadme({
      heading: pack.heading,
      appVersion: appVersion(),
      formats,
      dpi,
      figures: pack.figures.map((f, i) => ({ spec: f.spec, files: listed[i]?.files ?? [] })),
      contents: pack.contents,
    }),
  );
  files.set(
    MANIFEST_FILE,
    buildManifest({
      exportedAt: new Date(),
      workspace: workspace.file,
      source: pack.source,
      runs: [],
      figures: listed,
      formats,
      dpi,
      files,
    }),
  );
  writePack(request.out, files);
  return { path: path.resolve(request.out), files: [...files.keys()].sort() };
}
