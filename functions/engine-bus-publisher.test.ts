import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusEvent } from '../engine/actions/backends.ts';
import type { TriggerEvent } from '../engine/context/types.ts';
import { enginePublisherFromEnv, engineEventsTarget } from './engine-bus-publisher.ts';

const BUS = { eventBusName: 'connect-rules-prod', eventSource: 'connect-rules' };
const event = (n: number): TriggerEvent => ({ EventSourceName: 'OnSlaBreach', InstanceId: 'i-1', EventId: `sla-breach-${n}`, EventTime: '2025-03-12T17:00:00.000Z' });
const client = () => new EventBridgeClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });

describe('the engine events target', () => {
  it('is EventBridge unless the environment says outbox; another value is refused by name', () => {
    expect(engineEventsTarget({})).toBe('eventbridge');
    expect(engineEventsTarget({ CONNECT_RULES_ENGINE_EVENTS: 'outbox' })).toBe('outbox');
    expect(() => engineEventsTarget({ CONNECT_RULES_ENGINE_EVENTS: 'sqs' })).toThrow("CONNECT_RULES_ENGINE_EVENTS must be eventbridge or outbox, got 'sqs'");
  });
});

describe('enginePublisherFromEnv', () => {
  const eb = mockClient(EventBridgeClient);
  afterEach(() => eb.reset());

  it('deployed: PutEvents on the engine bus, 10 entries a call, the refused entries returned', async () => {
    eb.on(PutEventsCommand).callsFake((input: { Entries: unknown[] }) => ({
      FailedEntryCount: 1,
      Entries: input.Entries.map((_, k) => (k === 1 ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' } : { EventId: `eb-${k}` })),
    }));
    const { target, publish } = enginePublisherFromEnv({ eventBridge: client, outbox: { putEvent: () => Promise.reject(new Error('not the outbox')) }, bus: BUS }, {});
    expect(target).toBe('eventbridge');
    const events = Array.from({ length: 11 }, (_, n) => event(n));
    const at = new Date('2025-03-12T17:01:00Z');
    // The second entry of each call is refused: only the first call has one.
    expect(await publish('Connect Rules SLA Breached', events, at)).toEqual([{ event: events[1], errorCode: 'ThrottlingException', errorMessage: 'slow down' }]);
    const calls = eb.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries!);
    expect(calls.map((entries) => entries.length)).toEqual([10, 1]);
    expect(calls[1]).toEqual([{ EventBusName: 'connect-rules-prod', Source: 'connect-rules', DetailType: 'Connect Rules SLA Breached', Detail: JSON.stringify(events[10]), Time: at }]);
  });

  it('on the local stage: each event in the outbox under its EventId, and no EventBridge client is made', async () => {
    const put: BusEvent[] = [];
    let clients = 0;
    const { target, publish } = enginePublisherFromEnv(
      { eventBridge: () => (clients++, client()), outbox: { putEvent: async (e) => (put.push(e), { eventId: e.id }) }, bus: BUS },
      { CONNECT_RULES_ENGINE_EVENTS: 'outbox' },
    );
    expect(target).toBe('outbox');
    expect(await publish('Connect Rules Contact Evaluation Submitted', [event(1)])).toEqual([]);
    expect(put).toEqual([
      {
        id: 'sla-breach-1',
        instanceId: 'i-1',
        source: 'connect-rules',
        detailType: 'Connect Rules Contact Evaluation Submitted',
        detail: event(1),
        resources: [],
        time: new Date('2025-03-12T17:00:00.000Z'),
      },
    ]);
    expect(clients).toBe(0);
    expect(eb.commandCalls(PutEventsCommand)).toHaveLength(0);
  });
});
