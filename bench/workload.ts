/**
 * The benchmark's workload, generated from a fixed seed so every run measures the
 * same thing: 10-minute voice calls (Contact Lens analysis files and CTRs, as an
 * ingestion Lambda reads them) and N published rules of realistic shape — transcript phrases with role
 * and period filters, queue and agent lists, numeric thresholds, attributes.
 */

import LANGUAGE_TABLE from './workload-languages.json' with { type: 'json' };

export const INSTANCE_ID = 'a1b2c3d4-0000-4000-8000-000000000001';

/** A small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const pickN = <T>(r: () => number, xs: readonly T[], n: number): T[] => Array.from({ length: n }, () => pick(r, xs));

/**
 * Each language's words and phrases (workload-languages.json: data, one shape for every
 * language): English, and Spanish and French calls (`language` of generateCalls/generateRules;
 * WORKLOAD_LANGS of compare-trees.ts) in the same shapes, the analysis file's LanguageCode
 * `es-ES`/`fr-FR`, so exact match uses that language's plurals (romance-plural.ts) and many
 * texts hold accents (read by the tokeniser, not in place). Phrases with the same roles as
 * the English ones: a head noun before `de`, a possessive, a verb with its object.
 */
const LANGUAGES = {} as Record<keyof typeof LANGUAGE_TABLE, { readonly code: string; readonly words: readonly string[]; readonly phrases: readonly string[] }>;
for (const [name, { code, words, phrases }] of Object.entries(LANGUAGE_TABLE)) LANGUAGES[name as keyof typeof LANGUAGE_TABLE] = { code, words: words.split(' '), phrases };

export type WorkloadLanguage = keyof typeof LANGUAGES;
export const WORKLOAD_LANGUAGES = Object.keys(LANGUAGES) as WorkloadLanguage[];
const WORDS = LANGUAGES.en.words;

export const QUEUES = Array.from({ length: 40 }, (_, i) => `q-${String(i).padStart(4, '0')}-4000-8000-${'0'.repeat(12)}`);
export const AGENTS = Array.from({ length: 200 }, (_, i) => `agent-${String(i).padStart(4, '0')}-4000-8000-${'0'.repeat(12)}`);

/** A 10-minute call as a canonical OnPostCallAnalysisAvailable event (CLI start-up: `eval --explain`): ~160 alternating turns, two of them carrying a phrase. */
export function tenMinuteCall(seed = 7): Record<string, unknown> {
  const r = rng(seed);
  const transcript = [];
  let t = 0;
  for (let i = 0; t < 600_000; i++) {
    const role = i % 2 === 0 ? 'AGENT' : 'CUSTOMER';
    const words = pickN(r, WORDS, 8 + Math.floor(r() * 14));
    if (i === 57) words.splice(3, 0, 'I', 'was', 'charged', 'twice');
    if (i === 120) words.push('I', 'want', 'to', 'speak', 'to', 'a', 'supervisor');
    const duration = 2500 + Math.floor(r() * 3000);
    transcript.push({
      Id: `item-${i}`,
      ParticipantRole: role,
      Content: `${words.join(' ')}.`,
      BeginOffsetMillis: t,
      EndOffsetMillis: t + duration,
      Sentiment: pick(r, ['NEUTRAL', 'NEUTRAL', 'POSITIVE', 'NEGATIVE']),
    });
    t += duration + 300;
  }
  return {
    EventSourceName: 'OnPostCallAnalysisAvailable',
    InstanceId: INSTANCE_ID,
    ContactLens: {
      PostCall: {
        ContactId: 'c0ffee00-0000-4000-8000-000000000001',
        InitiationMethod: 'INBOUND',
        DisconnectReason: 'CUSTOMER_DISCONNECT',
        Agent: {
          AgentId: AGENTS[17],
          HierarchyGroup: { ARN: [`arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE_ID}/agent-group/g-1`] },
          RoutingProfile: `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE_ID}/routing-profile/rp-1`,
          NumberOfHolds: 2,
          CustomerHoldDurationSecs: 95,
          LongestHoldDurationSecs: 60,
          AgentInteractionDurationSecs: 590,
          AfterContactWorkDurationSecs: 45,
          NonTalkTimePct: 12.5,
        },
        Queue: { QueueId: QUEUES[3] },
        ContactAttribute: { CustomerTier: 'gold', Region: 'EMEA' },
        Sentiment: { OverallScore: { AGENT: 1.2, CUSTOMER: -1.8 }, Score: { Beginning: { CUSTOMER: 0 }, End: { CUSTOMER: -3 } } },
        Interruptions: { Instances: 4 },
        NonTalkTime: { TotalTimeSecs: 75, LongestTimeSecs: 20 },
        TalkTime: { TotalTimeSecs: { AGENT: 280, CUSTOMER: 240 } },
        TotalConversationDurationMillis: t,
        Transcript: transcript,
      },
    },
  };
}

/** One rule, in three equivalent forms: the Connect Function, json-rules-engine conditions, a hand-written predicate. */
export interface BenchRule {
  readonly function: string;
  readonly jre: Record<string, unknown>;
  readonly hand: (e: HandEvent) => boolean;
}

/** What the hand-written predicates get: the event plus its transcript tokenised once. */
export interface HandEvent {
  readonly body: any;
  /** per item: role, begin offset, lowercase words joined by single spaces with spaces at both ends */
  readonly items: ReadonlyArray<{ role: string; begin: number; padded: string }>;
}

function tokeniseItem(i: any): HandEvent['items'][number] {
  return {
    role: i.ParticipantRole,
    begin: i.BeginOffsetMillis,
    padded: ` ${i.Content.toLowerCase().split(/[^a-z0-9'-]+/).filter(Boolean).join(' ')} `,
  };
}

const P = '$.ContactLens.PostCall';
const leaf = (operator: string, operands: unknown[], path: string, filters?: unknown[], negate = false) => ({
  Operator: operator,
  Operands: operands,
  ComparisonValue: `${P}.${path}`,
  ...(filters ? { FilterClause: { LogicOperator: 'AND', Filters: filters } } : {}),
  Negate: negate,
});

/** Three shapes, in rotation, with random parameters (the phrases in `language`). */
export function generateRules(count: number, seed = 42, language: WorkloadLanguage = 'en'): BenchRule[] {
  const PHRASES = LANGUAGES[language].phrases;
  const r = rng(seed);
  const rules: BenchRule[] = [];
  for (let i = 0; i < count; i++) {
    const shape = i % 3;
    if (shape === 0) {
      // Customer said one of a few phrases in the first minutes, in one of some queues.
      const phrases = [...new Set(pickN(r, PHRASES, 2 + Math.floor(r() * 3)))];
      const queues = [...new Set(pickN(r, QUEUES, 3 + Math.floor(r() * 8)))];
      const role = pick(r, ['CUSTOMER', 'AGENT', 'ANY']);
      const first = pick(r, [60, 120, 300, undefined]);
      const filters: unknown[] = [{ Type: 'ParticipantRole', Data: role }];
      if (first) filters.push({ Type: 'PostCallContactPeriodSeconds', Data: { First: first } });
      const phraseWords = phrases.map((p) => ` ${p.toLowerCase()} `);
      rules.push({
        function: JSON.stringify({
          Version: '2022-11-25',
          RuleFunction: { Operator: 'AND', Operands: [leaf('CONTAINS_ANY', phrases, 'ExactMatch.Transcript', filters), leaf('CONTAINS_ANY', queues, 'Queue.QueueId')] },
        }),
        jre: {
          all: [
            { fact: 'transcript', operator: 'transcriptContainsAny', value: { phrases, role, first } },
            { fact: 'event', path: `${P}.Queue.QueueId`, operator: 'in', value: queues },
          ],
        },
        hand: (e) =>
          queues.includes(e.body.Queue?.QueueId) &&
          e.items.some(
            (it) =>
              (role === 'ANY' || it.role === role) &&
              (first === undefined || it.begin < first * 1000) &&
              phraseWords.some((p) => it.padded.includes(p) || it.padded.includes(`${p.trimEnd()}s `)),
          ),
      });
    } else if (shape === 1) {
      // One of some agents, many holds, unhappy customer.
      const agents = [...new Set(pickN(r, AGENTS, 5 + Math.floor(r() * 20)))];
      if (i % 2 === 0) agents.push(AGENTS[17]);
      const holds = 1 + Math.floor(r() * 4);
      const score = -Math.floor(r() * 4);
      rules.push({
        function: JSON.stringify({
          Version: '2022-11-25',
          RuleFunction: {
            Operator: 'AND',
            Operands: [
              leaf('CONTAINS_ANY', agents, 'Agent.AgentId'),
              leaf('NumberGreaterOrEqualTo', [holds], 'Agent.NumberOfHolds'),
              leaf('NumberLessOrEqualTo', [score], 'Sentiment.OverallScore', [{ Type: 'ParticipantRole', Data: 'CUSTOMER' }]),
            ],
          },
        }),
        jre: {
          all: [
            { fact: 'event', path: `${P}.Agent.AgentId`, operator: 'in', value: agents },
            { fact: 'event', path: `${P}.Agent.NumberOfHolds`, operator: 'greaterThanInclusive', value: holds },
            { fact: 'event', path: `${P}.Sentiment.OverallScore.CUSTOMER`, operator: 'lessThanInclusive', value: score },
          ],
        },
        hand: (e) =>
          agents.includes(e.body.Agent?.AgentId) &&
          e.body.Agent.NumberOfHolds >= holds &&
          e.body.Sentiment?.OverallScore?.CUSTOMER <= score,
      });
    } else {
      // Any of: many interruptions, long silence, a customer of a tier outside a region.
      const interruptions = 2 + Math.floor(r() * 6);
      const silence = 30 + Math.floor(r() * 120);
      const tier = pick(r, ['gold', 'silver', 'platinum']);
      const region = pick(r, ['EMEA', 'APAC', 'AMER']);
      rules.push({
        function: JSON.stringify({
          Version: '2022-11-25',
          RuleFunction: {
            Operator: 'OR',
            Operands: [
              leaf('NumberGreaterOrEqualTo', [interruptions], 'Interruptions.Instances'),
              leaf('NumberGreaterOrEqualTo', [silence], 'NonTalkTime.TotalTimeSecs'),
              { Operator: 'AND', Operands: [leaf('EQUALS', [tier], 'ContactAttribute.CustomerTier'), leaf('EQUALS', [region], 'ContactAttribute.Region', undefined, true)] },
            ],
          },
        }),
        jre: {
          any: [
            { fact: 'event', path: `${P}.Interruptions.Instances`, operator: 'greaterThanInclusive', value: interruptions },
            { fact: 'event', path: `${P}.NonTalkTime.TotalTimeSecs`, operator: 'greaterThanInclusive', value: silence },
            {
              all: [
                { fact: 'event', path: `${P}.ContactAttribute.CustomerTier`, operator: 'equal', value: tier },
                { fact: 'event', path: `${P}.ContactAttribute.Region`, operator: 'notEqual', value: region },
              ],
            },
          ],
        },
        hand: (e) =>
          e.body.Interruptions?.Instances >= interruptions ||
          e.body.NonTalkTime?.TotalTimeSecs >= silence ||
          (e.body.ContactAttribute?.CustomerTier === tier && e.body.ContactAttribute?.Region !== region),
      });
    }
  }
  return rules;
}

/** The analysis file and contact trace record of one call, as the JSON text a Lambda reads. */
export interface CallFiles {
  readonly analysis: string;
  readonly ctr: string;
}

const uuid = (r: () => number): string => {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
};
export const ARN = `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE_ID}`;

/** A Contact Lens voice analysis file around the parts a generator varies; the rest is the documented format's constants. */
export function voiceAnalysisFile(contactId: string, inputS3Uri: string, characteristics: Record<string, unknown>, transcript: unknown[], languageCode = 'en-US'): Record<string, unknown> {
  return {
    AccountId: '111122223333',
    Categories: { MatchedCategories: [], MatchedDetails: {} },
    Channel: 'VOICE',
    ContentMetadata: { Output: 'Raw' },
    ConversationCharacteristics: characteristics,
    CustomModels: [],
    CustomerMetadata: { ContactId: contactId, InputS3Uri: inputS3Uri, InstanceId: INSTANCE_ID },
    JobStatus: 'COMPLETED',
    LanguageCode: languageCode,
    Participants: [
      { ParticipantId: 'AGENT', ParticipantRole: 'AGENT' },
      { ParticipantId: 'CUSTOMER', ParticipantRole: 'CUSTOMER' },
    ],
    Transcript: transcript,
    Version: '1.1.0',
  };
}

/**
 * `count` 10-minute voice calls as Contact Lens analysis files (~31 KB each, the
 * documented voice format: turns with LoudnessScore, sentiment by quarter,
 * interruptions, non-talk time) with their CTRs: queues, agents, attributes,
 * holds and sentiment vary, and some turns carry one of the rules' phrases; the
 * words, phrases and LanguageCode in `language` (LANGUAGES).
 */
export function generateCalls(count: number, seed = 11, language: WorkloadLanguage = 'en'): CallFiles[] {
  const { words: WORDS, phrases: PHRASES, code } = LANGUAGES[language];
  const r = rng(seed);
  const calls: CallFiles[] = [];
  for (let c = 0; c < count; c++) {
    const contactId = uuid(r);
    const transcript = [];
    let t = 0;
    for (let i = 0; t < 600_000; i++) {
      const role = i % 2 === 0 ? 'AGENT' : 'CUSTOMER';
      const words = pickN(r, WORDS, 8 + Math.floor(r() * 14));
      if (r() < 0.02) words.splice(Math.floor(r() * words.length), 0, ...pick(r, PHRASES).split(' '));
      const duration = 2500 + Math.floor(r() * 3000);
      transcript.push({
        BeginOffsetMillis: t,
        Content: `${words.join(' ')}.`,
        EndOffsetMillis: t + duration,
        Id: uuid(r),
        LoudnessScore: Array.from({ length: 4 }, () => Math.round(5000 + r() * 3000) / 100),
        ParticipantId: role,
        Sentiment: pick(r, ['NEUTRAL', 'NEUTRAL', 'POSITIVE', 'NEGATIVE']),
      });
      t += duration + 300;
    }
    const score = () => Math.round(-50 + r() * 100) / 10;
    const quarters = () => Array.from({ length: 4 }, (_, q) => ({ BeginOffsetMillis: (q * t) / 4, EndOffsetMillis: ((q + 1) * t) / 4, Score: score() }));
    const nonTalk = Array.from({ length: 1 + Math.floor(r() * 6) }, () => {
      const begin = Math.floor(r() * t);
      const duration = 2000 + Math.floor(r() * 20_000);
      return { BeginOffsetMillis: begin, DurationMillis: duration, EndOffsetMillis: begin + duration };
    });
    const interruptions = Array.from({ length: Math.floor(r() * 9) }, () => {
      const begin = Math.floor(r() * t);
      return { BeginOffsetMillis: begin, DurationMillis: 800, EndOffsetMillis: begin + 800 };
    });
    const analysis = voiceAnalysisFile(contactId, `s3://bucket/connect/CallRecordings/${contactId}.wav`, {
      Interruptions: { InterruptionsByInterrupter: { AGENT: interruptions }, TotalCount: interruptions.length, TotalTimeMillis: interruptions.reduce((sum, i) => sum + i.DurationMillis, 0) },
      NonTalkTime: { Instances: nonTalk, TotalTimeMillis: nonTalk.reduce((s, n) => s + n.DurationMillis, 0) },
      Sentiment: {
        OverallSentiment: { AGENT: score(), CUSTOMER: score() },
        SentimentByPeriod: { QUARTER: { AGENT: quarters(), CUSTOMER: quarters() } },
      },
      TalkSpeed: { DetailsByParticipant: { AGENT: { AverageWordsPerMinute: 120 }, CUSTOMER: { AverageWordsPerMinute: 130 } } },
      TalkTime: { DetailsByParticipant: { AGENT: { TotalTimeMillis: Math.floor(t * 0.4) }, CUSTOMER: { TotalTimeMillis: Math.floor(t * 0.4) } }, TotalTimeMillis: Math.floor(t * 0.8) },
      TotalConversationDurationMillis: t,
    }, transcript, code);
    const start = Date.UTC(2026, 2, 11, 14, 0, 0) + c * 60_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    const ctr = {
      AWSAccountId: '111122223333',
      AWSContactTraceRecordFormatVersion: '2017-03-10',
      Agent: {
        ARN: `${ARN}/agent/${pick(r, AGENTS)}`,
        AfterContactWorkDuration: Math.floor(r() * 120),
        AgentInteractionDuration: Math.floor(t / 1000),
        CustomerHoldDuration: Math.floor(r() * 200),
        HierarchyGroups: { Level1: { ARN: `${ARN}/agent-group/g-1`, GroupName: 'EMEA' }, Level2: null },
        LongestHoldDuration: Math.floor(r() * 100),
        NumberOfHolds: Math.floor(r() * 5),
        RoutingProfile: { ARN: `${ARN}/routing-profile/rp-1`, Name: 'Support' },
        Username: 'agent',
      },
      Attributes: { CustomerTier: pick(r, ['gold', 'silver', 'platinum']), Region: pick(r, ['EMEA', 'APAC', 'AMER']) },
      Channel: 'VOICE',
      ContactId: contactId,
      DisconnectReason: 'CUSTOMER_DISCONNECT',
      DisconnectTimestamp: iso(start + t + 20_000),
      InitiationMethod: 'INBOUND',
      InitiationTimestamp: iso(start),
      InstanceARN: ARN,
      Queue: { ARN: `${ARN}/queue/${pick(r, QUEUES)}`, Duration: 8, EnqueueTimestamp: iso(start + 5000), DequeueTimestamp: iso(start + 13_000), Name: 'Support' },
    };
    calls.push({ analysis: JSON.stringify(analysis), ctr: JSON.stringify(ctr) });
  }
  return calls;
}

/**
 * What the hand-written predicates and json-rules-engine get: the values the rules
 * read, taken from the parsed analysis file and CTR as a hand-written Lambda would
 * (no validation, no canonical event), the transcript tokenised on first use.
 */
export class RawCallView implements HandEvent {
  readonly body: any;
  private tokenised?: HandEvent['items'];
  constructor(private readonly analysis: any, ctr: any) {
    const cc = analysis.ConversationCharacteristics ?? {};
    const idOf = (arn: string | undefined) => arn?.slice(arn.lastIndexOf('/') + 1);
    this.body = {
      Queue: { QueueId: idOf(ctr.Queue?.ARN) },
      Agent: { AgentId: idOf(ctr.Agent?.ARN), NumberOfHolds: ctr.Agent?.NumberOfHolds },
      Sentiment: { OverallScore: cc.Sentiment?.OverallSentiment },
      Interruptions: { Instances: cc.Interruptions?.InterruptionsByInterrupter?.AGENT?.length ?? 0 },
      NonTalkTime: { TotalTimeSecs: cc.NonTalkTime?.TotalTimeMillis === undefined ? undefined : cc.NonTalkTime.TotalTimeMillis / 1000 },
      ContactAttribute: ctr.Attributes,
    };
  }

  get items(): HandEvent['items'] {
    this.tokenised ??= this.analysis.Transcript.map((i: any) => tokeniseItem({ ...i, ParticipantRole: i.ParticipantId }));
    return this.tokenised!;
  }
}
