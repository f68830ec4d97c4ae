/** How many requests a node serves at once, and how many may wait for a turn. */
export interface InFlightLimits {
  /** Requests served at once; 0: no limit. */
  slots: number;
  /** Requests that may wait for a free slot, first come first served. */
  queueLength: number;
  /** How long a request waits for a slot before it is refused, in ms. */
  maxWaitMs: number;
}

/** What became of a request asking for a slot. */
export type Admission = 'entered' | 'queue_full' | 'waited_too_long';

interface Waiter {
  admit(admission: Admission): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A fixed number of slots with a short FIFO queue before them. A request that enters holds its
 * slot until `leave()`; one that finds the queue full is refused at once, and one that waits
 * `maxWaitMs` without a slot is refused then — past capacity a node answers quickly rather than
 * letting every call grow late.
 */
export class InFlightLimit {
  #inFlight = 0;
  readonly #waiting: Waiter[] = [];

  constructor(readonly limits: InFlightLimits) {}

  /** Requests holding a slot now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Requests waiting for a slot now. */
  get queued(): number {
    return this.#waiting.length;
  }

  /** Asks for a slot; after `'entered'` the caller must `leave()` once. */
  enter(): Promise<Admission> {
    if (this.#inFlight < this.limits.slots) {
      this.#inFlight++;
      return Promise.resolve('entered');
    }
    if (this.#waiting.length >= this.limits.queueLength) return Promise.resolve('queue_full');
    return new Promise((admit) => {
      const waiter: Waiter = {
        admit,
        timer: setTimeout(() => {
          this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
          admit('waited_too_long');
        }, this.limits.maxWaitMs),
      };
      this.#waiting.push(waiter);
    });
  }

  /** Gives a slot back: to the longest-waiting request, if any. */
  leave(): void {
    const next = this.#waiting.shift();
    if (next === undefined) {
      this.#inFlight--;
      return;
    }
    clearTimeout(next.timer);
    next.admit('entered');
  }
}
