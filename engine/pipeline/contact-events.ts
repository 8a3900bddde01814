/**
 * Amazon Connect contact events (EventBridge `aws.connect` `Amazon Connect Contact
 * Event`, routed by engine/ingest/eventbridge.ts): what each tells about its contact
 * is merged into the contact's stored facts, which real-time rules read before the
 * contact trace record arrives. Apart from the contact join (contact-join.ts), so the
 * canonical-events function, which stores contact events but reads no analysis file,
 * holds none of the join's adapters.
 */
import { mergeContactFacts, type ContactEventFacts } from '../ingest/contact-events.ts';
import type { IngestCore } from './ingest-core.ts';
import type { IngestOptions, IngestResult } from './ingest-result.ts';
import { contactRecordsState } from './state/repositories.ts';

export class ContactEventIngest {
  constructor(private readonly core: IngestCore) {
    core.deps.store.use(contactRecordsState);
  }

  /** What an Amazon Connect contact event tells about a contact, merged into its stored facts. */
  contactEvent(facts: ContactEventFacts, instanceId: string, options: IngestOptions & { deliveryKey: string }): Promise<IngestResult> {
    this.core.deps.telemetry.count('EventsReceived', 'ContactEvent');
    return this.core.once(options.deliveryKey, 'ContactEvent', options.label, async () => {
      const key = { instanceId, contactId: facts.contactId };
      await this.core.deps.store.mergeContactEvents(key, (stored) => mergeContactFacts(stored, facts), this.core.deps.now());
      return {
        kind: 'contact-event',
        status: 'stored',
        label: options.label,
        deliveryKey: options.deliveryKey,
        source: 'ContactEvent',
        instanceId,
        contactId: facts.contactId,
        detail: `contact event ${facts.eventType ?? ''} stored`.replace('  ', ' '),
        evaluations: [],
      };
    });
  }
}
