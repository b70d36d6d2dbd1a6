/**
 * The paper check's outcome bars, one figure per claim: each statistic of the claim as a bar
 * with its 95% interval as a whisker and its threshold as a level mark across the bar (a rate
 * passes at or above it; a mean passes inside the +-tolerance marks), coloured by its verdict.
 */
import type { DataTable, LegendEntry, LinePanelSpec } from './chart-spec';
import { assembleFigure, type BuiltFigure } from './built-figure';
import { checkLine, estimateText, percentText } from './check-captions';
import type { CheckClaimInput, CheckContext, CheckStatisticInput } from './check-figure-inputs';
import { RECONSTRUCTED_NOTE } from './captions';
import { INK, panelColumns, VERDICT_COLOURS } from './style';

const VERDICTS = ['pass', 'fail', 'no data'] as const;

function row(panel: 'rates' | 'means', position: number, s: CheckStatisticInput): DataTable['rows'][number] {
  const e = s.estimate;
  if (e.kind === 'rate') {
    const has = e.n > 0;
    return [
      panel,
      s.id,
      position,
      has ? e.p : null,
      has ? e.low : null,
      has ? e.high : null,
      s.threshold,
      null,
      e.n,
      e.successes,
      s.verdict,
    ];
  }
  return [panel, s.id, position, e.value, e.low, e.high, s.threshold, -s.threshold, e.n, null, s.verdict];
}

function thresholdText(s: CheckStatisticInput): string {
  return s.estimate.kind === 'rate' ? `at least ${percentText(s.threshold)}` : `within +-${s.threshold}`;
}

export function claimBarsFigure(claim: CheckClaimInput, context: CheckContext): BuiltFigure {
  const table: DataTable = {
    columns: ['panel', 'statistic', 'position', 'value', 'low', 'high', 'threshold', 'thresholdLow', 'n', 'successes', 'verdict'],
    rows: [],
  };
  const rates = claim.statistics.filter((s) => s.estimate.kind === 'rate');
  const means = claim.statistics.filter((s) => s.estimate.kind === 'mean');
  rates.forEach((s, i) => table.rows.push(row('rates', i, s)));
  means.forEach((s, i) => table.rows.push(row('means', i, s)));
  const panel = (name: 'rates' | 'means', stats: CheckStatisticInput[]): LinePanelSpec => ({
    kind: 'line',
    title: name === 'rates' ? 'share of runs' : 'mean over runs',
    x: { label: 'statistic', unit: null, scale: 'linear', tickFormat: 'number', categories: stats.map((s) => s.id) },
    y:
      name === 'rates'
        ? { label: 'share of runs', unit: '%', scale: 'linear', tickFormat: 'percent', domain: [0, 1] }
        : { label: 'test error excess', unit: null, scale: 'linear', tickFormat: 'number' },
    series: [
      ...VERDICTS.filter((v) => stats.some((s) => s.verdict === v)).map((v) => ({
        label: v,
        where: { panel: name, verdict: v },
        x: 'position',
        y: 'value',
        band: { low: 'low', high: 'high' },
        color: VERDICT_COLOURS[v],
        dash: 'solid' as const,
        draw: 'bars' as const,
      })),
      { label: 'threshold', where: { panel: name }, x: 'position', y: 'threshold', color: INK, dash: 'reference', draw: 'marks' },
      ...(name === 'means'
        ? [
            {
              label: 'threshold (lower)',
              where: { panel: name },
              x: 'position',
              y: 'thresholdLow',
              color: INK,
              dash: 'reference' as const,
              draw: 'marks' as const,
            },
          ]
        : []),
    ],
    annotations: [{ type: 'note', text: stats.map((s) => `${s.id}: n = ${s.estimate.n}`).join(', ') }],
  });
  const panels = [...(rates.length > 0 ? [panel('rates', rates)] : []), ...(means.length > 0 ? [panel('means', means)] : [])];
  const legend: LegendEntry[] = [
    ...VERDICTS.filter((v) => claim.statistics.some((s) => s.verdict === v)).map((v): LegendEntry => ({
      label: `verdict ${v} (whisker: 95% interval)`,
      color: VERDICT_COLOURS[v],
      dash: 'solid',
      swatch: 'bar',
    })),
    { label: 'threshold (a mean: +-tolerance)', color: INK, dash: 'reference', swatch: 'line' },
  ];
  const ns = claim.statistics.map((s) => s.estimate.n);
  const measured = claim.statistics.map(
    (s) =>
      `${s.id} (${s.statement}; runs of the "${s.sweep}" sweep): ${estimateText(s.estimate)}, threshold ${thresholdText(s)}, ${s.verdict}`,
  );
  const caption =
    `${claim.id}, ${claim.title}: verdict ${claim.verdict}. Each statistic as a bar with its 95% interval (Wilson for a share, mean +- 1.96 sd / sqrt(n) for a mean) ` +
    `and its threshold as a dotted mark; n per statistic from ${Math.min(...ns)} to ${Math.max(...ns)} runs. ${measured.join('. ')}. ${checkLine(context)}. ${RECONSTRUCTED_NOTE}`;
  return assembleFigure({
    name: `claim-${claim.id}`,
    figure: 'check-claim',
    // The claim's short name (before its colon) keeps the title within one column.
    title: `${claim.id} ${claim.title.split(':')[0]}: ${claim.verdict.toUpperCase()}`,
    caption,
    columns: panelColumns(panels.length),
    panels,
    legend,
    table,
  });
}
