/**
 * The chats of the real-time crash test, the same in the test and in the child it kills:
 * CHATS contacts, each RECORDS Kinesis records of PER_RECORD messages (so each fills two
 * chunks of 250, written with their head in a transaction), interleaved; the customer
 * mentions a late fee in each chat's 4th record (REALTIME_CHAT_LATE_FEE: a category and
 * an EventBridge event). Message ids are fixed, so a redelivery is the same records.
 */
import { chatRecord } from '../../support/chat-records.ts';
import { kinesisEvent, kinesisRecord, SEGMENT_STREAM, sequenceNumber } from '../../support/lambda-envelopes.ts';
import { contactId, INSTANCE } from './world.ts';

export const CHATS = 3;
export const RECORDS = 6;
export const PER_RECORD = 100;
const LATE_FEE_AT = 3 * PER_RECORD + 10;

export const messageId = (chat: number, i: number) => `${contactId(chat)}-m${String(i).padStart(4, '0')}`;
const content = (i: number) => (i === LATE_FEE_AT ? 'There is a late fee on my bill I never agreed to.' : `Message ${i} about my bill.`);

/** The Kinesis event of every record of every chat, record r of each chat before record r + 1 of any. */
export function chatBatch(): ReturnType<typeof kinesisEvent> {
  const records = [];
  for (let r = 0; r < RECORDS; r++) {
    for (let c = 0; c < CHATS; c++) {
      const record = chatRecord(r * PER_RECORD, PER_RECORD, content, { contactId: contactId(c), instanceId: INSTANCE, id: (i) => messageId(c, i) });
      records.push(kinesisRecord(record, sequenceNumber(r * CHATS + c + 1), { stream: SEGMENT_STREAM, partitionKey: contactId(c) }));
    }
  }
  return kinesisEvent(...records);
}
