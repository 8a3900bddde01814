/** Transcript items for tests of engine/transcript: an item of a role, and prepared customer items. */
import { prepareTranscript } from '../../engine/transcript/prepare.ts';
import type { PreparedItem, TranscriptItem } from '../../engine/transcript/types.ts';

let next = 0;

export function item(ParticipantRole: string, Content: string, BeginOffsetMillis = 0, EndOffsetMillis = BeginOffsetMillis + 1000): TranscriptItem {
  next += 1;
  return { Id: `item-${next}`, ParticipantRole, Content, BeginOffsetMillis, EndOffsetMillis };
}

/** One customer item holding `text`, prepared. */
export function said(...texts: string[]): readonly PreparedItem[] {
  return prepareTranscript(texts.map((t, i) => item('CUSTOMER', t, i * 1000))).items;
}
