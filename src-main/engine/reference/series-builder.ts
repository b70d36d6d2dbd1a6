import type { NativeSeries } from '../native-types';
import type { MetricRecord } from './metrics';

const PER_MODALITY = [
  'gamma',
  'gammaPlus',
  'gammaMinus',
  'phi',
  'gradNorm',
  'outputShare',
  'aloneTestErr',
  'gradShare',
  'unimodalCosine',
  'maskedTestErr',
] as const;

/** The scalar columns of a series, in the order the native engine writes them. */
export function scalarNamesFor(K: number): string[] {
  const names = ['trainLoss', 'trainErr', 'testLoss', 'testErr'];
  for (let r = 0; r < K; r++) for (const name of PER_MODALITY) names.push(`${name}${r}`);
  return names;
}

/** Collects the metric records of one mode; packs them in the native struct-of-arrays layout. */
export class SeriesBuilder {
  private readonly steps: number[] = [];
  private readonly rows: MetricRecord[] = [];
  /** Records before this index were already sent as progress. */
  private sent = 0;

  constructor(
    private readonly K: number,
    private readonly m: number,
  ) {}

  push(step: number, record: MetricRecord): void {
    this.steps.push(step);
    this.rows.push(record);
  }

  get lastRecord(): MetricRecord | undefined {
    return this.rows[this.rows.length - 1];
  }

  get hasUnsent(): boolean {
    return this.sent < this.rows.length;
  }

  /** The records pushed since the previous call (one progress batch). */
  takeUnsent(): NativeSeries {
    const series = pack(this.K, this.m, this.steps.slice(this.sent), this.rows.slice(this.sent));
    this.sent = this.rows.length;
    return series;
  }

  /** Every record of the mode. */
  all(): NativeSeries {
    return pack(this.K, this.m, this.steps, this.rows);
  }
}

export function pack(K: number, m: number, steps: number[], rows: MetricRecord[]): NativeSeries {
  const scalarNames = scalarNamesFor(K);
  const width = scalarNames.length;
  const scalars = new Float64Array(rows.length * width);
  const alignments = new Float32Array(rows.length * K * m);
  rows.forEach((row, index) => {
    const values = [row.trainLoss, row.trainErr, row.testLoss, row.testErr];
    for (const modality of row.modalities) for (const name of PER_MODALITY) values.push(modality[name]);
    scalars.set(values, index * width);
    alignments.set(row.alignments, index * K * m);
  });
  return { K, m, steps: Int32Array.from(steps), scalarNames, scalars, alignments };
}
