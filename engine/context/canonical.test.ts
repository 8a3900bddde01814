import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EVENT_SOURCE_NAMES } from '../../grammar/catalogue/types.ts';
import { loadCanonicalEvent, loadEvaluationEvent } from './canonical.ts';
import { InputFormatError } from './errors.ts';
import { BODY_AT, fixture, INSTANCE, valueAt } from '../../test/support/fixtures.ts';
import { deepFreeze } from '../../test/support/freeze.ts';

const files = readdirSync(new URL('../../test/fixtures/canonical/', import.meta.url)).filter((f) => f.endsWith('.json'));

describe('canonical fixtures', () => {
  it('there is one per source with a documented body', () => {
    expect(files.map((f) => f.replace('.json', '')).sort()).toEqual(Object.keys(BODY_AT).sort());
  });

  it.each(files)('%s loads, with its body where the source puts it', (file) => {
    const event = loadCanonicalEvent(fixture(`canonical/${file}`), { file });
    expect(event.EventSourceName).toBe(file.replace('.json', ''));
    expect(EVENT_SOURCE_NAMES).toContain(event.EventSourceName);
    expect(event.InstanceId).toBe(INSTANCE);
    expect(valueAt(event, BODY_AT[event.EventSourceName]!)).toBeTypeOf('object');
  });

  // What lets the pipeline hand the loader an adapter's output, or an EventBridge detail, without a copy.
  it.each(files)('%s loads the same frozen: the loader never changes its input', (file) => {
    expect(loadCanonicalEvent(deepFreeze(fixture(`canonical/${file}`)), { file })).toEqual(loadCanonicalEvent(fixture(`canonical/${file}`), { file }));
  });
});

describe('loadCanonicalEvent', () => {
  it('serves the Zendesk status update under both names, ids as strings', () => {
    const event = loadCanonicalEvent(fixture('canonical/OnZendeskTicketStatusUpdate.json'));
    const zendesk = event.ThirdParty?.Zendesk;
    expect(zendesk?.TicketStatusUpdate).toEqual(zendesk?.StatusUpdate);
    expect(zendesk?.StatusUpdate?.Id).toBe('35436');
    const reverse = loadCanonicalEvent({ EventSourceName: 'OnZendeskTicketStatusUpdate', InstanceId: INSTANCE, ThirdParty: { Zendesk: { TicketStatusUpdate: { Id: '1', Status: 'open' } } } });
    expect(reverse.ThirdParty?.Zendesk?.StatusUpdate).toEqual({ Id: '1', Status: 'open' });
  });

  it('refuses two different Zendesk status bodies', () => {
    const input = { EventSourceName: 'OnZendeskTicketStatusUpdate', InstanceId: INSTANCE, ThirdParty: { Zendesk: { StatusUpdate: { Id: '1' }, TicketStatusUpdate: { Id: '2' } } } };
    expect(() => loadCanonicalEvent(input)).toThrow(/must be equal/);
  });

  it('takes the two Zendesk status bodies when they are equal with their members in another order', () => {
    const input = {
      EventSourceName: 'OnZendeskTicketStatusUpdate',
      InstanceId: INSTANCE,
      ThirdParty: { Zendesk: { StatusUpdate: { Id: '1', Status: 'open', Tags: ['a'] }, TicketStatusUpdate: { Tags: ['a'], Status: 'open', Id: '1' } } },
    };
    expect(loadCanonicalEvent(input).ThirdParty?.Zendesk?.StatusUpdate).toEqual({ Id: '1', Status: 'open', Tags: ['a'] });
  });

  it('derives Sentiment.State, CustomerHoldDurationPct and chat EndOffsetMillis', () => {
    const post = loadCanonicalEvent(fixture('canonical/OnPostCallAnalysisAvailable.json')).ContactLens?.PostCall;
    expect(post?.Sentiment?.State).toEqual({ AGENT: 'POSITIVE', CUSTOMER: 'NEGATIVE' });
    expect(post?.Agent?.CustomerHoldDurationPct).toBe((100 * 18) / (122 + 18));
    const chat = loadCanonicalEvent(fixture('canonical/OnPostChatAnalysisAvailable.json')).ContactLens?.PostChat;
    expect(chat?.Transcript?.[0]).toMatchObject({ BeginOffsetMillis: 610, EndOffsetMillis: 610 });
  });

  it('keeps a given State and members it does not know', () => {
    const event = loadCanonicalEvent({
      EventSourceName: 'OnPostCallAnalysisAvailable',
      InstanceId: INSTANCE,
      ContactLens: { PostCall: { Sentiment: { OverallScore: { AGENT: 3 }, State: { AGENT: 'NEUTRAL' } }, Extra: { x: 1 } } },
      Debug: true,
    });
    expect(event.ContactLens?.PostCall?.Sentiment?.State).toEqual({ AGENT: 'NEUTRAL' });
    expect(event.Debug).toBe(true);
  });

  it('refuses NotYetKnown on a post-contact body, where it would be ignored, and reads it on a real-time one', () => {
    const event = (root: string, source: string) => ({ EventSourceName: source, InstanceId: INSTANCE, ContactLens: { [root]: { ContactId: 'c1', NotYetKnown: ['ContactAttribute'] } } });
    expect(() => loadCanonicalEvent(event('PostCall', 'OnPostCallAnalysisAvailable'), { file: 'e.json' })).toThrow(/^e\.json: NotYetKnown is for real-time bodies only.*\(at \/ContactLens\/PostCall\/NotYetKnown\)$/);
    expect(loadCanonicalEvent(event('RealTimeCall', 'OnRealTimeCallAnalysisAvailable')).ContactLens?.RealTimeCall?.NotYetKnown).toEqual(['ContactAttribute']);
  });

  it('counts null as absent', () => {
    const event = loadCanonicalEvent({ EventSourceName: 'OnPostCallAnalysisAvailable', InstanceId: INSTANCE, EventId: null, ContactLens: { PostCall: { Queue: null, ContactId: 'c1' } } });
    expect(event).toEqual({ EventSourceName: 'OnPostCallAnalysisAvailable', InstanceId: INSTANCE, ContactLens: { PostCall: { ContactId: 'c1' } } });
  });

  it('accepts sources without a documented body', () => {
    expect(loadCanonicalEvent({ EventSourceName: 'OnAlertUpdate', InstanceId: INSTANCE, Alert: { Id: 'a' } }).Alert).toEqual({ Id: 'a' });
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['missing InstanceId', { EventSourceName: 'OnCaseCreate', Case: {} }, '/InstanceId', /missing InstanceId/],
    ['unknown source', { EventSourceName: 'OnContactEvent', InstanceId: INSTANCE }, '/EventSourceName', /expected one of OnPostCallAnalysisAvailable/],
    ['missing body', { EventSourceName: 'OnCaseUpdate', InstanceId: INSTANCE }, '/Case', /missing Case: the body of an OnCaseUpdate event/],
    ['bad EventTime', { EventSourceName: 'OnCaseUpdate', InstanceId: INSTANCE, EventTime: 'now', Case: {} }, '/EventTime', /ISO-8601/],
    [
      'a score that is not a number',
      { EventSourceName: 'OnContactEvaluationSubmit', InstanceId: INSTANCE, ContactLens: { ContactEvaluation: { Sections: { s1: { Score: '90' } } } } },
      '/ContactLens/ContactEvaluation/Sections/s1/Score',
      /expected a number, got the string "90"/,
    ],
    [
      'a case date-time that is not one',
      { EventSourceName: 'OnCaseCreate', InstanceId: INSTANCE, Case: { Fields: { created_datetime: 'last week' } } },
      '/Case/Fields/created_datetime',
      /ISO-8601/,
    ],
    [
      'a transcript item without content',
      { EventSourceName: 'OnPostChatAnalysisAvailable', InstanceId: INSTANCE, ContactLens: { PostChat: { Transcript: [{ Id: 'i', ParticipantRole: 'AGENT', BeginOffsetMillis: 0 }] } } },
      '/ContactLens/PostChat/Transcript/0/Content',
      /missing Content/,
    ],
    [
      'a sentiment state out of the enum',
      { EventSourceName: 'OnPostCallAnalysisAvailable', InstanceId: INSTANCE, ContactLens: { PostCall: { Sentiment: { State: { AGENT: 'MIXED' } } } } },
      '/ContactLens/PostCall/Sentiment/State/AGENT',
      /one of POSITIVE, NEGATIVE, NEUTRAL/,
    ],
    [
      'an SLA without a name',
      { EventSourceName: 'OnSlaBreach', InstanceId: INSTANCE, RelatedItem: { SlaConfiguration: { Status: 'Overdue' } } },
      '/RelatedItem/SlaConfiguration/Name',
      /missing Name/,
    ],
    [
      'a metric without a value',
      { EventSourceName: 'OnMetricDataUpdate', InstanceId: INSTANCE, MetricData: { Rows: [{ Metrics: [{ Name: 'CONTACTS_IN_QUEUE' }] }] } },
      '/MetricData/Rows/0/Metrics/0/Value',
      /missing Value/,
    ],
    ['a key with a slash', { EventSourceName: 'OnCaseCreate', InstanceId: INSTANCE, Case: { Fields: { 'a/b': {} } } }, '/Case/Fields/a~1b', /expected a string, number or boolean/],
  ])('refuses %s', (_, input, pointer, message) => {
    try {
      loadCanonicalEvent(input, { file: 'event.json' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputFormatError);
      expect((err as InputFormatError).pointer).toBe(pointer);
      expect((err as Error).message).toMatch(/^event\.json: /);
      expect((err as Error).message).toMatch(message);
    }
  });
});

describe('the shapes in a bundle', () => {
  it('leave a bundle that imports the module but loads no canonical event (the file readers import it through the join)', async () => {
    const { build } = await import('esbuild');
    const bundle = (contents: string) =>
      build({ stdin: { contents, resolveDir: import.meta.dirname, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent' }).then((r) => r.outputFiles[0]!.text);
    // A member name of the transcript item's shape: only the shapes hold it.
    expect(await bundle(`import { isCanonicalEvent } from './canonical.ts'; console.log(isCanonicalEvent);`)).not.toContain('ParticipantRole');
    expect(await bundle(`import { loadCanonicalEvent } from './canonical.ts'; console.log(loadCanonicalEvent);`)).toContain('ParticipantRole');
  });

  it("of other sources' bodies leave a bundle that loads only the evaluation export's events", async () => {
    const { build } = await import('esbuild');
    const contents = `import { loadEvaluationEvent } from './canonical.ts'; console.log(loadEvaluationEvent);`;
    const { outputFiles } = await build({ stdin: { contents, resolveDir: import.meta.dirname, loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent' });
    const code = outputFiles[0]!.text;
    // Members of the transcript item's and the metric data's shapes; the evaluation body's own is kept.
    expect(code).not.toContain('ParticipantRole');
    expect(code).not.toContain('ThresholdSeconds');
    expect(code).toContain('ValueRefId');
  });
});

describe("loadEvaluationEvent (the evaluation export reader's events)", () => {
  const event = fixture('canonical/OnContactEvaluationSubmit.json') as Record<string, unknown>;

  it('loads an OnContactEvaluationSubmit event as loadCanonicalEvent does', () => {
    expect(loadEvaluationEvent(event, { file: 'e.json' })).toEqual(loadCanonicalEvent(event, { file: 'e.json' }));
  });

  it('refuses what loadCanonicalEvent refuses in the envelope and the evaluation body, with the same located error', () => {
    const body = (event.ContactLens as Record<string, Record<string, unknown>>).ContactEvaluation!;
    const bad = [
      { ...event, EventSourceName: 'OnNothing' },
      { ...event, EventTime: 'yesterday' },
      { ...event, ContactLens: { ContactEvaluation: { ...body, Form: { FormId: 'f', Score: 'high' } } } },
      { ...event, ContactLens: {} },
    ];
    for (const input of bad) {
      const refused = (load: typeof loadCanonicalEvent) => {
        try {
          load(input, { file: 'e.json' });
        } catch (err) {
          return err as InputFormatError;
        }
        return undefined;
      };
      const expected = refused(loadCanonicalEvent);
      expect(expected).toBeInstanceOf(InputFormatError);
      expect(refused(loadEvaluationEvent)?.message).toBe(expected!.message);
    }
  });
});
