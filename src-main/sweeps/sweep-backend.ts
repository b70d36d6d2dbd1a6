/**
 * Where a whole sweep trains, from its base configuration's `backend` setting: the GPU when
 * asked for (refused with the reason when none answers) or when `auto` finds one; the CPU
 * otherwise. The reference engine is too slow for sweeps and is refused. Shared by the CLI's
 * `sweep` and the lab service.
 */
import { loadNativeAddon } from '../engine/native-loader';
import { EngineUnavailableError } from '../engine/select-engine';
import type { SweepPlan } from './sweep-spec';

export function sweepBackend(requested: unknown, cuda: { available: boolean; reason: string }): 'cpu' | 'cuda' {
  if (requested === 'reference') throw new EngineUnavailableError('sweeps run on the native engine; set backend to cpu, cuda or auto');
  if (requested === 'cuda') {
    if (!cuda.available) throw new EngineUnavailableError(`${cuda.reason}; set backend to cpu or auto for this sweep`);
    return 'cuda';
  }
  return requested === 'auto' && cuda.available ? 'cuda' : 'cpu';
}

/** The backend of a planned sweep on this machine; refused when the native engine is missing. */
export function planBackend(plan: SweepPlan): 'cpu' | 'cuda' {
  let cuda;
  try {
    cuda = loadNativeAddon().capabilities().cuda;
  } catch (err) {
    throw new EngineUnavailableError(`sweeps need the native engine: ${(err as Error).message}`);
  }
  return sweepBackend(plan.runs[0]?.config.backend, cuda);
}
