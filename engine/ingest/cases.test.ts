/** What a malformed Cases event is told: the member, its JSON pointer, and nothing lost (the happy paths are in eventbridge.test.ts). */
import { describe, expect, it } from 'vitest';
import { fixture, INSTANCE } from '../../test/support/fixtures.ts';
import { casesEventToTriggerEvents } from './cases.ts';
import { BadInputError } from './errors.ts';

const directory = { defaultInstanceId: INSTANCE };

function event(file: 'cases-case-created.json' | 'cases-sla-overdue.json', change: (detail: any) => void) {
  const e = structuredClone(fixture(`eventbridge/${file}`));
  change(e.detail);
  return e;
}
const created = (change: (detail: any) => void) => event('cases-case-created.json', change);
const sla = (change: (detail: any, config: any) => void) => event('cases-sla-overdue.json', (d) => change(d, d.relatedItem.sla.slaConfiguration));
const CONFIG = '/detail/relatedItem/sla/slaConfiguration';

describe('malformed Cases events', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['a detail that is not an object', { ...fixture('eventbridge/cases-case-created.json'), detail: 'x' }, 'missing detail', '/detail'],
    ['no eventType', created((d) => delete d.eventType), 'missing', '/detail/eventType'],
    ['a numeric eventType', created((d) => (d.eventType = 7)), 'expected a string, got number', '/detail/eventType'],
    ['a change time that is a list', created((d) => (d.approximateChangeTime = [])), 'expected a string, got object', '/detail/approximateChangeTime'],
    ['no case', created((d) => delete d.case), 'missing case', '/detail/case'],
    ['a case that is a string', created((d) => (d.case = 'c')), 'missing case', '/detail/case'],
    ['fields that are a list', created((d) => (d.case.fields = [])), 'expected a map of field id to {value}', '/detail/case/fields'],
    ['no caseId', created((d) => delete d.case.caseId), 'missing', '/detail/case/caseId'],
    ['a null caseId', created((d) => (d.case.caseId = null)), 'missing', '/detail/case/caseId'],
    ['a boolean templateId', created((d) => (d.case.templateId = true)), 'expected a string, got boolean', '/detail/case/templateId'],
    ['no relatedItem', sla((d) => delete d.relatedItem), 'missing relatedItem', '/detail/relatedItem'],
    ['a numeric relatedItemType', sla((d) => (d.relatedItem.relatedItemType = 1)), 'expected a string, got number', '/detail/relatedItem/relatedItemType'],
    ['no slaConfiguration', sla((d) => delete d.relatedItem.sla), 'missing slaConfiguration', CONFIG],
    ['a slaConfiguration that is a string', sla((d) => (d.relatedItem.sla.slaConfiguration = 'x')), 'missing slaConfiguration', CONFIG],
    ['a numeric status', sla((_, c) => (c.status = 3)), 'expected a string, got number', `${CONFIG}/status`],
    ['a numeric relatedItemId', sla((d) => (d.relatedItem.relatedItemId = 3)), 'expected a string, got number', '/detail/relatedItem/relatedItemId'],
    ['an object caseId', sla((d) => (d.relatedItem.caseId = {})), 'expected a string, got object', '/detail/relatedItem/caseId'],
    ['no SLA name', sla((_, c) => delete c.name), 'missing', `${CONFIG}/name`],
    ['a numeric SLA type', sla((_, c) => (c.type = 1)), 'expected a string, got number', `${CONFIG}/type`],
    ['a numeric fieldId', sla((_, c) => (c.fieldId = 1)), 'expected a string, got number', `${CONFIG}/fieldId`],
    ['a numeric targetTime', sla((_, c) => (c.targetTime = 1)), 'expected a string, got number', `${CONFIG}/targetTime`],
    ['a boolean completionTime', sla((_, c) => (c.completionTime = false)), 'expected a string, got boolean', `${CONFIG}/completionTime`],
  ])('refuses %s, naming where', (_, input, problem, pointer) => {
    let caught: unknown;
    try {
      casesEventToTriggerEvents(input, directory, 'x.json');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BadInputError);
    expect(caught).toMatchObject({ reason: 'invalid-payload', pointer, message: `x.json: ${problem} (at ${pointer})` });
  });

  it('reads null members as absent and finds the SLA under content or on the item itself', () => {
    const out = casesEventToTriggerEvents(created((d) => ((d.case.templateId = null), (d.approximateChangeTime = null))), directory, 'x') as any;
    expect(out.events[0].Case.TemplateId).toBeUndefined();
    expect(out.events[0].EventTime).toBe('2025-03-13T12:05:10Z');
    const underContent = sla((d) => ((d.relatedItem.content = { sla: d.relatedItem.sla }), delete d.relatedItem.sla)) as any;
    expect((casesEventToTriggerEvents(underContent, directory, 'x') as any).events[0].RelatedItem.SlaConfiguration.Name).toBe('highPrioritySla');
    const onItem = sla((d) => ((d.relatedItem.slaConfiguration = d.relatedItem.sla.slaConfiguration), delete d.relatedItem.sla)) as any;
    expect((casesEventToTriggerEvents(onItem, directory, 'x') as any).events[0].RelatedItem.SlaConfiguration.Status).toBe('Overdue');
  });

  it('ignores a related item that is not an SLA before reading the rest', () => {
    const comment = sla((d) => ((d.relatedItem.relatedItemType = 'Comment'), (d.relatedItem.relatedItemId = 5)));
    expect(casesEventToTriggerEvents(comment, directory, 'x')).toEqual({ ignored: 'RELATED_ITEM.UPDATED: related item of type Comment' });
  });
});
