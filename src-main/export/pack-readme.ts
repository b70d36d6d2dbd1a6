/** The pack's README.md: what is in it, and a caption per figure generated from the configuration. */
import type { ChartSpec } from '../figures/chart-spec';

export interface ReadmeInput {
  heading: string;
  appVersion: string;
  formats: string[];
  dpi: number;
  figures: { spec: ChartSpec; files: string[] }[];
  /** What the pack holds besides its figures, when it is not the run data of `data/`. */
  contents?: string;
}

export function buildReadme(input: ReadmeInput): Buffer {
  const lines: string[] = [];
  lines.push(`# Figure pack: ${input.heading}`, '');
  lines.push(
    `Exported by Modality Competition Lab ${input.appVersion}. Each figure is here as ${input.formats.map((f) => f.toUpperCase()).join(', ')}` +
      (input.formats.includes('png') ? ` (PNG at ${input.dpi} dpi)` : '') +
      ', with the data behind it (`NAME.csv`, one row per point) and its chart specification (`NAME.spec.json`: axes, scales, series by CSV column, legend, annotations), enough to redraw it in any plotting tool.',
    '',
    input.contents ??
      '`data/` holds the complete run data (configurations, summaries, every recorded series); `modcomp import-pack --workspace FILE PACK` re-creates the runs in a workspace after checking every file against the SHA-256 sums in `manifest.json`.',
    '',
    'Font: DejaVu Sans. Colours: Okabe-Ito, one fixed colour per modality; solid lines are joint training, dashed lines a modality trained alone.',
    '',
  );
  for (const { spec, files } of input.figures) {
    lines.push(`## ${spec.name}`, '', spec.title, '', spec.caption, '', `Files: ${files.map((f) => `\`${f}\``).join(', ')}`, '');
  }
  return Buffer.from(lines.join('\n'), 'utf8');
}
