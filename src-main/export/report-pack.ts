/**
 * The pack of a report trained as sweeps (the paper check's evidence, the remedy comparison):
 * its figures, the report as JSON and as text, the README and the manifest naming the sweeps.
 * The runs stay in the workspace, so such a pack is not for import.
 */
import type { ExportResultDto } from '../api/lab-api';
import type { BuiltFigure } from '../figures/built-figure';
import type { Workspace } from '../workspace/workspace';
import type { ManifestInput } from './pack-manifest';
import { packFormatsAndDpi, type PackFormat } from './pack-options';
import { checkDestination } from './pack-output';
import { writeFiguresPack } from './pack-writer';

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
  return writeFiguresPack(workspace, {
    out: request.out,
    formats,
    dpi,
    figures: pack.figures,
    extra: [
      ['report.json', Buffer.from(JSON.stringify(pack.report, null, 2) + '\n', 'utf8')],
      ['report.txt', Buffer.from(pack.reportText, 'utf8')],
    ],
    heading: pack.heading,
    contents: pack.contents,
    source: pack.source,
    runs: [],
  });
}
