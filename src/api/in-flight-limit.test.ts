import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Admission, InFlightLimit } from './in-flight-limit.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The admissions settled so far, in the order the requests asked. */
function track(limit: InFlightLimit, count: number): (Admission | 'pending')[] {
  const outcomes: (Admission | 'pending')[] = [];
  for (let i = 0; i < count; i++) {
    outcomes.push('pending');
    void limit.enter().then((admission) => {
      outcomes[i] = admission;
    });
  }
  return outcomes;
}

describe('in-flight limit', () => {
  it('admits 3 at once, queues 2, refuses the 6th and 7th at once', async () => {
    const limit = new InFlightLimit({ slots: 3, queueLength: 2, maxWaitMs: 20 });
    const outcomes = track(limit, 7);
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes).toEqual([
      'entered',
      'entered',
      'entered',
      'pending',
      'pending',
      'queue_full',
      'queue_full',
    ]);
    expect([limit.inFlight, limit.queued]).toEqual([3, 2]);
  });

  it('hands a freed slot to the longest-waiting request', async () => {
    const limit = new InFlightLimit({ slots: 2, queueLength: 2, maxWaitMs: 20 });
    const outcomes = track(limit, 4);
    await vi.advanceTimersByTimeAsync(5);
    limit.leave();
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes).toEqual(['entered', 'entered', 'entered', 'pending']);
    expect([limit.inFlight, limit.queued]).toEqual([2, 1]);
    limit.leave();
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes[3]).toBe('entered');
    expect([limit.inFlight, limit.queued]).toEqual([2, 0]);
    limit.leave();
    limit.leave();
    expect([limit.inFlight, limit.queued]).toEqual([0, 0]);
  });

  it('refuses a request that waited 20 ms without a slot, not one ms sooner', async () => {
    const limit = new InFlightLimit({ slots: 1, queueLength: 1, maxWaitMs: 20 });
    const outcomes = track(limit, 2);
    await vi.advanceTimersByTimeAsync(19);
    expect(outcomes).toEqual(['entered', 'pending']);
    await vi.advanceTimersByTimeAsync(1);
    expect(outcomes).toEqual(['entered', 'waited_too_long']);
    expect([limit.inFlight, limit.queued]).toEqual([1, 0]);
    // The refused one left the queue: the next asks wait in it again, and the slot is not lost.
    const later = track(limit, 1);
    limit.leave();
    await vi.advanceTimersByTimeAsync(0);
    expect(later).toEqual(['entered']);
    expect([limit.inFlight, limit.queued]).toEqual([1, 0]);
  });

  it('with no queue refuses at once what finds every slot taken', async () => {
    const limit = new InFlightLimit({ slots: 1, queueLength: 0, maxWaitMs: 20 });
    const outcomes = track(limit, 2);
    await vi.advanceTimersByTimeAsync(0);
    expect(outcomes).toEqual(['entered', 'queue_full']);
  });
});
