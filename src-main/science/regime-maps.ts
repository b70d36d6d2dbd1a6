/**
 * The regime maps of the paper check: sweeps around the `competition` preset, one setting (or
 * two) at a time, over which the check reports the C1, C2a and C2b rates per cell, so a reader
 * sees where each claim holds, where it breaks and how sharply.
 *
 * The map over q keeps the time to learn comparable: early growth of an alignment z follows
 * z' ~ z^(q-1) / rho^(q-2), whose blow-up time scales as (rho / sigma0)^(q-2) for q > 2, so for
 * q > 2 sigma0 is set to keep (rho / sigma0)^(q-2) at its value for q = 3 (rho / sigma0 = 200);
 * for q <= 2 growth is exponential or slower and sigma0 stays at the preset's.
 */

export interface RegimeMapDef {
  key: string;
  preset: string;
  purpose: string;
  grid: { path: string; values: unknown[]; also?: Record<string, unknown[]> }[];
}

const RHO = 0.1;
const SIGMA0_AT_Q3 = 5e-4;
export const Q_VALUES = [1, 1.5, 2, 2.5, 3, 3.5, 4];

/** sigma0 for power q: (rho / sigma0)^(q-2) held at rho / SIGMA0_AT_Q3 (q > 2); the q = 3 value otherwise. */
export function sigma0ForQ(q: number): number {
  if (q <= 2) return SIGMA0_AT_Q3;
  const ratio = Math.pow(RHO / SIGMA0_AT_Q3, 1 / (q - 2));
  return Number((RHO / ratio).toPrecision(3));
}

export const REGIME_MAPS: readonly RegimeMapDef[] = [
  {
    key: 'map-n',
    preset: 'competition',
    purpose: 'rates against the number of samples',
    grid: [{ path: 'data.n', values: [20, 30, 50, 75, 100, 150] }],
  },
  { key: 'map-m', preset: 'competition', purpose: 'rates against the width', grid: [{ path: 'model.m', values: [10, 20, 40, 80, 160] }] },
  {
    key: 'map-noise',
    preset: 'competition',
    purpose: 'rates against the noise scale',
    grid: [{ path: 'data.sigmaXi', values: [0.045, 0.055, 0.06, 0.065, 0.07, 0.08] }],
  },
  {
    key: 'map-mu',
    preset: 'competition',
    purpose: 'rates against the winner insufficiency',
    grid: [{ path: 'data.mu', values: [0.05, 0.1, 0.15, 0.2, 0.25, 0.3].map((mu) => [mu, 0]) }],
  },
  {
    key: 'map-alpha',
    preset: 'competition',
    purpose: 'rates against the weaker signal',
    grid: [{ path: 'data.alpha', values: [0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((a) => [1, a]) }],
  },
  {
    key: 'map-q',
    preset: 'competition',
    purpose: 'rates against the power q',
    grid: [{ path: 'model.q', values: Q_VALUES, also: { 'model.sigma0': Q_VALUES.map(sigma0ForQ) } }],
  },
  {
    key: 'map-head',
    preset: 'competition',
    purpose: 'the odd head against the two-class head',
    grid: [
      { path: 'model.head', values: ['twoClass', 'odd'] },
      { path: 'data.n', values: [15, 20, 30, 50, 75] },
    ],
  },
  {
    key: 'map-n-noise',
    preset: 'competition',
    purpose: 'samples against noise scale',
    grid: [
      { path: 'data.n', values: [25, 50, 100] },
      { path: 'data.sigmaXi', values: [0.05, 0.06, 0.065, 0.07, 0.08] },
    ],
  },
];
