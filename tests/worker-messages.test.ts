import { describe, expect, it } from 'vitest';
import { failedMessage, settleSharedMessage } from '../src/solver/worker-answer.js';

/** The job's own message kinds in this test: its answer. */
type Message = { readonly kind: 'answer'; readonly value: number };

describe('the messages every worker posts alike', () => {
  function settle(message: Parameters<typeof settleSharedMessage<Message, string>>[1]) {
    const seen: string[] = [];
    const errors: Error[] = [];
    const handled = settleSharedMessage<Message, string>(
      'solve',
      message,
      (progress) => seen.push(progress),
      (error) => errors.push(error),
    );
    return { handled, seen, errors };
  }

  it('settles nothing on the messages for a caller that stops waiting early', () => {
    expect(settle({ kind: 'fallback' })).toEqual({ handled: true, seen: [], errors: [] });
    expect(settle({ kind: 'searching' })).toEqual({ handled: true, seen: [], errors: [] });
  });

  it('passes progress on and rejects on a failure, naming the call', () => {
    expect(settle({ kind: 'progress', progress: 'half way' })).toEqual({
      handled: true,
      seen: ['half way'],
      errors: [],
    });
    const failed = settle(failedMessage(new Error('out of memory')));
    expect(failed.handled).toBe(true);
    expect(failed.errors.map((e) => e.message)).toEqual([
      'solve failed in its worker: out of memory',
    ]);
  });

  it("leaves the job's own kinds to the caller", () => {
    expect(settle({ kind: 'answer', value: 1 })).toEqual({ handled: false, seen: [], errors: [] });
  });

  it('rejects with the error a progress callback throws', () => {
    const errors: Error[] = [];
    settleSharedMessage<Message, string>(
      'replan',
      { kind: 'progress', progress: 'x' },
      () => {
        throw new Error('callback broke');
      },
      (error) => errors.push(error),
    );
    expect(errors.map((e) => e.message)).toEqual(['callback broke']);
  });
});
