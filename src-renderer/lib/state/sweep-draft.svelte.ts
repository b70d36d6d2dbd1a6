/**
 * The "New sweep" form, kept outside the panel so it survives a trip to the experiment editor
 * (to change the base) and back.
 */
import { emptyDraft, type SweepDraft } from '../sweeps/sweep-draft';

export const sweepForm: { open: boolean; draft: SweepDraft } = $state({ open: false, draft: emptyDraft() });
