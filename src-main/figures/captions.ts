/** Caption text generated from a run's configuration (the pack's README repeats every caption). */
import type { RunConfig } from '../config/schema';
import { compactNumber } from './ticks';

function list(values: number[]): string {
  return `(${values.map(compactNumber).join(', ')})`;
}

/**
 * The run configuration as the short settings line of a caption. `omit` leaves out settings by
 * path (a sweep's caption names its swept settings apart, so its line keeps only the fixed ones).
 */
export function settingsLine(
  config: RunConfig,
  backendUsed: string | null,
  options: { seed?: boolean; omit?: readonly string[] } = {},
): string {
  const d = config.data;
  const m = config.model;
  const t = config.train;
  const parts: [string, string][] = [
    ['data.K', `K=${d.K}`],
    ['data.alpha', `alpha=${list(d.alpha)}`],
    ['data.mu', `mu=${list(d.mu)}`],
    ['data.n', `n=${d.n}`],
    ['data.d', `d=${d.d}`],
    ['data.P', `P=${d.P}`],
    ['data.sigmaXi', `sigma_xi=${compactNumber(d.sigmaXi)}`],
    ['model.m', `m=${m.m}`],
    ['model.q', `q=${compactNumber(m.q)}`],
    ['model.rho', `rho=${compactNumber(m.rho)}`],
    ['model.sigma0', `sigma_0=${compactNumber(m.sigma0)}`],
    ['train.eta', `eta=${compactNumber(t.eta)}`],
  ];
  if (t.batchSize > 0) parts.push(['train.batchSize', `batch ${t.batchSize} (beyond the paper)`]);
  if (t.weightDecay > 0) parts.push(['train.weightDecay', `weight decay ${compactNumber(t.weightDecay)} (beyond the paper)`]);
  if (options.seed !== false) parts.push(['seed', `seed ${config.seed}`]);
  parts.push(['precision', `${backendUsed ?? config.backend} ${config.precision}`]);
  const omit = new Set(options.omit ?? []);
  return parts
    .filter(([path]) => !omit.has(path))
    .map(([, text]) => text)
    .join(', ');
}

/** Settings are reconstructed from the paper's setting, never the paper's own: say so once per caption. */
export const RECONSTRUCTED_NOTE = 'Data model and defaults reconstructed after Huang et al. (ICML 2022).';
