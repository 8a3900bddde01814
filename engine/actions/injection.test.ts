import { describe, expect, it } from 'vitest';
import { validateCreateRule } from '../rules/validate-request.ts';
import { compileTemplate, injectionProblems, textTokensFor, unknownTokens } from './injection.ts';
import { renderTemplate, TokenResolver } from './render.ts';

const event = {
  EventSourceName: 'OnPostCallAnalysisAvailable',
  InstanceId: 'i',
  ContactLens: { PostCall: { ContactId: 'c-1', Agent: { AgentId: 'a-1' }, Queue: { QueueId: 'q-1' } } },
};
const tokens = textTokensFor('OnPostCallAnalysisAvailable');

describe('templates', () => {
  it('replaces the allowed tokens, keeps other text (the docs example)', () => {
    const t = compileTemplate('with agent $.ContactLens.PostCall.Agent.AgentId in the contact $.ContactLens.PostCall.ContactId.', tokens);
    expect(t.tokens).toEqual(['$.ContactLens.PostCall.Agent.AgentId', '$.ContactLens.PostCall.ContactId']);
    expect(renderTemplate(t, new TokenResolver(event))).toBe('with agent a-1 in the contact c-1.');
  });

  it('leaves tokens of other sources and $ text as literal text', () => {
    const t = compileTemplate('cost $5, chat $.ContactLens.PostChat.ContactId, $.', tokens);
    expect(t.tokens).toEqual([]);
    expect(renderTemplate(t, new TokenResolver(event))).toBe('cost $5, chat $.ContactLens.PostChat.ContactId, $.');
  });

  it('matches the longest token first', () => {
    const t = compileTemplate('$.A.BC and $.A.B', ['$.A.B', '$.A.BC']);
    expect(t.parts).toEqual([{ token: '$.A.BC' }, { literal: ' and ' }, { token: '$.A.B' }]);
  });

  it('resolves each token once per invocation and renders a missing value empty', () => {
    const resolver = new TokenResolver({ ...event, ContactLens: { PostCall: { ContactId: 'c-1' } } });
    const t = compileTemplate('$.ContactLens.PostCall.ContactId/$.ContactLens.PostCall.ContactId q=$.ContactLens.PostCall.Queue.QueueId', tokens);
    expect(renderTemplate(t, resolver)).toBe('c-1/c-1 q=');
    expect([...resolver.missing]).toEqual(['$.ContactLens.PostCall.Queue.QueueId']);
  });

  it('serves the Zendesk status update tokens and numbers as text', () => {
    const zd = { EventSourceName: 'OnZendeskTicketStatusUpdate', InstanceId: 'i', ThirdParty: { Zendesk: { TicketStatusUpdate: { Id: 35436, Priority: 'high' } } } };
    const t = compileTemplate('Ticket $.ThirdParty.Zendesk.TicketStatusUpdate.Id ($.ThirdParty.Zendesk.TicketStatusUpdate.Priority)', textTokensFor('OnZendeskTicketStatusUpdate'));
    expect(renderTemplate(t, new TokenResolver(zd))).toBe('Ticket 35436 (high)');
  });
});

describe('validation', () => {
  it('finds token-like text that is not exactly an allowed token', () => {
    expect(unknownTokens('a $.ContactLens.PostCall.ContactId. b', tokens)).toEqual([]);
    expect(unknownTokens('$.ContactLens.PostCall.ContactIdX $.ContactLens.PostCall.Agent', tokens)).toEqual([
      '$.ContactLens.PostCall.ContactIdX',
      '$.ContactLens.PostCall.Agent',
    ]);
  });

  it('names the field and the offered variables', () => {
    const problems = injectionProblems(
      { ActionType: 'CREATE_TASK', TaskAction: { Name: 'x $.ContactLens.PostChat.ContactId', References: { link: { Value: '$.Case.CaseId' } } } },
      'OnPostCallAnalysisAvailable',
      'Actions[1]',
    );
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Actions\[1\]\.TaskAction\.Name: '\$\.ContactLens\.PostChat\.ContactId' is not a variable of this event source \(variables of OnPostCallAnalysisAvailable: \$\.ContactLens\.PostCall\.ContactId/);
    expect(problems[1]).toContain('Actions[1].TaskAction.References["link"].Value');
    expect(injectionProblems({ ActionType: 'SEND_NOTIFICATION', SendNotificationAction: { Subject: 'q $.MetricData.X' } }, 'OnMetricDataUpdate', 'Actions[0]')[0]).toContain(
      'OnMetricDataUpdate offers no variables',
    );
  });

  it('CreateRule refuses a token the source does not offer, and accepts the offered ones', () => {
    const body = (content: string) => ({
      Name: 'R',
      TriggerEventSource: { EventSourceName: 'OnPostChatAnalysisAvailable' },
      Function: '{}',
      PublishStatus: 'PUBLISHED',
      Actions: [
        { ActionType: 'ASSIGN_CONTACT_CATEGORY', AssignContactCategoryAction: {} },
        { ActionType: 'SEND_NOTIFICATION', SendNotificationAction: { DeliveryMethod: 'EMAIL', ContentType: 'PLAIN_TEXT', Content: content, Recipient: { UserIds: ['u'] } } },
      ],
    });
    const ok = () => [] as string[];
    expect(() => validateCreateRule(body('chat $.ContactLens.PostChat.ContactId'), ok)).not.toThrow();
    expect(() => validateCreateRule(body('call $.ContactLens.PostCall.ContactId'), ok)).toThrow(
      /Actions\[1\]\.SendNotificationAction\.Content: '\$\.ContactLens\.PostCall\.ContactId' is not a variable of this event source/,
    );
  });
});
