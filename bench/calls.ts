/**
 * Generated calls on disk, for the backtest tests and benchmark: per call a Contact
 * Lens voice analysis file and its contact trace record, in the real formats (the
 * shapes of examples/events 04 and 05), with transcripts of realistic words, a few
 * phrases the rules look for, and queues, agents, holds, attributes and dates that
 * vary (interruptions and silences mostly few and short, as in most calls). Deterministic from a seed. The rules (`ruleBodies`) are the benchmark's
 * three shapes as CreateRule bodies.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENTS, ARN, generateRules, pick, QUEUES, rng, voiceAnalysisFile } from './workload.ts';

const WORDS = (
  'account order refund delivery package invoice payment card charge address phone email password please thanks help issue problem ' +
  'week month today tomorrow store online shipping return exchange price plan contract service outage internet signal billing statement ' +
  'balance transfer number reference confirm check update change wait hold'
).split(' ');
const PHRASES = ['cancel my account', 'speak to a manager', 'refund', 'charged twice', 'not happy', 'close my account', 'late delivery', 'wrong item', 'lawyer', 'supervisor', 'complaint', 'fraud'];

export interface GeneratedCall {
  readonly contactId: string;
  readonly analysis: Record<string, unknown>;
  readonly ctr: Record<string, unknown>;
}

const uuid = (r: () => number, i: number) => {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex(8)}-${String(i % 10000).padStart(4, '0')}-4${hex(3)}-8${hex(3)}-${hex(12)}`;
};

/** One call of about `minutes` minutes. */
export function generateCall(i: number, seed: number, minutes: number): GeneratedCall {
  const r = rng(seed * 100_003 + i);
  const contactId = uuid(r, i);
  const transcript = [];
  let t = 0;
  const end = minutes * 60_000;
  for (let turn = 0; t < end; turn++) {
    const role = turn % 2 === 0 ? 'AGENT' : 'CUSTOMER';
    const words = Array.from({ length: 8 + Math.floor(r() * 14) }, () => pick(r, WORDS));
    if (r() < 0.03) words.splice(Math.floor(r() * words.length), 0, ...pick(r, PHRASES).split(' '));
    const duration = 2500 + Math.floor(r() * 3000);
    transcript.push({
      BeginOffsetMillis: t,
      Content: `${words.join(' ')}.`,
      EndOffsetMillis: t + duration,
      Id: `${contactId.slice(0, 8)}-${turn}`,
      LoudnessScore: [60 + Math.floor(r() * 15)],
      ParticipantId: role,
      Sentiment: pick(r, ['NEUTRAL', 'NEUTRAL', 'POSITIVE', 'NEGATIVE']),
    });
    t += duration + 300;
  }
  const score = (lo: number) => Math.round((lo + r() * (5 - lo)) * 10) / 10;
  const analysis = voiceAnalysisFile(contactId, `s3://bucket/recordings/${contactId}.wav`, {
    Interruptions: { InterruptionsByInterrupter: {}, TotalCount: Math.floor(r() ** 3 * 8), TotalTimeMillis: Math.floor(r() * 9000) },
    NonTalkTime: { Instances: [], TotalTimeMillis: Math.floor(r() ** 3 * 180_000) },
    Sentiment: { OverallSentiment: { AGENT: score(-2), CUSTOMER: score(-5) }, SentimentByPeriod: { QUARTER: { AGENT: [], CUSTOMER: [] } } },
    TalkSpeed: { DetailsByParticipant: { AGENT: { AverageWordsPerMinute: 150 }, CUSTOMER: { AverageWordsPerMinute: 140 } } },
    TalkTime: { DetailsByParticipant: { AGENT: { TotalTimeMillis: Math.floor(t * 0.45) }, CUSTOMER: { TotalTimeMillis: Math.floor(t * 0.4) } }, TotalTimeMillis: Math.floor(t * 0.85) },
    TotalConversationDurationMillis: t,
  }, transcript);
  const queue = pick(r, QUEUES.slice(0, 8));
  const agent = pick(r, AGENTS.slice(0, 40));
  const start = Date.UTC(2025, 2, 3) + Math.floor(r() * 14) * 86_400_000 + Math.floor(r() * 36_000_000);
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const holds = Math.floor(r() * 4);
  const ctr = {
    AWSAccountId: '111122223333',
    AWSContactTraceRecordFormatVersion: '2017-03-10',
    Agent: {
      ARN: `${ARN}/agent/${agent}`,
      AfterContactWorkDuration: 30,
      AgentInteractionDuration: Math.floor(t / 1000),
      CustomerHoldDuration: holds * 30,
      HierarchyGroups: null,
      LongestHoldDuration: holds > 0 ? 30 : 0,
      NumberOfHolds: holds,
      RoutingProfile: { ARN: `${ARN}/routing-profile/rp-1`, Name: 'Support' },
      Username: `agent.${agent.slice(6, 10)}`,
    },
    Attributes: { CustomerTier: pick(r, ['gold', 'silver', 'platinum']), Region: pick(r, ['EMEA', 'APAC', 'AMER']) },
    Channel: 'VOICE',
    ContactId: contactId,
    DisconnectReason: 'CUSTOMER_DISCONNECT',
    DisconnectTimestamp: iso(start + t),
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: iso(start),
    InstanceARN: ARN,
    LastUpdateTimestamp: iso(start + t + 60_000),
    Queue: { ARN: `${ARN}/queue/${queue}`, Name: `Queue ${queue.slice(2, 6)}` },
  };
  return { contactId, analysis, ctr };
}

/**
 * Writes `count` calls under `dir`: analyses in `analysis/`, contact records in
 * `ctr/` (file names chosen so that a CTR sorts before or after its analysis at
 * random). Returns the contact ids.
 */
export function writeCalls(dir: string, count: number, options: { seed?: number; minutes?: number } = {}): string[] {
  const seed = options.seed ?? 1;
  mkdirSync(join(dir, 'analysis'), { recursive: true });
  mkdirSync(join(dir, 'ctr'), { recursive: true });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const call = generateCall(i, seed, options.minutes ?? 10);
    ids.push(call.contactId);
    writeFileSync(join(dir, 'analysis', `${call.contactId}_analysis.json`), JSON.stringify(call.analysis));
    writeFileSync(join(dir, 'ctr', `${call.contactId}.json`), JSON.stringify(call.ctr));
  }
  return ids;
}

/** `count` rules of the benchmark's shapes as CreateRule bodies, each with a task whose text injects the contact. */
export function ruleBodies(count: number, seed = 42): Record<string, unknown>[] {
  return generateRules(count, seed).map((rule, i) => ({
    Name: `RULE_${String(i).padStart(4, '0')}`,
    TriggerEventSource: { EventSourceName: 'OnPostCallAnalysisAvailable' },
    Function: rule.function,
    Actions: [
      { ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} },
      {
        ActionType: 'CREATE_TASK',
        TaskAction: {
          Name: `Follow up $.ContactLens.PostCall.ContactId (rule ${i})`,
          Description: 'Agent $.ContactLens.PostCall.Agent.AgentId',
          ContactFlowId: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a',
        },
      },
    ],
    PublishStatus: 'PUBLISHED',
  }));
}
