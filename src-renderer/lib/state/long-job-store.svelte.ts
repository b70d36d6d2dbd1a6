/**
 * A long job of the lab (the paper check, the remedy comparison) as the app knows it: its state
 * (status, progress, last report), loaded when the app starts and kept current by the job's
 * progress and ended events; start and cancel, with the lab's refusal kept as `error`.
 */
import type { LabApi, LabEvent, SweepsProgressDto } from '../../../src-main/api/lab-api';
import { userMessage } from '../api/bridge-call';

export interface LongJobCalls<State, Request> {
  state(api: LabApi): Promise<State>;
  start(api: LabApi, request: Request): Promise<State>;
  cancel(api: LabApi): Promise<unknown>;
  progressEvent: LabEvent['type'];
  endedEvent: LabEvent['type'];
}

export class LongJobStore<State extends { status: string; progress: SweepsProgressDto | null }, Request> {
  state = $state.raw<State | null>(null);
  error = $state<string | null>(null);

  constructor(private readonly calls: LongJobCalls<State, Request>) {}

  async load(api: LabApi): Promise<void> {
    await this.attempt(async () => {
      this.state = await this.calls.state(api);
    });
  }

  apply(event: LabEvent, api: LabApi): void {
    if (event.type === this.calls.progressEvent && this.state) {
      const { type: _type, ...progress } = event as Extract<LabEvent, SweepsProgressDto>;
      this.state = { ...this.state, status: 'running', progress };
    } else if (event.type === this.calls.endedEvent) {
      // The report comes with the state, not with the event.
      void this.load(api);
    }
  }

  async start(api: LabApi, request: Request): Promise<void> {
    await this.attempt(async () => {
      this.state = await this.calls.start(api, request);
    });
  }

  async cancel(api: LabApi): Promise<void> {
    await this.attempt(() => this.calls.cancel(api));
  }

  private async attempt(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
      this.error = null;
    } catch (err) {
      this.error = userMessage(err);
    }
  }
}
