/** Caption text generated from a run's configuration (the pack's README repeats every caption). */
import type { RunConfig } from '../config/schema';
import { compactNumber } from './ticks';

function list(values: number[]): string {
  return `(${values.map(compactNumber).join(', ')})`;
}

/** The run configuration as the short settings line of a caption. */
export function settingsLine(config: RunConfig, backendUsed: string | null, options: { seed?: boolean } = {}): string {
  const d = config.data;
  const m = config.model;
  const t = config.train;
  const parts = [
    `K=${d.K}`,
    `alpha=${list(d.alpha)}`,
    `mu=${list(d.mu)}`,
    `n=${d.n}`,
    `d=${d.d}`,
    `P=${d.P}`,
    `sigma_xi=${compactNumber(d.sigmaXi)}`,
    `m=${m.m}`,
    `q=${compactNumber(m.q)}`,
    `rho=${compactNumber(m.rho)}`,
    `sigma_0=${compactNumber(m.sigma0)}`,
    `eta=${compactNumber(t.eta)}`,
  ];
  if (t.batchSize > 0) parts.push(`batch ${t.batchSize} (beyond the paper)`);
  if (t.weightDecay > 0) parts.push(`weight decay ${compactNumber(t.weightDecay)} (beyond the paper)`);
  if (options.seed !== false) parts.push(`seed ${config.seed}`);
  parts.push(`${backendUsed ?? config.backend} ${config.precision}`);
  return parts.join(', ');
}

/** Settings are reconstructed from the paper's setting, never the paper's own: say so once per caption. */
export const RECONSTRUCTED_NOTE = 'Data model and defaults reconstructed after Huang et al. (ICML 2022).';
