import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { readAnalysisText } from './read.ts';

/** What a reader of the value sees: the value, and its members' order (JSON.stringify follows it). */
const seen = (value: unknown) => ({ value, order: JSON.stringify(value) });

/** The reader's value is JSON.parse's, or it reads nothing (undefined: the caller parses). */
function agrees(text: string): 'read' | 'left' {
  const read = readAnalysisText(text);
  if (read === undefined) return 'left';
  expect(seen(read)).toEqual(seen(JSON.parse(text)));
  return 'read';
}

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** ASCII without quotes, backslashes or control characters: what the fast path reads. */
const plain = fc.string({ unit: fc.constantFrom(...'abc xyz,.:[]{}-0123456789\'?!'.split('')), maxLength: 40 });
/** Strings JSON.stringify escapes, or beyond ASCII: the fast path leaves them to JSON.parse. */
const awkward = fc.oneof(
  fc.string({ unit: fc.constantFrom('"', '\\', '\n', '\t', '\u0000', '/', 'a'), minLength: 1, maxLength: 6 }),
  fc.constantFrom('café', '日本語', '\ud83d\ude00', '\ud800'),
);
const text = fc.oneof({ weight: 6, arbitrary: plain }, { weight: 1, arbitrary: awkward });
const offset = fc.oneof({ weight: 8, arbitrary: fc.nat({ max: 999_999_999 }) }, { weight: 1, arbitrary: fc.constantFrom(1.5, -3, 1e21, 0.25, 1_000_000_000) });
const loudness = fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), plain), { maxLength: 5 });

const members = {
  BeginOffsetMillis: offset,
  Content: text,
  EndOffsetMillis: offset,
  Id: text,
  LoudnessScore: loudness,
  ParticipantId: fc.constantFrom('AGENT', 'CUSTOMER', 'p-1'),
  Sentiment: fc.constantFrom('NEUTRAL', 'POSITIVE', 'NEGATIVE', 'MIXED'),
};
/** A transcript item as Contact Lens writes one (every member, sorted), or some members in any order, sometimes one the reader does not know. */
const item = fc.oneof(
  { weight: 3, arbitrary: fc.record(members) },
  {
    weight: 2,
    arbitrary: fc
      .record({ ...members, ParticipantRole: fc.constantFrom('AGENT', 'CUSTOMER'), IssuesDetected: fc.constant([{ CharacterOffsets: { Begin: 0, End: 5 } }]) }, { requiredKeys: [] })
      .chain((m) => fc.shuffledSubarray(Object.entries(m), { minLength: Object.keys(m).length }))
      .map((entries) => Object.fromEntries(entries)),
  },
);

/** An analysis file around `transcript`, long enough for the reader to look at it. */
function analysisFile(transcript: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    AccountId: '111122223333',
    Channel: 'VOICE',
    ConversationCharacteristics: { TotalConversationDurationMillis: 600000 },
    CustomerMetadata: { ContactId: 'c-1', InstanceId: 'i-1' },
    LanguageCode: 'en-US',
    Participants: [{ ParticipantId: 'AGENT', ParticipantRole: 'AGENT' }],
    Transcript: transcript,
    Version: '1.1.0',
    // after the transcript: the reader looks only at files of 4 KB or more that are mostly transcript
    Padding: 'x'.repeat(4096),
    ...extra,
  };
}

/** The file written compact, or indented, or with whitespace everywhere JSON allows it. */
const layout = fc.constantFrom<(v: unknown) => string>(
  (v) => JSON.stringify(v),
  (v) => JSON.stringify(v, null, 2),
  (v) => JSON.stringify(v, null, '\t').replace(/\n/g, '\r\n'),
  (v) => JSON.stringify(v, null, 1).replace(/([[{,:])/g, '$1 \n').replace(/([\]}])/g, ' $1'),
);

describe('readAnalysisText', () => {
  it('gives JSON.parse\'s value, member order included, for generated analysis files (or leaves the file to it)', () => {
    let read = 0;
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), layout, (items, write) => {
        if (agrees(write(analysisFile(items))) === 'read') read++;
      }),
      { numRuns: 300 },
    );
    // the fast path is taken for most files (the test would pass vacuously otherwise)
    expect(read).toBeGreaterThan(20);
  });

  it('reads a plain voice transcript, compact or indented', () => {
    const items = Array.from({ length: 40 }, (_, k) => ({
      BeginOffsetMillis: k * 1000,
      Content: `turn ${k}: I would like a refund, please.`,
      EndOffsetMillis: k * 1000 + 900,
      Id: `id-${k}`,
      LoudnessScore: [55.12, 60, -1.5e3],
      ParticipantId: k % 2 ? 'CUSTOMER' : 'AGENT',
      Sentiment: 'NEUTRAL',
    }));
    expect(agrees(JSON.stringify(analysisFile(items)))).toBe('read');
    expect(agrees(JSON.stringify(analysisFile(items), null, 2))).toBe('read');
    expect(agrees(JSON.stringify(analysisFile([])))).toBe('read');
  });

  it('reads items with one member it does not name (IssuesDetected, as real files with issue detection have), any JSON value, as JSON.parse does', () => {
    const issues = (k: number) => [{ CharacterOffsets: { BeginOffsetChar: 0, EndOffsetChar: 12 + k }, Text: `about order ${k}` }];
    const turns = (withIssues: boolean) => Array.from({ length: 30 }, (_, k) => ({
      BeginOffsetMillis: k * 1000,
      Content: `about order ${k} please`,
      EndOffsetMillis: k * 1000 + 900,
      Id: `id-${k}`,
      ...(withIssues && k % 3 === 1 ? { IssuesDetected: issues(k) } : {}),
      LoudnessScore: [77.06, 78.16],
      ParticipantId: k % 2 ? 'CUSTOMER' : 'AGENT',
      Sentiment: 'NEUTRAL',
    }));
    expect(agrees(JSON.stringify(analysisFile(turns(true))))).toBe('read');
    expect(agrees(JSON.stringify(analysisFile(turns(true)), null, 2))).toBe('read');
    const items = turns(false);
    // any value, escapes and text beyond ASCII excepted (offsets are bytes), in any layout
    const ascii = fc.jsonValue({ maxDepth: 4 }).filter((v) => !/[^\x20-\x7e]/.test(JSON.stringify(v)));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('IssuesDetected', 'Redaction', 'x'), ascii), { minLength: 1, maxLength: 8 }), layout, (others, write) => {
        const text = write(analysisFile(others.map(([key, value], k) => ({ ...items[k], [key]: value }))));
        // the last layout breaks strings holding `,:[]{}`
        fc.pre(isJson(text));
        expect(agrees(text)).toBe('read');
      }),
      { numRuns: 200 },
    );
  });

  it('leaves to JSON.parse an item with two members it does not name, or a __proto__ member', () => {
    const item = { Content: 'hello', Id: 'a' };
    expect(agrees(JSON.stringify(analysisFile([{ ...item, IssuesDetected: [], Redaction: {} }])))).toBe('left');
    const proto = JSON.stringify(analysisFile([{ ...item, Other: { a: 1 } }])).replace('"Other"', '"__proto__"');
    expect(agrees(proto)).toBe('left');
    expect(Object.getPrototypeOf((JSON.parse(proto) as { Transcript: object[] }).Transcript[0])).toBe(Object.prototype);
  });

  it('leaves to JSON.parse a file that is not mostly transcript (a short call after long categories and summary)', () => {
    const items = Array.from({ length: 13 }, (_, k) => ({ BeginOffsetMillis: k, Content: `turn ${k}`, Id: `id-${k}`, ParticipantId: 'AGENT' }));
    const file = analysisFile(items);
    expect(agrees(JSON.stringify(file))).toBe('read');
    const { Padding, ...rest } = file;
    expect(agrees(JSON.stringify({ Categories: { Padding }, ...rest }))).toBe('left');
  });

  it('leaves to JSON.parse a file whose read members are written twice, keeping its last-wins value', () => {
    const file = JSON.stringify(analysisFile([{ Content: 'first', Id: 'a' }]));
    const twice = file.replace('"Content":"first"', '"Content":"first","Content":"second"');
    expect(readAnalysisText(twice)).toBeUndefined();
    const transcriptTwice = file.replace('"Version"', '"Transcript":[{"Content":"later"}],"Version"');
    expect(agrees(transcriptTwice)).toBe('left');
    const earlierTwice = file.replace('"AccountId"', '"Transcript":[{"Content":"earlier"}],"AccountId"');
    expect(agrees(earlierTwice)).toBe('left');
  });

  it('never takes a nested Transcript, or one spelled with escapes, for the file\'s', () => {
    const nested = analysisFile([{ Content: 'top' }], { AccountId: { Transcript: [{ Content: 'nested' }] } });
    const text = JSON.stringify({ Nested: { Transcript: [{ Content: 'nested' }] }, ...nested });
    expect(agrees(text)).toBe('left');
    const withoutTop = JSON.stringify({ Nested: { Transcript: [{ Content: 'nested' }] }, ...analysisFile(undefined) });
    expect(agrees(withoutTop)).toBe('left');
    const sentinel = JSON.stringify({ Nested: { Transcript: [{ Content: 'x' }] }, ...analysisFile('\u0000transcript') });
    expect(agrees(sentinel)).toBe('left');
    const escapedKey = JSON.stringify({ 'k"Transcript': [{ Content: 'x' }], ...analysisFile(undefined), Transcript: 5 });
    expect(agrees(escapedKey)).toBe('left');
  });

  it('reads nothing of a malformed file, whose error JSON.parse gives', () => {
    const base = JSON.stringify(
      analysisFile(Array.from({ length: 20 }, (_, k) => ({ BeginOffsetMillis: k, Content: `c ${k}`, Id: `${k}`, LoudnessScore: [1.5, 2], ...(k % 4 === 0 ? { IssuesDetected: [{ At: { B: 0, E: k }, T: 'x\"y', N: [true, null, -1.5e3] }] } : {}) }))),
      null,
      1,
    );
    fc.assert(
      fc.property(
        fc.nat({ max: base.length - 1 }),
        fc.nat({ max: 3 }),
        fc.constantFrom('', ',', ']', '}', '[', '{', '"', '\\', ':', 'x', '0', '-', '.', 'e', '\n', '\u0001', 'é', 'true'),
        (at, cut, insert) => {
          const text = base.slice(0, at) + insert + base.slice(at + cut);
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            expect(readAnalysisText(text)).toBeUndefined();
            return;
          }
          const read = readAnalysisText(text);
          if (read !== undefined) expect(seen(read)).toEqual(seen(parsed));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('leaves small files, a byte-order mark and text beyond ASCII to JSON.parse', () => {
    const small = JSON.stringify({ Channel: 'VOICE', Transcript: [{ Content: 'hi' }] });
    expect(readAnalysisText(small)).toBeUndefined();
    const file = JSON.stringify(analysisFile([{ Content: 'hello' }]));
    expect(readAnalysisText(`\ufeff${file}`)).toBeUndefined();
    expect(readAnalysisText(file.replace('hello', 'héllo'))).toBeUndefined();
    expect(agrees(file)).toBe('read');
  });

  describe('its memory', () => {
    /** A plain call of `turns` items, each `pad` characters of Content longer. */
    const call = (turns: number, pad = 0, word = 'turn') =>
      JSON.stringify(
        analysisFile(Array.from({ length: turns }, (_, k) => ({ BeginOffsetMillis: k, Content: `${word} ${k} ${'y'.repeat(pad)}`, EndOffsetMillis: k + 1, Id: `id-${k}`, LoudnessScore: [k, 1.5], ParticipantId: 'AGENT', Sentiment: 'NEUTRAL' }))),
      );

    it('reads a small file after a large one (the large one\'s bytes still in the memory), and the large one again', () => {
      const large = call(3000, 200);
      const small = call(20);
      for (const text of [large, small, call(20, 0, 'word'), large, small]) expect(agrees(text)).toBe('read');
      // a small file cut short where the large one went on: the old bytes beyond it are not read
      expect(agrees(small.slice(0, small.length - 40))).toBe('left');
    });

    it('grows for a larger file; a failed grow leaves the file to JSON.parse instead of throwing', () => {
      const larger = call(12_000, 250);
      const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow').mockImplementation(() => {
        throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
      });
      try {
        expect(readAnalysisText(larger)).toBeUndefined();
        expect(grow).toHaveBeenCalled();
      } finally {
        grow.mockRestore();
      }
      expect(agrees(larger)).toBe('read');
    });

    it('does not grow for a file beyond ASCII, nor read one above 8 MiB', () => {
      const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow');
      try {
        // larger than any file before (the memory must grow for it), under 8 MiB
        const accented = call(20_000, 150, 'café');
        expect(accented.length).toBeGreaterThan(call(12_000, 250).length);
        expect(accented.length).toBeLessThan(8 << 20);
        expect(readAnalysisText(accented)).toBeUndefined();
        expect(grow).not.toHaveBeenCalled();
      } finally {
        grow.mockRestore();
      }
      const limit = 8 << 20;
      const over = call(30_000, 300);
      expect(over.length).toBeGreaterThan(limit);
      expect(readAnalysisText(over)).toBeUndefined();
      const under = call(17_000, 300);
      expect(under.length).toBeLessThanOrEqual(limit);
      expect(agrees(under)).toBe('read');
    });
  });
});
