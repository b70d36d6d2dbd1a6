/** The remedy comparison as the app knows it, kept current by `comparison-progress` and `comparison-ended` events. */
import type { ComparisonRequestDto, ComparisonStateDto } from '../../../src-main/api/lab-api';
import { LongJobStore } from './long-job-store.svelte';

export const remedyComparison = new LongJobStore<ComparisonStateDto, ComparisonRequestDto>({
  state: (api) => api.comparisonState(),
  start: (api, request) => api.startComparison(request),
  cancel: (api) => api.cancelComparison(),
  progressEvent: 'comparison-progress',
  endedEvent: 'comparison-ended',
});
