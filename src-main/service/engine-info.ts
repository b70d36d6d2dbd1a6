/** Which engine trains runs on this machine, and whether CUDA answered (with the reason when not). */
import type { LabInfo } from '../api/lab-api';
import { loadNativeAddon } from '../engine/native-loader';

export function engineInfo(): LabInfo['engine'] {
  try {
    const { cuda } = loadNativeAddon().capabilities();
    return { name: 'native', cuda: { available: cuda.available, reason: cuda.reason } };
  } catch (err) {
    return { name: 'reference', cuda: { available: false, reason: (err as Error).message } };
  }
}
