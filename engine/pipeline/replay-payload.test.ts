import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parseEventText } from '../ingest/event-text.ts';
import { parseReplayPayload } from './replay.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A 10-minute call's analysis file as Contact Lens writes it (sorted members), its items' texts long. */
function analysisText(call: number): string {
  const Transcript = Array.from({ length: 140 }, (_, k) => ({
    BeginOffsetMillis: k * 4000,
    Content: `call ${call} turn ${k}: I am calling about the order I placed last week.`,
    EndOffsetMillis: k * 4000 + 3500,
    Id: `0a1b2c3d-${call}-4e5f-${k}-a7b8c9d0e1f2`,
    LoudnessScore: [61.25, 63.5, 59.75],
    ParticipantId: k % 2 ? 'CUSTOMER' : 'AGENT',
    Sentiment: 'NEUTRAL',
  }));
  return JSON.stringify({ AccountId: '111122223333', Channel: 'VOICE', CustomerMetadata: { ContactId: `c-${call}` }, Transcript, Version: '1.1.0' });
}

/** The heap the payloads of `files` files take when kept, as replay keeps them (their texts dropped). */
function kept(parse: (text: string, label: string) => unknown, files: number): { bytes: number; payloads: unknown[] } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const payloads: unknown[] = [];
  for (let call = 0; call < files; call++) payloads.push(parse(analysisText(call), `call-${call}.json`));
  gc();
  return { bytes: process.memoryUsage().heapUsed - before, payloads };
}

// What replay's CLI reads its files with (cli/commands/replay.ts), checked here for the V8 fact behind the choice.
describe('parseReplayPayload, whose payloads replay keeps for the run', () => {
  it('as JSON.parse\'s value, not one that pins the file\'s text (the reader\'s strings are slices of it)', () => {
    const files = 150;
    const text = analysisText(0).length * files;
    const json = kept(parseReplayPayload, files);
    const reader = kept(parseEventText, files);
    // the reader read these files (else the comparison says nothing), and pinned their texts
    expect(JSON.stringify(reader.payloads[0])).toBe(JSON.stringify(json.payloads[0]));
    expect(reader.bytes - json.bytes).toBeGreaterThan(text / 2);
  });
});
