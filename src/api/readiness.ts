/**
 * What this node still does before it should take traffic, for `/ready`. A first start with the
 * demo listens at once (so `/health` answers and the console loads) and writes the demo programme
 * after; until then `/ready` answers 503 with the reason, and for good if the work failed.
 */
export class Readiness {
  #waitingFor: string | null;

  /** `waitingFor`: not ready from the start (set before `listen`, so no probe slips through). */
  constructor(waitingFor: string | null = null) {
    this.#waitingFor = waitingFor;
  }

  /** Marks the node not ready for `reason` until `promise` fulfils. */
  async during<T>(reason: string, promise: Promise<T>): Promise<T> {
    this.#waitingFor = reason;
    try {
      const value = await promise;
      this.#waitingFor = null;
      return value;
    } catch (error) {
      this.#waitingFor = `${reason} failed`;
      throw error;
    }
  }

  get waitingFor(): string | null {
    return this.#waitingFor;
  }
}
