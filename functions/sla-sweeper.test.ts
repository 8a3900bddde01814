import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { Logger } from '@aws-lambda-powertools/logger';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { TriggerEvent } from '../engine/context/types.ts';
import { eventBridgePublisher } from './engine-bus-publisher.ts';
import { createSlaSweeperHandler, SLA_BREACH_DETAIL_TYPE } from './sla-sweeper.ts';

describe('SLA sweeper handler', () => {
  it('puts each breach on the engine bus as a canonical event', async () => {
    const eb = mockClient(EventBridgeClient);
    eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] });
    const breach: TriggerEvent = { EventSourceName: 'OnSlaBreach', InstanceId: 'i', EventId: 'sla-breach-r1', RelatedItem: { CaseId: 'c', SlaConfiguration: { Name: 'sla', Status: 'Overdue' } } };
    const now = new Date('2025-03-12T17:00:00Z');
    const seen: Date[] = [];
    const handler = createSlaSweeperHandler({
      runtime: { sweepSlas: async (at) => (seen.push(at), [breach]) },
      publish: eventBridgePublisher(new EventBridgeClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }), { eventSource: 'connect-rules', eventBusName: 'engine-bus' }),
      logger: new Logger({ logLevel: 'SILENT' }),
      clock: () => now,
    });
    expect(await handler()).toEqual({ breached: 1, events: [breach] });
    expect(seen).toEqual([now]);
    expect(eb.commandCalls(PutEventsCommand)[0]!.args[0].input).toEqual({
      Entries: [{ Source: 'connect-rules', DetailType: SLA_BREACH_DETAIL_TYPE, Detail: JSON.stringify(breach), Time: now, EventBusName: 'engine-bus' }],
    });
    eb.restore();
  });
});
