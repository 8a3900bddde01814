/**
 * Every documented condition of the Contact Lens sources:
 * PostCall, RealTimeCall, PostChat, RealTimeChat (what its admin guide page
 * documents: words and sentiment – time period) and Email, in the order of their tables.
 */
import { describe, expect, it } from 'vitest';
import { checkFunction } from '../index.ts';
import { describeRows, type RowCase } from '../../test/support/validator.ts';
import {
  acw,
  agent,
  aiAgent,
  contactAttribute,
  disconnect,
  exactMatch,
  hierarchy,
  initiation,
  interactionDuration,
  number,
  patternMatch,
  potentialDisconnect,
  queue,
  roleNumber,
  routingProfile,
  segmentAttribute,
  semanticMatch,
  semanticPhrase,
  sentimentState,
  shift,
  windowedSentiment,
} from '../../test/support/contact-rows.ts';

const POST_CALL = '$.ContactLens.PostCall';
describeRows('OnPostCallAnalysisAvailable', [
  hierarchy(POST_CALL),
  number(POST_CALL, 'Agent.NonTalkTimePct', 'Non-talk time percentage', { min: 0, max: 100 }),
  number(POST_CALL, 'Agent.CustomerHoldDurationPct', 'Customer hold duration percentage', { min: 0, max: 100 }),
  initiation(POST_CALL),
  disconnect(POST_CALL),
  roleNumber(POST_CALL, 'TalkTime.TotalTimeSecs', 'Absolute talk time'),
  roleNumber(POST_CALL, 'Loudness.HighestLoudnessScore', 'Maximum loudness'),
  acw(POST_CALL),
  routingProfile(POST_CALL),
  potentialDisconnect(POST_CALL),
  segmentAttribute(POST_CALL, true),
  aiAgent(POST_CALL),
  exactMatch(POST_CALL, true, 'PostCallContactPeriodSeconds'),
  semanticMatch(POST_CALL, 'PostCallContactPeriodSeconds'),
  semanticPhrase(POST_CALL),
  patternMatch(POST_CALL, true, 'PostCallContactPeriodSeconds'),
  agent(POST_CALL),
  queue(POST_CALL, { negatable: false, noQueue: true }),
  contactAttribute(POST_CALL),
  sentimentState(POST_CALL),
  ...shift(POST_CALL),
  number(POST_CALL, 'NonTalkTime.TotalTimeSecs', 'Total non-talk time', { min: 1, max: 18000 }),
  number(POST_CALL, 'NonTalkTime.LongestTimeSecs', 'Longest non-talk time', { min: 1, max: 18000 }),
  number(POST_CALL, 'Interruptions.Instances', 'Interruptions', { min: 1 }),
  number(POST_CALL, 'Agent.CustomerHoldDurationSecs', 'Total hold time', { min: 1 }),
  number(POST_CALL, 'Agent.LongestHoldDurationSecs', 'Longest hold time', { min: 1 }),
  number(POST_CALL, 'Agent.NumberOfHolds', 'Number of holds', { min: 1 }),
  interactionDuration(POST_CALL),
]);

const realTime = (p: string): RowCase[] => [
  exactMatch(p, false),
  patternMatch(p, false),
  agent(p),
  queue(p, { negatable: true, noQueue: false }),
  contactAttribute(p),
  windowedSentiment(p),
];
describeRows('OnRealTimeCallAnalysisAvailable', realTime('$.ContactLens.RealTimeCall'));
// real-time chat: only what its admin guide page documents (words, sentiment – time period)
describeRows('OnRealTimeChatAnalysisAvailable', [
  exactMatch('$.ContactLens.RealTimeChat', false),
  patternMatch('$.ContactLens.RealTimeChat', false),
  windowedSentiment('$.ContactLens.RealTimeChat'),
]);

describe('OnRealTimeChatAnalysisAvailable: the call conditions no AWS page documents for chat are refused, saying why', () => {
  it.each(['Agent.AgentId', 'Queue.QueueId', 'ContactAttribute.Tier'])('%s', (rel) => {
    const path = `$.ContactLens.RealTimeChat.${rel}`;
    const fn = JSON.stringify({
      Version: '2022-11-25',
      RuleFunction: { Operator: 'AND', Operands: [{ Operator: rel.startsWith('ContactAttribute') ? 'EQUALS' : 'CONTAINS_ANY', Operands: ['x'], ComparisonValue: path, Negate: false }] },
    });
    const { errors } = checkFunction(fn, 'OnRealTimeChatAnalysisAvailable');
    expect(errors.map((e) => e.message)).toEqual([
      `Unsupported ComparisonValue: ${path}: no AWS page documents this condition for OnRealTimeChatAnalysisAvailable (the real-time chat rules page lists exact match, pattern match and sentiment – time period only)`,
    ]);
  });
});

const POST_CHAT = '$.ContactLens.PostChat';
describeRows('OnPostChatAnalysisAvailable', [
  hierarchy(POST_CHAT),
  initiation(POST_CHAT),
  disconnect(POST_CHAT),
  acw(POST_CHAT),
  routingProfile(POST_CHAT),
  potentialDisconnect(POST_CHAT),
  segmentAttribute(POST_CHAT, false),
  aiAgent(POST_CHAT),
  exactMatch(POST_CHAT, true, 'PostChatContactPeriodSeconds'),
  semanticMatch(POST_CHAT, 'PostChatContactPeriodSeconds'),
  semanticPhrase(POST_CHAT),
  patternMatch(POST_CHAT, true, 'PostChatContactPeriodSeconds'),
  agent(POST_CHAT),
  queue(POST_CHAT, { negatable: false, noQueue: true }),
  contactAttribute(POST_CHAT),
  sentimentState(POST_CHAT),
  ...shift(POST_CHAT),
  number(POST_CHAT, 'ResponseTime.Agent.FirstResponseTimeSecs', 'Agent first response time', { min: 1, max: 14400 }),
  number(POST_CHAT, 'ResponseTime.Agent.AverageTimeSecs', 'Agent average response time', { min: 1, max: 14400 }),
  number(POST_CHAT, 'ResponseTime.Agent.LongestTimeSecs', 'Agent longest response time', { min: 1, max: 14400 }),
  interactionDuration(POST_CHAT),
]);

const EMAIL = '$.ContactLens.Email';
describeRows('OnEmailAnalysisAvailable', [
  hierarchy(EMAIL),
  initiation(EMAIL, true),
  disconnect(EMAIL, true),
  acw(EMAIL),
  routingProfile(EMAIL),
  segmentAttribute(EMAIL, true),
  agent(EMAIL),
  queue(EMAIL, { negatable: false, noQueue: true }),
  contactAttribute(EMAIL),
  interactionDuration(EMAIL),
]);

