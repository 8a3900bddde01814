/**
 * EventBridge, deployed: PutEvents on the configured bus (one entry per event).
 *
 * PutEvents has no idempotency token and EventBridge gives each entry an id of its
 * own, so the event's deterministic id (derived from (event, rule, action)) goes in
 * `detail.idempotencyKey`: a take-over that puts the event again puts the same key,
 * and consumers, which must already tolerate EventBridge's at-least-once delivery,
 * drop the second one by it.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ActionError, type BusEvent, type EventBus } from '../backends.ts';

export class EventBridgeBus implements EventBus {
  readonly idempotent = true;

  constructor(
    private readonly client: EventBridgeClient,
    private readonly eventBusName = 'default',
  ) {}

  async putEvent(e: BusEvent): Promise<{ eventId: string }> {
    const out = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            Source: e.source,
            DetailType: e.detailType,
            Detail: JSON.stringify({ ...e.detail, idempotencyKey: e.id }),
            Resources: [...e.resources],
            Time: e.time,
            EventBusName: this.eventBusName,
          },
        ],
      }),
    );
    const entry = out.Entries?.[0];
    if ((out.FailedEntryCount ?? 0) > 0 || !entry?.EventId) {
      const code = entry?.ErrorCode ?? 'InternalException';
      throw new ActionError(code, entry?.ErrorMessage ?? 'PutEvents did not accept the event', /Throttl|Internal/.test(code));
    }
    return { eventId: entry.EventId };
  }
}
