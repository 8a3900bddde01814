/**
 * A command whose body asks for an embedded child (DynamoDB Local's java) while a stop signal's
 * grace runs meets StoppingError (storage/embedded-child.ts): the command says nothing and waits,
 * so that the signal, raised again once the children are stopped, ends it by its status, not
 * an exit 1 with a stack.
 */
import { describe, expect, it } from 'vitest';
import { StoppingError } from '../storage/embedded-child.ts';
import { commandStatus } from './io.ts';

const output = () => {
  let text = '';
  const stream = { write: (chunk: string) => ((text += chunk), true) };
  return { io: { stdout: stream, stderr: stream } as never, text: () => text };
};

describe('a command stopping on a signal', () => {
  it('a StoppingError from its body neither ends the command nor prints anything; any other error still reaches the caller', async () => {
    const out = output();
    let settled = false;
    void commandStatus(() => Promise.reject(new StoppingError('java')), {}, out.io).then(
      () => (settled = true),
      () => (settled = true),
    );
    // every pending callback run (the body's rejection handled): the status still not answered
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    expect(out.text()).toBe('');
    await expect(commandStatus(() => Promise.reject(new RangeError('a bug')), {}, out.io)).rejects.toThrow('a bug');
  });
});
