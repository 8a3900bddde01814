import { describe, expect, it } from 'vitest';
import { FieldCache } from './field-cache.ts';

describe('FieldCache', () => {
  it('reads a path once per evaluation and event', () => {
    const cache = new FieldCache();
    const get = cache.getter(['Queue', 'QueueId']);
    let reads = 0;
    const event = {
      Queue: {
        get QueueId() {
          reads++;
          return 'q1';
        },
      },
    };
    expect([get(event), get(event)]).toEqual(['q1', 'q1']);
    expect(reads).toBe(1);
    cache.next();
    expect(get(event)).toBe('q1');
    expect(reads).toBe(2);
  });

  it('does not remember a read that threw: every reader of the path meets the throw, never the value of the event before', () => {
    const cache = new FieldCache();
    const get = cache.getter(['Queue', 'QueueId']);
    expect(get({ Queue: { QueueId: 'q1' } })).toBe('q1');
    cache.next();
    const unreadable = {
      Queue: {
        get QueueId(): string {
          throw new Error('the queue cannot be read');
        },
      },
    };
    expect(() => get(unreadable)).toThrow('the queue cannot be read');
    expect(() => get(unreadable)).toThrow('the queue cannot be read');
  });
});
