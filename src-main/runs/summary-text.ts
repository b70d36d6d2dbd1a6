/** The short human-readable form of a RunSummary, printed when `--json` is not given. */
import { JOINT_OUTCOME_LABELS, type RunOutcome } from './run-outcome';
import type { ModeName } from '../engine/native-types';
import type { ModeSummary, RunSummary } from './run-summary';

/** One sentence for the joint run's outcome, with the losers' growth when one modality won. */
export function outcomeSentence(outcome: RunOutcome): string {
  const text = JOINT_OUTCOME_LABELS[outcome.kind];
  if (outcome.soleWinner === null) return text;
  const growth =
    outcome.loserGrowth === null ? '' : `; the others peaked at ${Number(outcome.loserGrowth.toPrecision(2))}x their initial alignment`;
  return `${text} (modality ${outcome.soleWinner})${growth}`;
}

function num(value: number | null, digits = 3): string {
  if (value === null) return '-';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  return abs >= 1e-3 && abs < 1e4 ? String(Number(value.toPrecision(digits))) : value.toExponential(digits - 1);
}

function pct(value: number | null): string {
  return value === null ? '-' : `${(value * 100).toFixed(1)}%`;
}

function table(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

function modalityCell(mode: ModeSummary, r: number): string {
  const m = mode.modalities[r];
  if (!m) return '-';
  const crossed = m.crossStep === null ? 'never' : `@${m.crossStep}`;
  return `${num(m.gamma)} (${crossed}) / ${num(m.phi)}`;
}

export function formatSummaryText(summary: RunSummary): string {
  const { config } = summary;
  const K = config.data.K;
  const lines: string[] = [];
  const status = summary.cancelled ? '  [CANCELLED: partial results]' : '';
  lines.push(
    `config ${summary.configHash.slice(0, 12)}  seed ${summary.seed}  backend ${summary.backend.used}` +
      (summary.backend.requested !== summary.backend.used ? ` (requested ${summary.backend.requested})` : '') +
      `  ${config.precision}  rho ${config.model.rho}${status}`,
  );
  const header = ['mode', 'steps', 'train loss', 'train err', 'test err'];
  for (let r = 0; r < K; r++) header.push(`gamma_${r} (crossed) / phi_${r}`);
  const rows = [header];
  for (const [name, mode] of Object.entries(summary.modes) as [ModeName, ModeSummary][]) {
    const steps = `${mode.stepsRun}${mode.cancelled ? '*' : ''}${mode.divergedAtStep !== null ? ' diverged' : ''}`;
    const row = [name, steps, num(mode.trainLoss), pct(mode.trainErr), pct(mode.testErr)];
    for (let r = 0; r < K; r++) row.push(modalityCell(mode, r));
    rows.push(row);
  }
  lines.push(...table(rows));
  const joint = summary.modes.joint;
  if (joint) {
    const alone = joint.modalities.map((m, r) => `${r}: ${pct(m?.aloneTestErr ?? null)}`).join(', ');
    lines.push(`joint encoders alone, test error: ${alone}`);
  }
  const winners = summary.observedWinners;
  lines.push(
    `observed winner(s) of the joint run: ${winners === null ? 'no joint run' : winners.length ? winners.map((r) => `modality ${r}`).join(', ') : 'none crossed rho'}` +
      `;  predicted winner (heuristic): modality ${summary.predictedWinner.modality}`,
  );
  const classes = summary.observedClassWinners;
  if (classes) {
    const list = (rs: number[]): string => (rs.length ? rs.join(', ') : 'none');
    lines.push(`per class, modalities above rho in the joint run: +1: ${list(classes.plus)};  -1: ${list(classes.minus)}`);
  }
  if (summary.outcome) lines.push(`outcome of the joint run: ${outcomeSentence(summary.outcome)}`);
  if (summary.gap !== null && summary.bestUnimodal) {
    const sign = summary.gap > 0 ? '+' : '';
    lines.push(
      `gap = test err(joint) - best unimodal test err (${summary.bestUnimodal}) = ${sign}${(summary.gap * 100).toFixed(1)} points` +
        (summary.gap > 0 ? ': the best unimodal net beats joint training' : ''),
    );
  }
  return lines.join('\n') + '\n';
}
