import { describe, expect, it } from 'vitest';
import { checkFunction } from '../index.ts';
import type { EventSourceName } from '../catalogue/types.ts';
import { checkAnyForm } from './index.ts';
import { readSourceName } from './source-name.ts';

const VALID = '{"Version": "2022-11-25", "RuleFunction": {"Operator": "AND", "Operands": [{"Operator": "CONTAINS_ANY", "Operands": ["q-1"], "ComparisonValue": "$.ContactLens.PostCall.Queue.QueueId", "Negate": false}]}}';
// What a plain-JavaScript caller can pass where the type wants an EventSourceName.
const given = (name: unknown) => name as EventSourceName;
const problems = (result: { errors: readonly { format(file: string): string }[] }) => result.errors.map((e) => e.format('Function'));

describe('readSourceName (--source, .source)', () => {
  it.each([
    ['OnPostCallAnalysisAvailable', { source: 'OnPostCallAnalysisAvailable' }],
    ['onpostcallanalysisavailable', { source: 'OnPostCallAnalysisAvailable' }],
    ['post-call', { source: 'OnPostCallAnalysisAvailable' }],
    ['OnPostCall', { problem: 'unknown event source "OnPostCall" (did you mean `OnPostCallAnalysisAvailable`?)' }],
    ['case', { problem: 'event source "case" names 2 sources; one of: OnCaseCreate, OnCaseUpdate' }],
  ])('%s', (value, reading) => {
    expect(readSourceName(value)).toEqual(reading);
  });
});

describe('a source given that is no EventSourceName (the library, from plain JavaScript)', () => {
  it('checkFunction says so instead of checking a valid function as if nothing were wrong', () => {
    expect(problems(checkFunction(VALID, given('OnPostCal')))).toEqual(['Function:1:1: unknown event source "OnPostCal" (did you mean `OnPostCallAnalysisAvailable`?)']);
    expect(checkFunction(VALID, 'OnPostCallAnalysisAvailable').errors).toEqual([]);
  });

  it('checkAnyForm says so instead of asking for an `on` line', () => {
    expect(problems(checkAnyForm('queue in ("q")', given('OnPostCall')))).toEqual(['Function:1:1: unknown event source "OnPostCall" (did you mean `OnPostCallAnalysisAvailable`?)']);
  });

  it('a name --source takes is pointed at the EventSourceName it stands for', () => {
    expect(problems(checkAnyForm('holds >= 1', given('post-call')))).toEqual(['Function:1:1: unknown event source "post-call" (did you mean `OnPostCallAnalysisAvailable`?)']);
    expect(problems(checkFunction(VALID, given('onpostcallanalysisavailable')))).toEqual([
      'Function:1:1: unknown event source "onpostcallanalysisavailable" (did you mean `OnPostCallAnalysisAvailable`?)',
    ]);
  });

  it('no source at all', () => {
    expect(problems(checkFunction(VALID, given(undefined)))[0]).toMatch(/^Function:1:1: no event source given \(undefined\): an EventSourceName is wanted; one of: OnPostCallAnalysisAvailable, /);
  });
});
