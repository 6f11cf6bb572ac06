/**
 * A few Web Workers started from a blob: URL (works from file://), each given the next request
 * of the current run when it is free. A new run terminates the workers still busy with the old
 * one (an instant stop, however long their chunk of trials) and starts fresh ones in their place.
 */
import type { WorkerMessage, WorkerRequest } from "./worker.js";

interface Slot {
  worker: Worker;
  busy: boolean;
}

export class WorkerPool {
  private readonly url: string;
  private readonly slots: Slot[] = [];
  private queue: WorkerRequest[] = [];

  /** `size` workers running `source`; `onMessage` hears every message of the current run. */
  constructor(source: string, size: number, private readonly onMessage: (msg: WorkerMessage) => void, private readonly onError: (text: string) => void) {
    this.url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  /** Workers in the pool. */
  get size(): number {
    return this.slots.length;
  }

  private spawn(): Slot {
    const slot: Slot = { worker: new Worker(this.url), busy: false };
    slot.worker.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const msg = event.data;
      if (msg.type !== "point") {
        slot.busy = false;
        this.dispatch();
      }
      this.onMessage(msg);
    };
    slot.worker.onerror = (event) => this.onError(event.message || "a worker failed");
    return slot;
  }

  /** Drop the old run (terminating busy workers) and work through `requests` in order. */
  run(requests: readonly WorkerRequest[]): void {
    for (let i = 0; i < this.slots.length; i++) {
      if (!this.slots[i]!.busy) continue;
      this.slots[i]!.worker.terminate();
      this.slots[i] = this.spawn();
    }
    this.queue = [...requests];
    this.dispatch();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const next = this.queue.shift();
      if (!next) return;
      slot.busy = true;
      slot.worker.postMessage(next);
    }
  }

  /** True when no request is queued or running. */
  get idle(): boolean {
    return this.queue.length === 0 && this.slots.every((s) => !s.busy);
  }
}
