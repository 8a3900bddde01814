/**
 * The project's own fixtures (test/fixtures, described in its README) and the ids
 * of the one world they share.
 */
import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** A fixture's text, as S3 or a file would give it. */
export const fixtureText = (path: string): string => readFileSync(new URL(path, FIXTURES), 'utf8');

/** A fresh parse of `test/fixtures/<path>` (tests may change it). */
export function fixture<T = any>(path: string): T {
  return JSON.parse(fixtureText(path)) as T;
}

export const ACCOUNT = '111122223333';
export const INSTANCE = '4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
export const arn = (kind: string, id: string) => `arn:aws:connect:us-east-1:${ACCOUNT}:instance/${INSTANCE}/${kind}/${id}`;

export const CONTACT = {
  voice: 'b3e9a7c1-2d4f-4e8a-9b6c-1f0e2d3c4b5a',
  voiceRedacted: '6c2d8e4f-1a3b-4c5d-8e7f-9a0b1c2d3e4f',
  chat: '9e8d7c6b-5a4f-4e3d-b2c1-0a9b8c7d6e5f',
  chatRedacted: '2a4c6e8f-0b1d-4f3a-9c5e-7d9f1b3d5e7a',
  outbound: 'd5f7a9c1-3e5b-4d7f-8a1c-3e5f7a9b1d3f',
};
export const AGENT1 = 'a1c3e5f7-9b2d-4f6a-8c0e-2b4d6f8a0c2e';
export const AGENT2 = 'c7e9a1b3-5d7f-4b9d-a1c3-5e7a9c1e3a5c';
export const QUEUE_BILLING = 'e2f4a6b8-0c1e-4a3c-9e5a-7c9e1a3c5e7b';
export const QUEUE_RETENTION = 'f3a5b7c9-1d2f-4b4d-8f6b-8d0f2b4d6f8c';
export const ROUTING_PROFILE = '0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e';
export const HIERARCHY = ['11aa22bb-33cc-44dd-85ee-66ff77aa88bb', '22bb33cc-44dd-45ee-86ff-77aa88bb99cc', '33cc44dd-55ee-46ff-87aa-88bb99cc00dd'];

/** The value at a dotted path (`Sentiment.OverallScore.AGENT`), or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let v: unknown = root;
  for (const key of path.split('.')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Where each source's canonical event carries its body (docs/canonical-events.md "Envelope": the root of its condition paths): the fixtures and the evaluation cases put it there. */
export const BODY_AT: Readonly<Record<string, string>> = {
  OnPostCallAnalysisAvailable: 'ContactLens.PostCall',
  OnPostChatAnalysisAvailable: 'ContactLens.PostChat',
  OnRealTimeCallAnalysisAvailable: 'ContactLens.RealTimeCall',
  OnRealTimeChatAnalysisAvailable: 'ContactLens.RealTimeChat',
  OnEmailAnalysisAvailable: 'ContactLens.Email',
  OnContactEvaluationSubmit: 'ContactLens.ContactEvaluation',
  OnZendeskTicketCreate: 'ThirdParty.Zendesk.TicketCreate',
  OnZendeskTicketStatusUpdate: 'ThirdParty.Zendesk.StatusUpdate',
  OnSalesforceCaseCreate: 'ThirdParty.Salesforce.CaseCreate',
  OnMetricDataUpdate: 'MetricData',
  OnCaseCreate: 'Case',
  OnCaseUpdate: 'Case',
  OnSlaBreach: 'RelatedItem',
};
