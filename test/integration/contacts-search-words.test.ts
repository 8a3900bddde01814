/**
 * SearchContacts' transcript criterion splits words as OpenSearch's standard analyzer
 * does (engine/contacts/search-words.ts; AWS: "For keyword search, Contact Lens uses the
 * standard analyzer in Amazon OpenSearch Service"), through the real
 * @aws-sdk/client-connect against the local server, after `connect-rules replay` (the real
 * binary) of three calls of their own instance: English, Japanese and Thai. What each
 * search finds follows the standard tokenizer's documented tokens (OpenSearch,
 * *Standard tokenizer*; Lucene, *StandardTokenizerImpl*), not a rule's exact match.
 */
import { SearchContactsCommand, type ConnectClient } from '@aws-sdk/client-connect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { scratch } from '../support/cli.ts';
import { AGENT_1, GROUP_NA, INSTANCE, RETENTION, analysis, ctr, type Call } from '../support/contact-calls.ts';
import { closeServed, serveReplayed, type ServedReplay } from '../support/rules-api.ts';

const RULE = resolve(import.meta.dirname, '../../examples/rules/post-call-account-cancellation.json');
/** An instance of these calls alone, so other tests' contacts never answer these searches. */
const WORDS_INSTANCE = '5a2b3c4d-6e7f-4a8b-9c0d-1e2f3a4b5c6d';
const EN = 'd1000000-0000-4000-8000-000000000001';
const JA = 'd2000000-0000-4000-8000-000000000002';
const TH = 'd3000000-0000-4000-8000-000000000003';
const DAY = { Type: 'INITIATION_TIMESTAMP', StartTime: new Date('2025-03-11T00:00:00Z'), EndTime: new Date('2025-03-12T00:00:00Z') } as const;

const call = (id: string, hour: number, said: string): Call => ({
  id,
  hour,
  channel: 'VOICE',
  method: 'INBOUND',
  queue: RETENTION,
  agent: AGENT_1,
  group: GROUP_NA,
  attributes: {},
  transcript: [
    ['AGENT', 'Thank you for calling.'],
    ['CUSTOMER', said],
  ],
});
const CALLS: readonly [Call, string][] = [
  [call(EN, 9, "The Wi-Fi is down, I don't know why. Write to john.smith@example.com, I paid 3.5 dollars."), 'en-US'],
  [call(JA, 10, 'クレジットカードの返金をお願いします。'), 'ja-JP'],
  [call(TH, 11, 'สวัสดี ผมมาจากกรุงเทพฯ'), 'th-TH'],
];
/** A document of the shared calls moved to this test's instance. */
const ours = (doc: Record<string, unknown>): Record<string, unknown> => JSON.parse(JSON.stringify(doc).replaceAll(INSTANCE, WORDS_INSTANCE)) as Record<string, unknown>;

let served: ServedReplay;
let client: ConnectClient;

beforeAll(async () => {
  const files: Record<string, unknown> = {};
  CALLS.forEach(([c, language], i) => {
    files[`0${i + 1}-ctr.json`] = ours(ctr(c));
    files[`1${i + 1}-analysis.json`] = { ...ours(analysis(c)), LanguageCode: language };
  });
  served = await serveReplayed(scratch(files)('.'), RULE);
  client = served.client;
}, 120_000);

afterAll(() => closeServed(served));

/** The contacts whose customer said `text` (one SearchText), in initiation order. */
async function saying(text: string): Promise<string[]> {
  const out = await client.send(
    new SearchContactsCommand({
      InstanceId: WORDS_INSTANCE,
      TimeRange: DAY,
      SearchCriteria: { ContactAnalysis: { Transcript: { Criteria: [{ ParticipantRole: 'CUSTOMER', SearchText: [text], MatchType: 'MATCH_ALL' }] } } },
      Sort: { FieldName: 'INITIATION_TIMESTAMP', Order: 'ASCENDING' },
    }),
  );
  return out.Contacts!.map((c) => c.Id!);
}

describe('SearchContacts: words as the standard analyzer splits them', () => {
  const CASES: readonly (readonly [string, readonly string[], string])[] = [
    ['wi fi', [EN], 'a hyphen splits: "Wi-Fi" is "wi" "fi"'],
    ['WI-FI', [EN], 'the same two words, in any case'],
    ['wifi', [], 'not one word'],
    ["don't", [EN], 'an apostrophe between letters joins'],
    ['don', [], '"don\'t" is one word'],
    ['john.smith', [EN], 'an email splits at @ only'],
    ['example.com', [EN], 'a domain is one word'],
    ['john', [], 'the period between letters joins'],
    ['3.5 dollars', [EN], 'a decimal is one word'],
    ['5', [], 'not a word of "3.5"'],
    ['金', [JA], 'each ideograph is a token, in a Japanese contact too'],
    ['返金', [JA], 'two ideographs in a row'],
    ['お願い', [JA], 'hiragana and ideographs one by one'],
    ['クレジットカード', [JA], 'a run of katakana is one token'],
    ['カード', [], 'not a token of "クレジットカード"'],
    ['ผมมาจากกรุงเทพฯ', [TH], 'a run of Thai is one token'],
    ['กรุงเทพฯ', [], 'not a token of the run'],
  ];
  it.each(CASES)('%s finds %j: %s', async (text, found) => {
    expect(await saying(text)).toEqual(found);
  });
});
