import { describe, expect, it } from 'vitest';
import { AGENT1, CONTACT, fixture, INSTANCE, QUEUE_RETENTION } from '../../test/support/fixtures.ts';
import { compileRuleFunction } from '../index.ts';
import { evaluationExportToTriggerEvent, evaluationIdentity, looksLikeEvaluationExport } from './evaluation.ts';

describe('evaluation export file → OnContactEvaluationSubmit', () => {
  const file = () => fixture('evaluation/evaluation-voice-cancellation.json');

  it('maps the form, sections and answers; not-applicable ones are left out', () => {
    expect(looksLikeEvaluationExport(file())).toBe(true);
    expect(looksLikeEvaluationExport(fixture('analysis/voice-cancellation.json'))).toBe(false);
    expect(evaluationIdentity(file(), 'f')).toEqual({ evaluationId: '0e9d8c7b-6a5f-4e4d-8c3b-2a1f0e9d8c7b', contactId: CONTACT.voice, instanceId: INSTANCE });
    const event = evaluationExportToTriggerEvent(file(), undefined, { file: 'f' });
    expect(event).toMatchObject({ EventSourceName: 'OnContactEvaluationSubmit', InstanceId: INSTANCE, EventTime: '2025-03-12T15:30:00.087Z' });
    expect(event.ContactLens?.ContactEvaluation).toEqual({
      ContactId: CONTACT.voice,
      EvaluationId: '0e9d8c7b-6a5f-4e4d-8c3b-2a1f0e9d8c7b',
      Agent: { AgentId: AGENT1 },
      Form: { FormId: '11111111-2222-4333-8444-555555555555', Score: 82.5 },
      Sections: { s12345678: { Score: 90 }, s23456789: { Score: 75 } },
      Questions: {
        q12345678: { Answer: { ValueRefId: 'o12345678' } },
        q23456789: { Answer: { Value: 4 } },
        q34567890: { Answer: { ValueRefId: 'o34567891' } },
      },
    });
  });

  it('takes the contact members from the contact record, and matches the example rule', () => {
    const event = evaluationExportToTriggerEvent(file(), fixture('contact/ctr-voice-cancellation.json'), { file: 'f' });
    expect(event.ContactLens?.ContactEvaluation).toMatchObject({ Queue: { QueueId: QUEUE_RETENTION }, InitiationMethod: 'INBOUND', ContactAttribute: { CustomerTier: 'Gold' } });
    const rule = fixture('../../examples/rules/evaluation-low-section-score.json');
    expect(compileRuleFunction(rule.Function, 'OnContactEvaluationSubmit').matches(event)).toBe(true);
  });

  it('refuses a file without its ids, or a contact record of another contact', () => {
    const noContact = file();
    delete noContact.metadata.contactId;
    expect(() => evaluationIdentity(noContact, 'e.json')).toThrow(/e\.json: missing metadata\.contactId \(at \/metadata\/contactId\)/);
    expect(() => evaluationExportToTriggerEvent(file(), fixture('contact/ctr-chat-billing.json'), { file: 'e' })).toThrow(/the contact record is for contact 9e8d7c6b/);
  });
});
