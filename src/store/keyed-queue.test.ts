import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue.ts';

/** A promise with its resolve and reject at hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe('KeyedQueue', () => {
  it('runs one key’s work one at a time in the order given, other keys beside it', async () => {
    const queue = new KeyedQueue();
    const events: string[] = [];
    const first = deferred();
    const other = deferred();
    const a1 = queue.run('a', async () => {
      events.push('a1 start');
      await first.promise;
      events.push('a1 end');
      return 1;
    });
    const a2 = queue.run('a', async () => {
      events.push('a2 start');
      return 2;
    });
    const b1 = queue.run('b', async () => {
      events.push('b1 start');
      await other.promise;
      return 3;
    });
    await Promise.resolve();
    expect(events).toEqual(['a1 start', 'b1 start']);
    expect(queue.size).toBe(2);
    first.resolve();
    expect(await a1).toBe(1);
    expect(await a2).toBe(2);
    expect(events).toEqual(['a1 start', 'b1 start', 'a1 end', 'a2 start']);
    other.resolve();
    expect(await b1).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(queue.size).toBe(0);
  });

  it('gives a failed turn’s error to its caller and runs the next turn', async () => {
    const queue = new KeyedQueue();
    const failing = queue.run('a', async () => {
      throw new Error('refused');
    });
    const next = queue.run('a', async () => 'ran');
    await expect(failing).rejects.toThrow('refused');
    expect(await next).toBe('ran');
  });
});
