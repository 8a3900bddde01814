/** EventBridge, deployed: PutEvents on the configured bus (one entry per event). */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ActionError, type BusEvent, type EventBus } from '../backends.ts';

export class EventBridgeBus implements EventBus {
  readonly idempotent = false;

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
            Detail: JSON.stringify(e.detail),
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
