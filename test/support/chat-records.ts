/**
 * Real-time chat segment records (Contact Lens chat segments, version 2.0.0) for the
 * tests of the real-time state: a record of `count` messages from the `from`-th, a
 * second apart from 09:15:00 on 12 March 2025, alternately the customer's and the agent's.
 */
import { randomUUID } from 'node:crypto';

const CUSTOMER = 'f0e1d2c3-b4a5-4697-8877-665544332211';
const AGENT = '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';

export interface ChatRecordOptions {
  readonly contactId: string;
  readonly instanceId: string;
  /** Each message's `Id` (default: a random UUID, so that no two messages share one). */
  readonly id?: (i: number) => string;
}

export function chatRecord(from: number, count: number, content: (i: number) => string, options: ChatRecordOptions): Record<string, unknown> {
  return {
    AccountId: '111122223333',
    Channel: 'CHAT',
    ContactId: options.contactId,
    InstanceId: options.instanceId,
    StreamingSettings: { LanguageCode: 'en-US', Output: 'Raw' },
    StreamingEventType: 'SEGMENTS',
    Version: '2.0.0',
    OutputType: 'Raw',
    Segments: Array.from({ length: count }, (_, k) => {
      const i = from + k;
      const customer = i % 2 === 0;
      return {
        Transcript: {
          Content: content(i),
          ContentType: 'text/plain',
          DisplayName: customer ? 'Sam' : 'Alex',
          Id: options.id?.(i) ?? randomUUID(),
          ParticipantId: customer ? CUSTOMER : AGENT,
          ParticipantRole: customer ? 'CUSTOMER' : 'AGENT',
          Time: { AbsoluteTime: new Date(Date.parse('2025-03-12T09:15:00Z') + i * 1000).toISOString() },
        },
      };
    }),
  };
}
