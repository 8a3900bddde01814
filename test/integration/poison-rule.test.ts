/**
 * One stored rule must never stop its event source (R-robust L17, L32): through the
 * deployed canonical ingest handler on DynamoDB Local, with the example rules loaded
 * through CreateRule and one more rule beside them.
 *
 * - The rule of the finding itself (a 125,000-word phrase, 250 KB, which CreateRule
 *   accepts): its compile overflowed the stack and every event of the source failed
 *   for every rule; now it compiles and both rules are evaluated.
 * - A rule whose compile throws anyway (injected below: the shared phrase table of
 *   the rule set throws for a phrase holding POISON_WORD, as it did for the long
 *   phrase): the other rules' rule set is built and evaluated, their actions run, the
 *   batch does not fail, and the rule is reported once, not on every event.
 * - A rule whose evaluation throws (injected the same way, in a value test): it is not
 *   matched, the event's other rules run, and it is logged once per version.
 * - Two rules that compile alone but not together (injected the same way): no rule
 *   can be blamed, so the events fail; the failure is remembered until a version
 *   changes, not compiled again for every event.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCanonicalHandler } from '../../functions/ingest-canonical.ts';
import { canonicalIngestor } from '../../functions/ingestors.ts';
import { sqsEvent, sqsRecord } from '../support/lambda-envelopes.ts';
import { fixture } from '../support/fixtures.ts';
import { categoryRule } from '../support/rule-shapes.ts';
import { CONTEXT, INSTANCE, pipelineHarness, type PipelineHarness } from '../support/pipeline-harness.ts';

const POISON_WORD = 'poisonedword';
/** Phrases holding both words in one table throw: each rule alone compiles, the two together do not. */
const PAIR = ['pairalpha', 'pairbeta'];
const tables = { compiled: 0 };

// Fault injection: nothing the validator accepts makes the compiler throw any more, so a
// throw is made for one phrase, where the stack overflow was (the rule set's shared table).
vi.mock('../../engine/transcript/exact.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../engine/transcript/exact.ts')>();
  return {
    ...original,
    compilePhraseTable: (phrases: readonly string[]) => {
      tables.compiled++;
      if (phrases.some((p) => p.includes(POISON_WORD))) throw new RangeError('Maximum call stack size exceeded');
      if (PAIR.every((word) => phrases.some((p) => p.includes(word)))) throw new RangeError('the pair does not compile together');
      return original.compilePhraseTable(phrases);
    },
  };
});

// The same for evaluation: nothing the validator accepts makes a test throw, so a case
// summary CONTAINS test throws for one value, on every event it reads.
vi.mock('../../engine/compile/operators.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../engine/compile/operators.ts')>();
  return {
    ...original,
    compileValueTest: (...args: Parameters<typeof original.compileValueTest>) => {
      if (args[1].some((operand) => String(operand).includes(POISON_WORD))) {
        return () => {
          throw new TypeError('the poisoned test threw');
        };
      }
      return original.compileValueTest(...args);
    },
  };
});

const CALLER = 'arn:aws:iam::111122223333:user/test';

/** A PUBLISHED post-chat rule of one CONTAINS_ANY on the chat's exact-match transcript. */
const chatRule = (name: string, phrase: string) =>
  categoryRule(name, 'OnPostChatAnalysisAvailable', {
    Operator: 'CONTAINS_ANY',
    Operands: [phrase],
    ComparisonValue: '$.ContactLens.PostChat.ExactMatch.Transcript',
    FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'ParticipantRole', Data: 'CUSTOMER' }] },
    Negate: false,
  });

/** A PUBLISHED case rule whose one condition (the summary CONTAINS the poison word) throws when evaluated. */
const throwingCaseRule = (name: string) => ({
  Name: name,
  TriggerEventSource: { EventSourceName: 'OnCaseCreate' },
  Function: JSON.stringify({
    Version: '2022-11-25',
    RuleFunction: { Operator: 'AND', Operands: [{ Operator: 'CONTAINS', Operands: [POISON_WORD], ComparisonValue: '$.Case.Fields.summary', Negate: false }] },
  }),
  Actions: [{ ActionType: 'UPDATE_CASE', UpdateCaseAction: { Fields: [{ Id: 'status', Value: { StringValue: 'closed' } }] } }],
  PublishStatus: 'PUBLISHED',
});

/** The handler the deployed canonical function builds (functions/ingestors.ts: its own routes). */
const canonicalHandler = (h: PipelineHarness) =>
  createCanonicalHandler({ ...h.rt, pipeline: { ...h.rt.pipeline, ingestor: canonicalIngestor(h.rt.pipeline.ingestorDeps) } });

/** The post-chat canonical event (SLOW_FIRST_RESPONSE_REFUND matches it), with its own EventId. */
const chatEvent = (id: string) => ({ ...(fixture('canonical/OnPostChatAnalysisAvailable.json') as object), EventId: id });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a stored rule that the engine cannot compile does not stop its event source', () => {
  it("the finding's rule (one 125,000-word phrase, accepted by CreateRule) compiles: the source's rules all run", async () => {
    const h = await pipelineHarness();
    const long = Array.from({ length: 125_000 }, () => 'w').join(' ');
    await h.service.createRule(INSTANCE, chatRule('LONG_PHRASE', long), CALLER);
    const handler = canonicalHandler(h);
    const result = await handler(sqsEvent(sqsRecord(chatEvent('long-1'), 'm1')) as never, CONTEXT as never);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(h.runner.rulesRun()).toEqual(['SLOW_FIRST_RESPONSE_REFUND']);
    expect(h.loggedErrors).toEqual([]);
  });

  it('a rule whose compile throws is skipped alone and reported once; the other rules run on every event', async () => {
    const h = await pipelineHarness();
    await h.service.createRule(INSTANCE, chatRule('POISON', `refund ${POISON_WORD}`), CALLER);
    const handler = canonicalHandler(h);
    for (const [i, id] of ['p-1', 'p-2'].entries()) {
      const result = await handler(sqsEvent(sqsRecord(chatEvent(id), `m${i}`)) as never, CONTEXT as never);
      expect(result).toEqual({ batchItemFailures: [] });
    }
    expect(h.runner.rulesRun()).toEqual(['SLOW_FIRST_RESPONSE_REFUND', 'SLOW_FIRST_RESPONSE_REFUND']);
    expect(h.loggedErrors).toHaveLength(1);
    expect(h.loggedErrors[0]).toMatch(/stored rule does not compile; skipped until its next version/);
    expect(h.loggedErrors[0]).toMatch(/RangeError: Maximum call stack size exceeded/);
  });

  it('a rule whose evaluation throws is not matched, reported once per version; the other rules of the event run', async () => {
    const h = await pipelineHarness();
    const created = await h.service.createRule(INSTANCE, throwingCaseRule('THROWS'), CALLER);
    const handler = canonicalHandler(h);
    const caseEvent = (id: string) => ({ ...(fixture('canonical/OnCaseCreate.json') as object), EventId: id });
    const deliver = async (ids: string[]) => {
      for (const id of ids) expect(await handler(sqsEvent(sqsRecord(caseEvent(id), id)) as never, CONTEXT as never)).toEqual({ batchItemFailures: [] });
    };
    await deliver(['case-1', 'case-2']);
    // BILLING_CASE_SLA (examples/rules) matches the case on each event; THROWS never does.
    expect(h.runner.rulesRun()).toEqual(['BILLING_CASE_SLA', 'BILLING_CASE_SLA']);
    expect(h.loggedErrors).toHaveLength(1);
    expect(h.loggedErrors[0]).toMatch(/rule evaluation failed/);
    expect(h.loggedErrors[0]).toMatch(/TypeError: the poisoned test threw/);
    // Its next version that still throws is reported again, once.
    const { TriggerEventSource: _, ...update } = throwingCaseRule('THROWS');
    await h.service.updateRule(INSTANCE, created.RuleId, update, CALLER);
    await deliver(['case-3', 'case-4']);
    expect(h.loggedErrors).toHaveLength(2);
  });

  it('a set that fails though each rule compiles alone fails its events, without compiling it again for each', async () => {
    const h = await pipelineHarness();
    for (const [i, word] of PAIR.entries()) await h.service.createRule(INSTANCE, chatRule(`PAIR_${i}`, `refund ${word}`), CALLER);
    const handler = canonicalHandler(h);
    const failed = async (id: string) => (await handler(sqsEvent(sqsRecord(chatEvent(id), id)) as never, CONTEXT as never)) as { batchItemFailures: unknown[] };
    expect((await failed('pair-1')).batchItemFailures).toEqual([{ itemIdentifier: 'pair-1' }]);
    const compiled = tables.compiled;
    expect((await failed('pair-2')).batchItemFailures).toEqual([{ itemIdentifier: 'pair-2' }]);
    expect(tables.compiled).toBe(compiled);
    expect(h.runner.rulesRun()).toEqual([]);
    expect(h.loggedErrors.filter((e) => e.includes('the pair does not compile together'))).toHaveLength(2);
  });
});
