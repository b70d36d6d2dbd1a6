/** The paper check as the app knows it, kept current by `check-progress` and `check-ended` events. */
import type { CheckRequestDto, CheckStateDto } from '../../../src-main/api/lab-api';
import { LongJobStore } from './long-job-store.svelte';

export const paperCheck = new LongJobStore<CheckStateDto, CheckRequestDto>({
  state: (api) => api.checkState(),
  start: (api, request) => api.startCheck(request),
  cancel: (api) => api.cancelCheck(),
  progressEvent: 'check-progress',
  endedEvent: 'check-ended',
});
