/**
 * The trigger event built lazily (lazy.ts) is the event built at once: same values,
 * same member order, same JSON, whatever is read first; the same rules match it; and
 * a malformed payload is refused when the event is built, not when a member is read.
 */
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateCalls, generateRules } from '../../bench/workload.ts';
import { checkFunction } from '../../grammar/index.ts';
import { fixture } from '../../test/support/fixtures.ts';
import { compileRuleSet } from '../ruleset/index.ts';
import { buildTriggerEvent, InputFormatError, type BuildTriggerEventInput } from './index.ts';
import { assemble, defer, lazyTesting, pendingInput } from './lazy.ts';

/** `build()` with every deferred member computed at once (lazyTesting). */
function eagerly<T>(build: () => T): T {
  lazyTesting.eager = true;
  try {
    return build();
  } finally {
    lazyTesting.eager = false;
  }
}

describe('assemble and defer', () => {
  const counted = () => {
    const runs = { n: 0 };
    const object = assemble({ A: 1, B: undefined, C: defer((r) => (r.n++, [1, 2]), runs), D: 'd' });
    return { runs, object: object as Record<string, unknown> };
  };

  it('computes a deferred member on first read only, and once', () => {
    const { runs, object } = counted();
    expect(Object.keys(object)).toEqual(['A', 'C', 'D']);
    expect(runs.n).toBe(0);
    const first = object.C;
    expect(object.C).toBe(first);
    expect(runs.n).toBe(1);
    expect(Object.getOwnPropertyDescriptor(object, 'C')).toEqual({ value: [1, 2], enumerable: true, configurable: true, writable: true });
  });

  it('shows the value, in its place, to JSON, copies, clones and deep equality', () => {
    const plain = { A: 1, C: [1, 2], D: 'd' };
    expect(JSON.stringify(counted().object)).toBe(JSON.stringify(plain));
    expect({ ...counted().object }).toStrictEqual(plain);
    expect(structuredClone(counted().object)).toStrictEqual(plain);
    expect(counted().object).toStrictEqual(plain);
    const eager = eagerly(() => assemble({ A: 1, C: defer(() => [1, 2], undefined), D: 'd' }));
    expect(eager).toStrictEqual(plain);
    expect(Object.getOwnPropertyDescriptor(eager, 'C')).toEqual({ value: [1, 2], enumerable: true, configurable: true, writable: true });
  });

  it('with members to put first, is the object of the spread { ...first, ...members }: same members, order and values', () => {
    const value = fc.option(fc.oneof(fc.integer(), fc.constant('deferred')), { nil: undefined });
    const members = fc.dictionary(fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F'), value);
    const made = (m: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(m).map(([key, v]) => [key, v === 'deferred' ? defer((k: string) => `computed ${k}`, key) : v]));
    fc.assert(
      fc.property(members, members, (first, rest) => {
        const spread = assemble({ ...made(first), ...made(rest) });
        const apart = assemble(made(rest), made(first));
        expect(Object.keys(apart)).toEqual(Object.keys(spread));
        expect(JSON.stringify(apart)).toBe(JSON.stringify(spread));
      }),
    );
  });

  it('takes a written value as a plain member, and still reads on a frozen object', () => {
    const { runs, object } = counted();
    object.C = 'mine';
    expect(object.C).toBe('mine');
    expect(runs.n).toBe(0);
    const frozen = Object.freeze(counted().object);
    expect(frozen.C).toEqual([1, 2]);
    expect(frozen.C).toBe(frozen.C);
  });

  it("gives a deferred member's input until the member is read or written (a reader may answer from it instead)", () => {
    const read = counted();
    expect(pendingInput(read.object, 'C')).toBe(read.runs);
    expect(pendingInput(read.object, 'A')).toBeUndefined();
    void read.object.C;
    expect(pendingInput(read.object, 'C')).toBeUndefined();
    const written = counted();
    written.object.C = 'mine';
    expect(pendingInput(written.object, 'C')).toBeUndefined();
    const frozen = Object.freeze(counted().object);
    void frozen.C;
    expect(pendingInput(frozen, 'C')).toBeUndefined();
    expect(pendingInput({ C: 1 }, 'C')).toBeUndefined();
  });
});

const ANALYSIS = readdirSync(new URL('../../test/fixtures/analysis/', import.meta.url)).map((f) => `analysis/${f}`);
const REALTIME = readdirSync(new URL('../../test/fixtures/realtime/', import.meta.url)).map((f) => `realtime/${f}`);
const CONTACTS = readdirSync(new URL('../../test/fixtures/contact/', import.meta.url)).map((f) => `contact/${f}`);

/** The members of a contact-analysis body that are built on first read. */
const DEFERRED = ['Transcript', 'Loudness', 'TotalConversationDurationMillis'];

type Outcome = { event: unknown; json: string } | { error: string };

/** Builds `input`, reads the body members `reads` in that order, then the JSON. */
function outcome(input: BuildTriggerEventInput, reads: readonly string[] = []): Outcome {
  try {
    const event = buildTriggerEvent(structuredClone(input));
    const body = Object.values((event.ContactLens ?? {}) as Record<string, Record<string, unknown>>)[0] ?? {};
    for (const key of reads) void body[key];
    return { event, json: JSON.stringify(event) };
  } catch (err) {
    return { error: `${(err as Error).constructor.name}: ${(err as Error).message}` };
  }
}

/** The paths of members that are present and `undefined` (a deferred member must never be). */
function undefinedMembers(value: unknown, path = ''): string[] {
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (v === undefined ? [`${path}/${k}`] : undefinedMembers(v, `${path}/${k}`)));
}

/** Builds `input` lazily (reading `reads` first) and eagerly: the same event, or the same refusal. */
function expectSame(input: BuildTriggerEventInput, reads: readonly string[]): Outcome {
  const lazy = outcome(input, reads);
  const eager = eagerly(() => outcome(input));
  if ('error' in eager) {
    expect(lazy).toEqual(eager);
    return eager;
  }
  expect('json' in lazy && lazy.json).toBe(eager.json);
  expect('event' in lazy && lazy.event).toStrictEqual(eager.event);
  expect(undefinedMembers('event' in lazy && lazy.event)).toEqual([]);
  return lazy;
}

describe('the lazy event equals the eager one', () => {
  const pairs: { name: string; input: BuildTriggerEventInput }[] = [];
  for (const a of ANALYSIS) {
    pairs.push({ name: a, input: { event: fixture(a) } });
    for (const c of CONTACTS) pairs.push({ name: `${a} + ${c}`, input: { event: fixture(a), contact: fixture(c) } });
  }
  for (const r of REALTIME) {
    pairs.push({ name: r, input: { event: fixture(r) } });
    for (const c of CONTACTS) pairs.push({ name: `${r} + ${c}`, input: { event: fixture(r), contact: fixture(c) } });
  }
  for (const [i, call] of generateCalls(8).entries()) {
    pairs.push({ name: `generated call ${i}`, input: { event: JSON.parse(call.analysis), contact: JSON.parse(call.ctr) } });
  }
  const orders = [[], ['Transcript'], ['Loudness'], ['TotalConversationDurationMillis', 'Transcript'], [...DEFERRED].reverse()];

  it.each(pairs)('$name, whichever member is read first', ({ input }) => {
    for (const reads of orders) expectSame(input, reads);
  });

  it('for generated analysis files, voice and chat, with odd and missing members', () => {
    const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 3 });
    const offset = fc.oneof(fc.nat(700_000), fc.constant(null), fc.nat(9_999).map(String));
    const item = fc.record(
      {
        Id: maybe(fc.constantFrom('a', 'b', 'c')),
        ParticipantId: maybe(fc.constantFrom('AGENT', 'CUSTOMER', 'p-1', 'p-2', 'SUPERVISOR')),
        ParticipantRole: maybe(fc.constantFrom('AGENT', 'CUSTOMER')),
        Content: maybe(fc.constantFrom('I want a refund', 'thank you', '')),
        Sentiment: maybe(fc.constantFrom('NEUTRAL', 'NEGATIVE')),
        BeginOffsetMillis: maybe(offset),
        EndOffsetMillis: maybe(offset),
        LoudnessScore: maybe(fc.array(fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constant(null)), { maxLength: 3 })),
        Type: maybe(fc.constantFrom('MESSAGE', 'EVENT')),
        ContentType: maybe(fc.constantFrom('text/plain', 'application/vnd.amazonaws.connect.event.participant.joined')),
        AbsoluteTime: maybe(fc.constantFrom('2026-03-11T14:00:05.000Z', '2026-03-11T14:01:00.000Z', 'soon')),
      },
      { requiredKeys: [] },
    );
    const file = fc.record({
      Channel: fc.constantFrom('VOICE', 'CHAT'),
      CustomerMetadata: fc.constant({ InstanceId: 'i-1', ContactId: 'c-1' }),
      Participants: fc.constant([{ ParticipantId: 'p-1', ParticipantRole: 'AGENT' }, { ParticipantId: 'p-2' }]),
      ConversationCharacteristics: fc.record({ TotalConversationDurationMillis: maybe(fc.nat(900_000)) }, { requiredKeys: [] }),
      Transcript: fc.array(item, { maxLength: 8 }),
    });
    fc.assert(
      fc.property(file, fc.shuffledSubarray(DEFERRED), (event, reads) => {
        const built = expectSame({ event }, reads);
        if ('error' in built) return;
        // what the deferred members must be, said independently of how they are built
        const body = (built.event as any).ContactLens[event.Channel === 'VOICE' ? 'PostCall' : 'PostChat'];
        const messages = event.Transcript.filter((i) => (i.Type === undefined ? !i.ContentType?.startsWith('application/vnd.amazonaws.connect.event.') : i.Type === 'MESSAGE'));
        expect(body.Transcript).toHaveLength(event.Channel === 'VOICE' ? event.Transcript.length : messages.length);
        expect('Loudness' in body).toBe(event.Channel === 'VOICE' && event.Transcript.some((i) => i.LoudnessScore?.some((s) => s !== null)));
        if (event.Channel === 'CHAT' && messages.length > 0) {
          expect(body.TotalConversationDurationMillis).toBe(Math.max(0, ...body.Transcript.map((i: any) => i.EndOffsetMillis)));
        } else expect(body.TotalConversationDurationMillis).toBe(event.ConversationCharacteristics.TotalConversationDurationMillis);
      }),
      { numRuns: 300 },
    );
  });
});

describe('a deferred member builds only what it needs', () => {
  it('reading Loudness leaves the transcript unbuilt (no turn Content is read)', () => {
    const event = fixture('analysis/voice-cancellation.json');
    const reads = { n: 0 };
    for (const turn of event.Transcript) {
      const content = turn.Content;
      Object.defineProperty(turn, 'Content', { enumerable: true, get: () => (reads.n++, content) });
    }
    const body = buildTriggerEvent({ event }).ContactLens!.PostCall!;
    reads.n = 0;
    expect(Object.keys(body.Loudness!.HighestLoudnessScore!).length).toBeGreaterThan(0);
    expect(reads.n).toBe(0);
    void body.Transcript;
    expect(reads.n).toBe(event.Transcript.length);
  });
});

describe('a canonical event shares what its input holds in the shape rules read', () => {
  it('keeps the transcript items as they are, and never changes the input, even when a contact record fills members', () => {
    const input = fixture('canonical/OnPostCallAnalysisAvailable.json');
    const contact = fixture('contact/ctr-voice-cancellation.json');
    input.ContactLens.PostCall.ContactId = contact.ContactId;
    delete input.ContactLens.PostCall.Queue;
    const before = structuredClone(input);
    const event = buildTriggerEvent({ event: input, contact });
    const body = event.ContactLens!.PostCall!;
    expect(body.Queue).toEqual({ QueueId: expect.any(String) });
    expect(body.Transcript![0]).toBe(input.ContactLens.PostCall.Transcript[0]);
    expect(input).toEqual(before);
  });
});

describe('rules match the lazy event as the eager one', () => {
  it('on generated calls, for the bench rules of every shape', () => {
    const source = 'OnPostCallAnalysisAvailable' as const;
    const rules = generateRules(60).map((r, i) => ({ name: `rule-${i}`, source, function: checkFunction(r.function, source).document! }));
    const set = compileRuleSet(rules);
    let matched = 0;
    for (const call of generateCalls(40, 5)) {
      const input = { event: JSON.parse(call.analysis), contact: JSON.parse(call.ctr) };
      const names = set.match(eagerly(() => buildTriggerEvent(structuredClone(input))));
      expect(set.match(buildTriggerEvent(structuredClone(input)))).toEqual(names);
      matched += names.length;
    }
    expect(matched).toBeGreaterThan(0);
  });
});

describe('a malformed transcript is refused when the event is built, at its location', () => {
  const voice = () => fixture('analysis/voice-cancellation.json');
  const chat = () => fixture('analysis/chat-billing.json');
  const rows: { what: string; file: () => any; change: (f: any) => void; pointer: string }[] = [
    { what: 'a turn that is not an object', file: voice, change: (f) => (f.Transcript[1] = 'hello'), pointer: '/Transcript/1' },
    { what: 'an Id', file: voice, change: (f) => (f.Transcript[2].Id = 7), pointer: '/Transcript/2/Id' },
    { what: 'a ParticipantId', file: voice, change: (f) => (f.Transcript[0].ParticipantId = ['AGENT']), pointer: '/Transcript/0/ParticipantId' },
    { what: 'a Content', file: voice, change: (f) => (f.Transcript[3].Content = 42), pointer: '/Transcript/3/Content' },
    { what: 'a Sentiment', file: voice, change: (f) => (f.Transcript[1].Sentiment = {}), pointer: '/Transcript/1/Sentiment' },
    { what: 'a BeginOffsetMillis', file: voice, change: (f) => (f.Transcript[2].BeginOffsetMillis = 'late'), pointer: '/Transcript/2/BeginOffsetMillis' },
    { what: 'an EndOffsetMillis', file: voice, change: (f) => (f.Transcript[2].EndOffsetMillis = true), pointer: '/Transcript/2/EndOffsetMillis' },
    { what: 'a LoudnessScore', file: voice, change: (f) => (f.Transcript[1].LoudnessScore = 80), pointer: '/Transcript/1/LoudnessScore' },
    { what: 'a loudness score', file: voice, change: (f) => (f.Transcript[1].LoudnessScore = [70, 'loud']), pointer: '/Transcript/1/LoudnessScore/1' },
    { what: 'a chat item that is not an object', file: chat, change: (f) => (f.Transcript[4] = 5), pointer: '/Transcript/4' },
    { what: 'an AbsoluteTime', file: chat, change: (f) => (f.Transcript[3].AbsoluteTime = 1), pointer: '/Transcript/3/AbsoluteTime' },
    { what: 'a Type', file: chat, change: (f) => (f.Transcript[2].Type = 1), pointer: '/Transcript/2/Type' },
    { what: 'a chat ParticipantRole', file: chat, change: (f) => (f.Transcript[2].ParticipantRole = 1), pointer: '/Transcript/2/ParticipantRole' },
    {
      what: 'the BeginOffsetMillis of a message without a time',
      file: chat,
      change: (f) => {
        const message = f.Transcript.findIndex((i: any) => i.Type === 'MESSAGE');
        delete f.Transcript[message].AbsoluteTime;
        f.Transcript[message].BeginOffsetMillis = 'x';
      },
      pointer: '',
    },
  ];

  it.each(rows)('$what', ({ file, change, pointer }) => {
    const event = file();
    change(event);
    const expected = pointer || `/Transcript/${event.Transcript.findIndex((i: any) => i.BeginOffsetMillis === 'x')}/BeginOffsetMillis`;
    let refused: unknown;
    try {
      buildTriggerEvent({ event, eventFile: 'call.json' });
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(InputFormatError);
    expect((refused as InputFormatError).pointer).toBe(expected);
    expect((refused as Error).message).toMatch(/^call\.json: expected an? (string|number|object|array), got .* \(at \/Transcript\//);
  });

  it('reads the BeginOffsetMillis of a chat message with a time not at all, as before', () => {
    const event = chat();
    const message = event.Transcript.findIndex((i: any) => i.Type === 'MESSAGE');
    event.Transcript[message].BeginOffsetMillis = 'x';
    const built = buildTriggerEvent({ event });
    expect(built.ContactLens?.PostChat?.Transcript?.length).toBeGreaterThan(0);
  });
});
