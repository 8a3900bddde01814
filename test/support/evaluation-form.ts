/** An evaluation form with automation on every question (greeting by category, sentiment, a compliance question that fails automatically). */
import type { FormContent } from '../../engine/actions/evaluation/scoring.ts';

const yesNo = (ref: string, weight: number, automation?: object, extra: object = {}) => ({
  Question: {
    Title: ref,
    RefId: ref,
    QuestionType: 'SINGLESELECT' as const,
    Weight: weight,
    QuestionTypeProperties: {
      SingleSelect: {
        Options: [
          { RefId: `${ref}-yes`, Text: 'Yes', Score: 10 },
          { RefId: `${ref}-no`, Text: 'No', Score: 0, ...extra },
        ],
        ...(automation ? { Automation: automation } : {}),
      },
    },
    NotApplicableEnabled: true,
  },
});

export const FORM: FormContent = {
  ScoringStrategy: { Mode: 'QUESTION_ONLY', Status: 'ENABLED' },
  Items: [
    {
      Section: {
        Title: 'Greeting',
        RefId: 's1',
        Items: [
          yesNo('q1', 50, { Options: [{ RuleCategory: { Category: 'NO_GREETING', Condition: 'PRESENT', OptionRefId: 'q1-no' } }], DefaultOptionRefId: 'q1-yes' }),
          {
            Question: {
              Title: 'Sentiment',
              RefId: 'q2',
              QuestionType: 'NUMERIC',
              Weight: 50,
              QuestionTypeProperties: {
                Numeric: {
                  MinValue: -5,
                  MaxValue: 5,
                  Options: [
                    { MinValue: -5, MaxValue: 0, Score: 0 },
                    { MinValue: 0.01, MaxValue: 5, Score: 10 },
                  ],
                  Automation: { PropertyValue: { Label: 'OVERALL_CUSTOMER_SENTIMENT_SCORE' } },
                },
              },
            },
          },
        ],
      },
    },
    { Section: { Title: 'Compliance', RefId: 's2', Items: [yesNo('q3', 100, { Options: [{ RuleCategory: { Category: 'DISCLOSURE', Condition: 'NOT_PRESENT', OptionRefId: 'q3-no' } }] }, { AutomaticFail: true })] } },
  ],
};

