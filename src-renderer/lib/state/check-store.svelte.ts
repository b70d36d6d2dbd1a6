/**
 * The paper check as the app knows it: the lab's check state (status, progress, last report),
 * loaded when the app starts and kept current by `check-progress` and `check-ended` events.
 */
import type { CheckRequestDto, CheckStateDto, LabApi, LabEvent } from '../../../src-main/api/lab-api';
import { userMessage } from '../api/bridge-call';

class PaperCheckStore {
  state = $state.raw<CheckStateDto | null>(null);
  error = $state<string | null>(null);

  async load(api: LabApi): Promise<void> {
    try {
      this.state = await api.checkState();
      this.error = null;
    } catch (err) {
      this.error = userMessage(err);
    }
  }

  apply(event: LabEvent, api: LabApi): void {
    if (event.type === 'check-progress' && this.state) {
      const { type: _type, ...progress } = event;
      this.state = { ...this.state, status: 'running', progress };
    } else if (event.type === 'check-ended') {
      // The report comes with the state, not with the event.
      void this.load(api);
    }
  }

  async start(api: LabApi, request: CheckRequestDto): Promise<void> {
    try {
      this.state = await api.startCheck(request);
      this.error = null;
    } catch (err) {
      this.error = userMessage(err);
    }
  }

  async cancel(api: LabApi): Promise<void> {
    try {
      await api.cancelCheck();
      this.error = null;
    } catch (err) {
      this.error = userMessage(err);
    }
  }
}

export const paperCheck = new PaperCheckStore();
