/**
 * Runs the work given for one key one at a time, in the order given; different keys run side by
 * side. A commit takes a customer's turn here before its transaction, so a customer bought for at
 * many tills at once holds one of the node's pooled connections, not all of them while the rest
 * wait on the customer's row lock: other customers' calls keep theirs (the database's lock still
 * orders the customer's commits across nodes).
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<void>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key);
    // A failed turn does not stop the next one: its caller has the error.
    const result = previous ? previous.then(work) : work();
    const tail = result.then(
      () => {},
      () => {},
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Keys with work running or waiting. */
  get size(): number {
    return this.#tails.size;
  }
}
