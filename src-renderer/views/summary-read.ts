/**
 * Reads what the compare view needs from a run's stored summary, which the contract leaves as
 * `unknown` (runs/run-summary.ts writes it). Missing or oddly shaped parts read as null, so an older
 * workspace shows dashes rather than breaking the view.
 */
export interface ModeOutcome {
  testErr: number | null;
  trainErr: number | null;
  crossStep: (number | null)[];
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function modeOutcome(summary: unknown, mode: string): ModeOutcome {
  const modes = (summary as { modes?: Record<string, unknown> } | null)?.modes;
  const entry = (modes && typeof modes === 'object' ? modes[mode] : undefined) as
    { testErr?: unknown; trainErr?: unknown; modalities?: unknown } | undefined;
  const modalities = Array.isArray(entry?.modalities) ? (entry.modalities as unknown[]) : [];
  return {
    testErr: num(entry?.testErr),
    trainErr: num(entry?.trainErr),
    crossStep: modalities.map((m) => num((m as { crossStep?: unknown } | null)?.crossStep)),
  };
}
