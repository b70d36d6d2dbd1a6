/**
 * The remedy comparison as the app knows it: the lab's comparison state (status, progress, last report),
 * loaded when the app starts and kept current by `comparison-progress` and `comparison-ended` events.
 */
import type { ComparisonRequestDto, ComparisonStateDto, LabApi, LabEvent } from '../../../src-main/api/lab-api';
import { userMessage } from '../api/bridge-call';

class RemedyComparisonStore {
  state = $state.raw<ComparisonStateDto | null>(null);
  error = $state<string | null>(null);

  async load(api: LabApi): Promise<void> {
    try {
      this.state = await api.comparisonState();
      this.error = null;
    } catch (err) {
      this.error = userMessage(err);
    }
  }

  apply(event: LabEvent, api: LabApi): void {
    if (event.type === 'comparison-progress' && this.state) {
      const { type: _type, ...progress } = event;
      this.state = { ...this.state, status: 'running', progress };
    } else if (event.type === 'comparison-ended') {
      // The report comes with the state, not with the event.
      void this.load(api);
    }
  }

  async start(api: LabApi, request: ComparisonRequestDto): Promise<void> {
    try {
      this.state = await api.startComparison(request);
      this.error = null;
    } catch (err) {
      this.error = userMessage(err);
    }
  }

  async cancel(api: LabApi): Promise<void> {
    try {
      await api.cancelComparison();
      this.error = null;
    } catch (err) {
      this.error = userMessage(err);
    }
  }
}

export const remedyComparison = new RemedyComparisonStore();
