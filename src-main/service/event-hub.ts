/** The service's event fan-out: every LabEvent goes to every subscriber; one failing listener never stops the others. */
import type { LabEvent } from '../api/lab-api';

export class EventHub {
  private readonly listeners = new Set<(event: LabEvent) => void>();

  subscribe(listener: (event: LabEvent) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit(event: LabEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A watcher that throws (a closed window, a dead socket) must not stop a run or the other watchers.
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }
}
