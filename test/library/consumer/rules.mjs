// The rules both consumers evaluate, and their inputs (plain JavaScript, so the TypeScript consumer needs no Node types).
import { readFileSync } from 'node:fs';

/** The analysis file and contact record named on the command line, parsed. */
export const [ANALYSIS, CONTACT] = process.argv.slice(2).map((f) => JSON.parse(readFileSync(f, 'utf8')));
const transcript = (phrase) =>
  JSON.stringify({
    Version: '2022-11-25',
    RuleFunction: {
      Operator: 'AND',
      Operands: [
        {
          Operator: 'CONTAINS_ANY',
          Operands: [phrase],
          ComparisonValue: '$.ContactLens.PostCall.ExactMatch.Transcript',
          FilterClause: { LogicOperator: 'AND', Filters: [{ Type: 'ParticipantRole', Data: 'CUSTOMER' }] },
          Negate: false,
        },
      ],
    },
  });

export const RULES = [
  { name: 'cancellation', source: 'OnPostCallAnalysisAvailable', function: transcript('cancel my account') },
  { name: 'discount', source: 'OnPostCallAnalysisAvailable', function: transcript('loyalty discount') },
  { name: 'chat', source: 'OnPostChatAnalysisAvailable', function: transcript('cancel my account').replaceAll('PostCall', 'PostChat') },
];

/** RULES[0] in the readable text form. */
export const TEXT_FORM = '# cancellations\ntranscript.exact(customer) contains any ("cancel my account")\n';

/** Invalid on line 2: an unknown operator on an unknown condition path. */
export const INVALID = '{"Version": "2022-11-25", "RuleFunction": {"Operator": "AND", "Operands": [\n  {"Operator": "CONTAINS_SOME", "Operands": ["x"], "ComparisonValue": "$.ContactLens.PostCall.Nope", "Negate": false}]}}';
