import { describe, expect, it } from 'vitest';
import { contactToGive, readsAiAgents } from './eval-hints.ts';

describe('readsAiAgents: from the condition catalogue row the path resolves to, as the compiler reads it', () => {
  it.each([
    ['OnPostCallAnalysisAvailable', '$.ContactLens.PostCall.AiAgent.IdWithVersion', true],
    ['OnPostChatAnalysisAvailable', '$.ContactLens.PostChat.AiAgent.IdWithVersion', true],
    ['OnPostCallAnalysisAvailable', '$.ContactLens.PostCall.Queue.QueueId', false],
    // no row: not a condition that reads the AI agents, whatever its words
    ['OnPostCallAnalysisAvailable', '$.ContactLens.PostCall.AiAgent.UseCase', false],
    // another source's path resolves to no row of this one
    ['OnPostChatAnalysisAvailable', '$.ContactLens.PostCall.AiAgent.IdWithVersion', false],
  ] as const)('%s %s: %s', (source, path, expected) => {
    expect(readsAiAgents(source, path)).toBe(expected);
  });

  it('names what to give with --contact', () => {
    expect(contactToGive('OnPostCallAnalysisAvailable', '$.ContactLens.PostCall.AiAgent.IdWithVersion')).toBe('the DescribeContact response (its Contact.WisdomInfo.AiAgents; a CTR has none)');
    expect(contactToGive('OnPostCallAnalysisAvailable', '$.ContactLens.PostCall.Queue.QueueId')).toBe('the CTR or DescribeContact response');
  });
});
