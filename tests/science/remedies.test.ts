import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig, toRunSpec } from '../../src-main/config/resolve';
import { nativeAvailable } from '../../src-main/engine/native-loader';
import type { NativeRunResult } from '../../src-main/engine/native-types';
import { rate } from '../../src-main/science/claim-stats';
import { trainBatch } from '../native/helpers/train-batch';

/*
 * A known outcome: on the competition preset the joint run learns modality 0 and loses
 * modality 1, which its unimodal run learns. With unimodal auxiliary losses of weight 1, encoder
 * 1 is also trained by its own unimodal objective, the very objective that learns it alone, so
 * the joint run must learn modality 1 too. Over 30 seeds the preset was not chosen on (it was
 * chosen on seeds 101-811; the paper check's test uses 2001 on), thresholds fixed beforehand:
 *   - with the auxiliary losses, modality 1 is learned (gamma crosses rho) in at least 90%;
 *   - without a remedy, it is learned in at most 10% (the paper check's C2a asks for one
 *     winner in at least 90% of joint runs), judged like the quick check: the rate's 95%
 *     interval must still admit 10%;
 *   - OGM at alpha 2 (the comparison's strongest knob value) is measured beside them and must
 *     not rescue more often than the auxiliary losses (its mechanism slows the winner; it adds no
 *     gradient toward the loser's feature).
 */
const OUT = path.resolve(__dirname, '..', '..', 'test-output', 'science');
const SEEDS = Array.from({ length: 30 }, (_, i) => 3001 + i);
const LOSER = 1;

async function loserLearned(sets: string[]): Promise<boolean[]> {
  const specs = SEEDS.map((seed) =>
    toRunSpec(resolveConfig({ preset: 'competition', sets: [`seed=${seed}`, 'train.modes=joint', ...sets] }).config),
  );
  const { results } = await trainBatch(specs, { threads: 2 });
  return results.map((result: NativeRunResult) => {
    expect(result.error).toBeNull();
    const joint = result.modes[0];
    expect(joint?.mode).toBe('joint');
    expect(joint?.stepsRun).toBe(1000);
    return joint?.final.modalities[LOSER]?.crossStep !== null;
  });
}

describe.skipIf(!nativeAvailable())('remedies on the competition preset (30 fresh seeds)', () => {
  const rates: Record<string, ReturnType<typeof rate>> = {};
  // The measured rates, for a person to read beside the thresholds.
  afterAll(() => {
    fs.mkdirSync(OUT, { recursive: true });
    const lines = Object.entries(rates).map(
      ([arm, r]) =>
        `${arm}: modality 1 learned in ${r.successes}/${r.n} seeds (${(100 * r.p).toFixed(0)}%, 95% interval ${(100 * r.low).toFixed(0)}-${(100 * r.high).toFixed(0)}%)`,
    );
    fs.writeFileSync(
      path.join(OUT, 'remedies.txt'),
      `competition preset, seeds ${SEEDS[0]}-${SEEDS[SEEDS.length - 1]}\n${lines.join('\n')}\n`,
    );
  });

  it('without a remedy the joint run loses modality 1 in the rate the paper check measures', async () => {
    rates.none = rate(await loserLearned([]));
    expect(rates.none.n).toBe(30);
    expect(rates.none.low).toBeLessThanOrEqual(0.1);
  }, 1_800_000);

  it('with unimodal auxiliary losses of weight 1 the joint run learns modality 1 in at least 90% of seeds', async () => {
    rates.auxiliary = rate(await loserLearned(['remedies.unimodalWeights=1']));
    expect(rates.auxiliary.p).toBeGreaterThanOrEqual(0.9);
  }, 1_800_000);

  it('OGM gradient modulation (alpha 2) rescues modality 1 no more often than the auxiliary losses', async () => {
    rates.ogm = rate(await loserLearned(['remedies.ogm.alpha=2']));
    expect(rates.auxiliary).toBeDefined();
    expect(rates.ogm.successes).toBeLessThanOrEqual(rates.auxiliary!.successes);
  }, 1_800_000);
});
