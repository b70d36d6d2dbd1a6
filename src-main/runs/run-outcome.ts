/**
 * What happened in one run, in the words the theory uses, defined once for every reader (the
 * CLI, the app's views, sweep statistics, the paper check, figures):
 *
 * - a modality *learned a class* in the joint run when its alignment for that class
 *   (gammaPlus for +1, gammaMinus for -1) rose above rho at some record;
 * - a modality *learned its feature* when its gamma = min(gammaPlus, gammaMinus) crossed rho
 *   (checked by the engine after every step), i.e. it learned both classes;
 * - the joint run's *outcome* is exactly one of:
 *   `one` (one modality learned its feature and no other learned any class),
 *   `several` (two or more learned their features, none learned just one class),
 *   `split` (some modality learned exactly one of the two classes: the classes went to
 *   different modalities, or a loser took one class), `none` (no modality learned any class).
 *   With the odd head both classes share every neuron, so `split` cannot occur.
 *
 * Summaries recorded before the peak and initial alignments were kept fall back to the final
 * alignments (peak) and leave the growth of the losers unknown (null).
 */

export type JointOutcomeKind = 'one' | 'several' | 'split' | 'none';

export const JOINT_OUTCOME_KINDS: readonly JointOutcomeKind[] = ['one', 'several', 'split', 'none'];

/** The reading of each outcome a person sees (legends, captions, tooltips). */
export const JOINT_OUTCOME_LABELS: Record<JointOutcomeKind, string> = {
  one: 'exactly one modality learned its feature',
  several: 'several modalities learned their features',
  split: 'classes split between modalities',
  none: 'no modality learned a class',
};

export interface ClassesLearned {
  plus: boolean;
  minus: boolean;
}

export interface RunOutcome {
  /** Per modality of the joint run: the classes it learned. */
  jointClasses: ClassesLearned[];
  /** Per modality of the joint run: whether it learned its feature (gamma crossed rho). */
  jointLearned: boolean[];
  kind: JointOutcomeKind;
  /** The one modality that learned its feature, when `kind` is `one`. */
  soleWinner: number | null;
  /**
   * When exactly one modality learned its feature: the largest ratio, over the other modalities
   * and both classes, of the peak alignment to the initial one (how far the losers moved from
   * their initial scale). Null without initial alignments, or without a single winner.
   */
  loserGrowth: number | null;
  /** Per modality: whether its unimodal run learned its feature; null where it did not run to the end. */
  unimodalLearned: (boolean | null)[];
  /** Every mode trained all its steps (not cancelled, not diverged). */
  complete: boolean;
}

/** The parts of a (stored) run summary the outcome reads; older summaries lack the optional ones. */
export interface OutcomeModality {
  gammaPlus: number | null;
  gammaMinus: number | null;
  crossStep: number | null;
  peakGammaPlus?: number | null;
  peakGammaMinus?: number | null;
  initialGammaPlus?: number | null;
  initialGammaMinus?: number | null;
}

export interface OutcomeMode {
  stepsRun: number;
  cancelled: boolean;
  divergedAtStep: number | null;
  modalities: (OutcomeModality | null)[];
}

export interface OutcomeInput {
  K: number;
  rho: number;
  steps: number;
  modes: Partial<Record<string, OutcomeMode>>;
}

function ranToEnd(mode: OutcomeMode | undefined, steps: number): boolean {
  return mode !== undefined && !mode.cancelled && mode.divergedAtStep === null && mode.stepsRun >= steps;
}

function peak(m: OutcomeModality, sign: 'Plus' | 'Minus'): number {
  const value = m[`peakGamma${sign}`] ?? m[`gamma${sign}`];
  return typeof value === 'number' ? value : -Infinity;
}

function growth(m: OutcomeModality | null): number | null {
  if (!m) return null;
  const ratios = (['Plus', 'Minus'] as const).map((sign) => {
    const initial = m[`initialGamma${sign}`];
    const top = m[`peakGamma${sign}`];
    if (typeof initial !== 'number' || typeof top !== 'number' || !(initial > 0)) return null;
    return top / initial;
  });
  if (ratios.some((r) => r === null)) return null;
  return Math.max(...(ratios as number[]));
}

export function joinOutcome(classes: ClassesLearned[]): { kind: JointOutcomeKind; soleWinner: number | null } {
  const counts = classes.map((c) => Number(c.plus) + Number(c.minus));
  if (counts.some((c) => c === 1)) return { kind: 'split', soleWinner: null };
  const full = counts.flatMap((c, r) => (c === 2 ? [r] : []));
  if (full.length === 0) return { kind: 'none', soleWinner: null };
  if (full.length === 1) return { kind: 'one', soleWinner: full[0] as number };
  return { kind: 'several', soleWinner: null };
}

/** The outcome of a run with a joint mode; null when the run trained no joint mode. */
export function runOutcome(input: OutcomeInput): RunOutcome | null {
  const joint = input.modes.joint;
  if (!joint) return null;
  const modalities = Array.from({ length: input.K }, (_, r) => joint.modalities[r] ?? null);
  const jointClasses = modalities.map((m) => ({
    plus: m !== null && peak(m, 'Plus') > input.rho,
    minus: m !== null && peak(m, 'Minus') > input.rho,
  }));
  // The engine checks the crossing after every step; a record-based peak can miss a crossing
  // between records, so a crossed modality counts as having learned both classes.
  modalities.forEach((m, r) => {
    if (m?.crossStep !== null && m?.crossStep !== undefined) jointClasses[r] = { plus: true, minus: true };
  });
  const jointLearned = jointClasses.map((c) => c.plus && c.minus);
  const { kind, soleWinner } = joinOutcome(jointClasses);
  let loserGrowth: number | null = null;
  if (soleWinner !== null) {
    const growths = modalities.filter((_, r) => r !== soleWinner).map(growth);
    loserGrowth = growths.length === 0 ? 1 : growths.some((g) => g === null) ? null : Math.max(...(growths as number[]));
  }
  const unimodalLearned = Array.from({ length: input.K }, (_, r) => {
    const mode = input.modes[`unimodal:${r}`];
    if (!ranToEnd(mode, input.steps)) return null;
    return (mode?.modalities[r]?.crossStep ?? null) !== null;
  });
  const complete = Object.values(input.modes).every((mode) => ranToEnd(mode, input.steps));
  return { jointClasses, jointLearned, kind, soleWinner, loserGrowth, unimodalLearned, complete };
}
