/**
 * Row cases of the Contact Lens and evaluation tables, written from the documented
 * conditions: one function per documented condition, of the source prefix; what differs
 * between sources (Negate, enums, period filter) is an argument.
 */
import { leaf, role, type FilterJson, type RowCase } from './validator.ts';

export const COMPARE = 'NumberGreaterOrEqualTo or NumberLessOrEqualTo';
const ARN = 'arn:aws:connect:us-east-1:111122223333:instance/i-1/agent-group/g-1';
const AI = '30682191-2312-4c27-9fc1-752e7a399d52';
const AI2 = '5d3c1a52-0a7e-4d4b-8d0e-0a6d3c6e2b11';
const many = (n: number, stem = 'w'): string[] => Array.from({ length: n }, (_, i) => `${stem}${i}`);

// ---------------------------------------------------------------------------
// rows every contact source has

export const hierarchy = (p: string): RowCase => ({
  path: `${p}.Agent.HierarchyGroup.ARN`,
  valid: leaf('CONTAINS_ANY', `${p}.Agent.HierarchyGroup.ARN`, [ARN]),
  negatable: false,
  wrongOperator: { op: 'EQUALS', use: 'CONTAINS_ANY' },
  badOperands: [
    { change: { operands: [] }, expect: { at: 'operands', message: 'CONTAINS_ANY on Agent hierarchy needs at least one operand' } },
    {
      change: { operands: [ARN, 42] },
      expect: { at: { needle: '42' }, message: 'CONTAINS_ANY on Agent hierarchy takes string operands, not a number 42' },
    },
  ],
});

const CONTACT_METHODS = '"INBOUND", "OUTBOUND", "TRANSFER", "QUEUE_TRANSFER", "CALLBACK", "API", "DISCONNECT"';
const EMAIL_METHODS = '"INBOUND", "OUTBOUND", "AGENT_REPLY", "FLOW"';

export const initiation = (p: string, email = false): RowCase => ({
  path: `${p}.InitiationMethod`,
  valid: leaf('CONTAINS_ANY', `${p}.InitiationMethod`, email ? ['INBOUND', 'AGENT_REPLY', 'FLOW'] : ['INBOUND', 'CALLBACK', 'QUEUE_TRANSFER']),
  negatable: false,
  wrongOperator: { op: 'EQUALS', use: 'CONTAINS_ANY' },
  badOperands: [
    {
      change: { operands: ['inbound'] },
      expect: { at: { needle: '"inbound"' }, message: '"inbound" is not a valid Initiation method value (did you mean "INBOUND"?)' },
    },
    {
      change: { operands: [email ? 'CALLBACK' : 'AGENT_REPLY'] },
      expect: {
        at: { needle: email ? '"CALLBACK"' : '"AGENT_REPLY"' },
        message: `"${email ? 'CALLBACK' : 'AGENT_REPLY'}" is not a valid Initiation method value; expected one of ${email ? EMAIL_METHODS : CONTACT_METHODS}`,
      },
    },
  ],
});

export const disconnect = (p: string, email = false): RowCase => ({
  path: `${p}.DisconnectReason`,
  valid: leaf('CONTAINS_ANY', `${p}.DisconnectReason`, email ? ['EXPIRED', 'TRANSFERRED'] : ['CUSTOMER_DISCONNECT', 'TELECOM_PROBLEM']),
  negatable: false,
  wrongOperator: { op: 'CONTAINS', use: 'CONTAINS_ANY' },
  badOperands: [
    {
      change: { operands: ['CUSTOMER_DISCONECT'] },
      expect: {
        at: { needle: '"CUSTOMER_DISCONECT"' },
        message: email
          ? '"CUSTOMER_DISCONECT" is not a valid Disconnect reason value; expected one of "AGENT_DISCONNECT", "CONTACT_FLOW_DISCONNECT", "EXPIRED", "DISCARDED", "OTHER", "API", "TRANSFERRED"'
          : '"CUSTOMER_DISCONECT" is not a valid Disconnect reason value (did you mean "CUSTOMER_DISCONNECT"?)',
      },
    },
  ],
});

export const acw = (p: string): RowCase => ({
  path: `${p}.Agent.AfterContactWorkDurationSecs`,
  valid: leaf('NumberGreaterOrEqualTo', `${p}.Agent.AfterContactWorkDurationSecs`, [0]),
  alsoValid: [leaf('NumberLessOrEqualTo', `${p}.Agent.AfterContactWorkDurationSecs`, [120])],
  negatable: false,
  wrongOperator: { op: 'EQUALS', use: COMPARE },
  badOperands: [
    {
      change: { operands: [-5] },
      expect: { at: { needle: '-5' }, message: 'After contact work duration takes a number of at least 0, got -5' },
    },
    {
      change: { operands: ['120'] },
      expect: { at: { needle: '"120"' }, message: 'NumberGreaterOrEqualTo on After contact work duration takes a number, not a string "120"' },
    },
  ],
});

export const routingProfile = (p: string): RowCase => ({
  path: `${p}.Agent.RoutingProfile`,
  valid: leaf('CONTAINS_ANY', `${p}.Agent.RoutingProfile`, ['arn:aws:connect:us-east-1:111122223333:instance/i-1/routing-profile/rp-1']),
  negatable: false,
  wrongOperator: { op: 'EQUALS', use: 'CONTAINS_ANY' },
  badOperands: [
    { change: { operands: [''] }, expect: { at: { needle: '""' }, message: 'CONTAINS_ANY on Routing profile takes non-empty strings' } },
  ],
});

export const potentialDisconnect = (p: string): RowCase => ({
  path: `${p}.PotentialDisconnectIssue`,
  valid: leaf('CONTAINS_ANY', `${p}.PotentialDisconnectIssue`, ['SOME_ISSUE']),
  alsoValid: [leaf('EQUALS', `${p}.PotentialDisconnectIssue`, [])],
  negatable: false,
  wrongOperator: { op: 'NumberLessOrEqualTo', use: 'CONTAINS_ANY or EQUALS' },
  badOperands: [
    {
      change: { op: 'EQUALS', operands: ['SOME_ISSUE'] },
      expect: {
        at: 'operands',
        message:
          'EQUALS on Potential disconnect issue takes no operands ("Operands": [] is its "no value" form); use CONTAINS_ANY to compare with values',
      },
    },
    {
      change: { operands: [] },
      expect: {
        at: 'operands',
        message: 'CONTAINS_ANY on Potential disconnect issue needs at least one operand; use EQUALS with no operand for the "no value" form',
      },
    },
  ],
});

export const segmentAttribute = (p: string, negatable: boolean): RowCase => ({
  path: `${p}.SegmentAttributes.UserDefined.Region`,
  valid: leaf('CONTAINS_ANY', `${p}.SegmentAttributes.UserDefined.Region`, ['EMEA', 'APAC']),
  negatable,
  wrongOperator: { op: 'EQUALS', use: 'CONTAINS_ANY' },
  badOperands: [
    {
      change: { operands: [true] },
      expect: { at: { needle: 'true', after: '"Operands"' }, message: 'CONTAINS_ANY on Custom segment attribute takes string operands, not a boolean true' },
    },
  ],
});

export const agent = (p: string): RowCase => ({
  path: `${p}.Agent.AgentId`,
  valid: leaf('CONTAINS_ANY', `${p}.Agent.AgentId`, many(100, 'agent-')),
  negatable: false,
  wrongOperator: { op: 'EQUALS', use: 'CONTAINS_ANY' },
  badOperands: [
    {
      change: { operands: many(101, 'agent-') },
      expect: { at: { needle: '"agent-100"' }, message: 'Agent takes at most 100 entries, got 101' },
    },
  ],
});

/** OnContactEvaluationSubmit: the "no queue" form only (EQUALS, no value), as its API page documents. */
export const noQueueOnly = (p: string): RowCase => {
  const path = `${p}.Queue.QueueId`;
  return {
    path,
    valid: leaf('EQUALS', path, []),
    negatable: false,
    wrongOperator: { op: 'CONTAINS_ANY', use: 'EQUALS' },
    badOperands: [
      {
        change: { operands: ['q-1'] },
        expect: { at: 'operands' as const, message: 'EQUALS on No queue takes no operands ("Operands": [] is its "no value" form)' },
      },
    ],
  };
};

export const queue = (p: string, opts: { negatable: boolean; noQueue: boolean }): RowCase => {
  const path = `${p}.Queue.QueueId`;
  const name = opts.noQueue ? 'Queue / no queue' : 'Queue';
  return {
    path,
    valid: leaf('CONTAINS_ANY', path, ['q-1', 'q-2']),
    alsoValid: opts.noQueue ? [leaf('EQUALS', path, [])] : [],
    negatable: opts.negatable,
    wrongOperator: opts.noQueue ? { op: 'CONTAINS', use: 'CONTAINS_ANY or EQUALS' } : { op: 'EQUALS', use: 'CONTAINS_ANY' },
    badOperands: [
      {
        change: { operands: many(101, 'q-') },
        expect: { at: { needle: '"q-100"' }, message: `${name} takes at most 100 entries, got 101` },
      },
      ...(opts.noQueue
        ? [
            {
              change: { op: 'EQUALS', operands: ['q-1'] },
              expect: {
                at: 'operands' as const,
                message: `EQUALS on ${name} takes no operands ("Operands": [] is its "no value" form); use CONTAINS_ANY to compare with values`,
              },
            },
          ]
        : []),
    ],
  };
};

export const contactAttribute = (p: string): RowCase => ({
  path: `${p}.ContactAttribute.CustomerType`,
  valid: leaf('EQUALS', `${p}.ContactAttribute.CustomerType`, ['VIP']),
  negatable: true,
  wrongOperator: { op: 'CONTAINS_ANY', use: 'EQUALS' },
  badOperands: [
    {
      change: { operands: ['VIP', 'Gold'] },
      expect: { at: 'operands', message: 'EQUALS on Contact attribute takes exactly 1 operand, got 2' },
    },
    { change: { operands: [] }, expect: { at: 'operands', message: 'EQUALS on Contact attribute takes exactly 1 operand, got 0' } },
  ],
});

export const interactionDuration = (p: string): RowCase => ({
  path: `${p}.Agent.AgentInteractionDurationSecs`,
  valid: leaf('NumberGreaterOrEqualTo', `${p}.Agent.AgentInteractionDurationSecs`, [900]),
  alsoValid: [leaf('NumberLessOrEqualTo', `${p}.Agent.AgentInteractionDurationSecs`, [1])],
  negatable: false,
  wrongOperator: { op: 'EQUALS', use: COMPARE },
  badOperands: [
    { change: { operands: [0] }, expect: { at: { needle: '0]' }, message: 'Agent interaction duration takes a number of at least 1, got 0' } },
  ],
});

// ---------------------------------------------------------------------------
// conversation rows

/** AWS marks the role filter required on transcript and sentiment conditions (contact-lens.ts anyRole). */
const ROLE_REQUIRED = (name: string) => `${name} requires the ParticipantRole filter (CUSTOMER or AGENT or ANY)`;
const transcriptFilterNames = (period?: string) => ['ParticipantRole', ...(period ? [period] : [])].join(', ');

export const exactMatch = (p: string, negatable: boolean, period?: string): RowCase => {
  const path = `${p}.ExactMatch.Transcript`;
  const name = 'Words or phrases: exact match';
  const periodFilter = (Data: FilterJson['Data']): FilterJson => ({ Type: period ?? '', Data });
  return {
    path,
    valid: leaf('CONTAINS_ANY', path, ['thank you for calling'], {
      filters: [role('AGENT'), ...(period ? [periodFilter({ First: 30 })] : [])],
    }),
    alsoValid: [
      leaf('CONTAINS_ANY', path, many(100), { filters: [role('ANY')] }),
      leaf('CONTAINS_ANY', path, ['refund'], { filters: [role('ANY'), ...(period ? [periodFilter({ Last: 60 })] : [])] }),
    ],
    negatable,
    wrongOperator: { op: 'CONTAINS', use: 'CONTAINS_ANY' },
    badOperands: [
      { change: { operands: many(101) }, expect: { at: { needle: '"w100"' }, message: `${name} takes at most 100 entries, got 101` } },
    ],
    badFilters: [
      {
        change: { filters: period ? [periodFilter({ First: 30 })] : [] },
        expect: { at: 'filterClause', message: ROLE_REQUIRED(name) },
      },
      {
        change: { filters: [role('BOTH')] },
        expect: { at: { value: ['Data', 'BOTH'] }, message: '"BOTH" is not a valid ParticipantRole value; expected one of "CUSTOMER", "AGENT", "ANY"' },
      },
      {
        change: { filters: [role('AGENT'), role('CUSTOMER')] },
        expect: {
          at: { needle: '"ParticipantRole","Data":"CUSTOMER"' },
          message: 'duplicate ParticipantRole filter: a filter type appears once per FilterClause',
        },
      },
      {
        change: { filters: [role('AGENT'), { Type: 'PatternMatchLanguageFilter', Data: 'EN' }] },
        expect: {
          at: { value: ['Type', 'PatternMatchLanguageFilter'] },
          message: `"PatternMatchLanguageFilter" filter is not allowed on ${name}; it takes ${transcriptFilterNames(period)}`,
        },
      },
      ...(period
        ? [
            {
              change: { filters: [role('AGENT'), periodFilter({ First: 30, Last: 10 })] },
              expect: {
                at: { value: ['Data', { First: 30, Last: 10 }] } as const,
                message: `${period} Data must be {"First": seconds} or {"Last": seconds}, exactly one of the two, not {"First":30,"Last":10}`,
              },
            },
            {
              change: { filters: [role('AGENT'), periodFilter({ First: 0 })] },
              expect: {
                at: { value: ['Data', { First: 0 }] } as const,
                message: `${period} First must be a number of seconds greater than 0, not 0`,
              },
            },
          ]
        : [
            {
              change: { filters: [role('AGENT'), { Type: 'PostCallContactPeriodSeconds', Data: { First: 30 } }] },
              expect: {
                at: { value: ['Type', 'PostCallContactPeriodSeconds'] } as const,
                message: `"PostCallContactPeriodSeconds" filter is not allowed on ${name}; it takes ParticipantRole`,
              },
            },
          ]),
    ],
  };
};

export const semanticMatch = (p: string, period: string): RowCase => {
  const path = `${p}.SemanticMatch.Transcript`;
  return {
    path,
    valid: leaf('CONTAINS_ANY', path, ['I want to cancel', 'close my account'], { filters: [role('CUSTOMER')] }),
    alsoValid: [leaf('CONTAINS_ANY', path, many(4), { filters: [role('ANY'), { Type: period, Data: { Last: 120 } }] })],
    negatable: true,
    wrongOperator: { op: 'EQUALS', use: 'CONTAINS_ANY' },
    badOperands: [
      {
        change: { operands: many(5) },
        expect: { at: { needle: '"w4"' }, message: 'Words or phrases: semantic match takes at most 4 entries, got 5' },
      },
    ],
    badFilters: [
      {
        change: { filters: [role('agent')] },
        expect: { at: { value: ['Data', 'agent'] }, message: '"agent" is not a valid ParticipantRole value (did you mean "AGENT"?)' },
      },
    ],
  };
};

export const semanticPhrase = (p: string): RowCase => {
  const path = `${p}.SemanticMatch.Phrase`;
  return {
    path,
    valid: leaf('EQUALS', path, ['Customer asked to change their address and the agent completed the change.']),
    negatable: true,
    wrongOperator: { op: 'CONTAINS_ANY', use: 'EQUALS' },
    badOperands: [
      {
        change: { operands: ['one', 'two'] },
        expect: { at: 'operands', message: 'EQUALS on Natural language: semantic match takes exactly 1 operand, got 2' },
      },
    ],
    badFilters: [
      {
        change: { filters: [role('CUSTOMER')] },
        expect: {
          at: { value: ['Type', 'ParticipantRole'] },
          message: '"ParticipantRole" filter is not allowed on Natural language: semantic match; it takes no filters',
        },
      },
    ],
  };
};

const PATTERN = [
  { Type: 'PLAIN', Value: 'credit*' },
  { Type: 'PROXIMITY', Value: { Distance: 1, IsWithin: false } },
  { Type: 'PLAIN', Value: 'card*' },
];

export const patternMatch = (p: string, negatable: boolean, period?: string): RowCase => {
  const path = `${p}.PatternMatch.Transcript`;
  const language = (Data: string): FilterJson => ({ Type: 'PatternMatchLanguageFilter', Data });
  return {
    path,
    valid: leaf('CONTAINS_ANY', path, [PATTERN], { filters: [role('ANY'), language('EN')] }),
    alsoValid: [
      leaf(
        'CONTAINS_ANY',
        path,
        [
          [{ Type: 'LIST', Value: [{ Type: 'PLAIN', Value: 'visa' }, { Type: 'PLAIN', Value: 'mastercard' }] }],
          [{ Type: 'PLAIN', Value: 'account number' }, { Type: 'NUMERICAL', Value: { Decimal: false } }],
        ],
        { filters: [role('CUSTOMER')] },
      ),
      ...(period ? [leaf('CONTAINS_ANY', path, [PATTERN], { filters: [role('ANY'), { Type: period, Data: { First: 60 } }, language('JA')] })] : []),
    ],
    negatable,
    wrongOperator: { op: 'EQUALS', use: 'CONTAINS_ANY' },
    badOperands: [
      {
        change: { operands: ['credit card'] },
        expect: {
          at: { needle: '"credit card"' },
          message:
            'a pattern operand must be a non-empty array of PatternMatch objects ({"Type": "PLAIN", "Value": "..."}), not "credit card"',
        },
      },
      {
        change: { operands: [[PATTERN[1], PATTERN[2]]] },
        expect: { at: { needle: '[{' }, message: 'pattern operand element 1: PROXIMITY must stand between two other elements' },
      },
      {
        change: { operands: [[{ Type: 'FUZZY', Value: 'x' }]] },
        expect: {
          at: { needle: '[{' },
          message: 'pattern operand element 1: Type must be one of "PLAIN", "LIST", "PROXIMITY", "NUMERICAL", not "FUZZY"',
        },
      },
      {
        change: { operands: [[PATTERN[0], { Type: 'PROXIMITY', Value: { Distance: -1, IsWithin: true } }, PATTERN[2]]] },
        expect: { at: { needle: '[{' }, message: 'pattern operand element 2: PROXIMITY Distance must be a whole number ≥ 0' },
      },
      {
        change: { operands: [[{ Type: 'NUMERICAL', Value: {} }]] },
        expect: { at: { needle: '[{' }, message: 'pattern operand element 1: a NUMERICAL Value is {"Decimal": boolean}' },
      },
    ],
    badFilters: [
      {
        change: { filters: [role('ANY'), language('english')] },
        expect: {
          at: { value: ['Data', 'english'] },
          message: '"english" is not a valid PatternMatchLanguageFilter value; expected one of "EN", "ES", "AR", "DE", "FR", "HI", "IT", "PT", "KO", "JA", "ZH"',
        },
      },
    ],
  };
};

export const aiAgent = (p: string): RowCase => {
  const path = `${p}.AiAgent.IdWithVersion`;
  const useCase = (Value: string): FilterJson => ({ Type: 'AiAgentUseCase', Data: { Value } });
  return {
    path,
    valid: leaf('CONTAINS_ANY', path, [`${AI}:1`, `${AI}:2`], {
      filters: [useCase('SelfService'), { Type: 'AiAgentEscalatedToHuman', Data: 'TRUE' }],
    }),
    alsoValid: [leaf('CONTAINS_ANY', path, [AI, AI2], { filters: [useCase('AgentAssistance')] })],
    negatable: false,
    wrongOperator: { op: 'EQUALS', use: 'CONTAINS_ANY' },
    badOperands: [
      {
        change: { operands: ['not-a-uuid'] },
        expect: { at: { needle: '"not-a-uuid"' }, message: '"not-a-uuid" is not an AI agent id: expected a UUID or "<uuid>:<version>"' },
      },
      {
        change: { operands: [`${AI}:1`, `${AI2}:1`] },
        expect: {
          at: { needle: `"${AI2}:1"` },
          message: `"<uuid>:<version>" operands must all name the same AI agent (${AI}), not ${AI2}`,
        },
      },
      {
        change: { operands: [AI, `${AI}:3`] },
        expect: {
          at: { needle: `"${AI}:3"` },
          message: 'AI agent operands are either all bare UUIDs or all "<uuid>:<version>" of one AI agent, not a mix',
        },
      },
    ],
    badFilters: [
      {
        change: { filters: [] },
        expect: {
          at: 'filterClause',
          message: 'Connect AI agent requires the AiAgentUseCase filter ({"Value": "SelfService" | "AgentAssistance"})',
        },
      },
      {
        change: { filters: undefined },
        expect: {
          at: 'comparisonValue',
          message: 'Connect AI agent requires the AiAgentUseCase filter ({"Value": "SelfService" | "AgentAssistance"})',
        },
      },
      {
        change: { filters: [{ Type: 'AiAgentUseCase', Data: 'SelfService' }] },
        expect: {
          at: { value: ['Data', 'SelfService'] },
          message: 'AiAgentUseCase Data must be {"Value": "SelfService" | "AgentAssistance"}, not "SelfService"',
        },
      },
      {
        change: { filters: [useCase('SelfService'), { Type: 'AiAgentEscalatedToHuman', Data: true }] },
        expect: { at: { value: ['Data', true] }, message: 'AiAgentEscalatedToHuman Data must be one of "TRUE", "FALSE", not true' },
      },
    ],
  };
};

// ---------------------------------------------------------------------------
// sentiment

export const sentimentState = (p: string): RowCase => ({
  path: `${p}.Sentiment.State`,
  valid: leaf('EQUALS', `${p}.Sentiment.State`, ['NEGATIVE'], { filters: [role('CUSTOMER')] }),
  alsoValid: [leaf('EQUALS', `${p}.Sentiment.State`, ['POSITIVE'], { filters: [role('AGENT')] }), leaf('EQUALS', `${p}.Sentiment.State`, ['NEUTRAL'], { filters: [role('ANY')] })],
  negatable: false,
  wrongOperator: { op: 'CONTAINS_ANY', use: 'EQUALS' },
  badOperands: [
    {
      change: { operands: ['MIXED'] },
      expect: { at: { needle: '"MIXED"' }, message: '"MIXED" is not a valid Sentiment state value; expected one of "POSITIVE", "NEGATIVE", "NEUTRAL"' },
    },
  ],
  badFilters: [
    {
      change: { filters: [role('CUSTOMER'), { Type: 'RealTimeCallContactPeriodSeconds', Data: { Past: 60 } }] },
      expect: {
        at: { value: ['Type', 'RealTimeCallContactPeriodSeconds'] },
        message: '"RealTimeCallContactPeriodSeconds" filter is not allowed on Sentiment state; it takes ParticipantRole',
      },
    },
  ],
});

export const sentimentScore = (p: string, rel: string, name: string, compoundWith?: RowCase['compoundWith']): RowCase => ({
  path: `${p}.${rel}`,
  valid: leaf('NumberGreaterOrEqualTo', `${p}.${rel}`, [2], { filters: [role('CUSTOMER')] }),
  alsoValid: [leaf('NumberLessOrEqualTo', `${p}.${rel}`, [-5], { filters: [role('AGENT')] })],
  negatable: false,
  wrongOperator: { op: 'EQUALS', use: COMPARE },
  badOperands: [
    { change: { operands: [6] }, expect: { at: { needle: '6]' }, message: `${name} takes a number from -5 to 5, got 6` } },
    { change: { operands: [1.5] }, expect: { at: { needle: '1.5' }, message: `${name} takes a whole number, got 1.5` } },
  ],
  badFilters: [
    {
      change: { filters: [role('NOBODY')] },
      expect: { at: { value: ['Data', 'NOBODY'] }, message: '"NOBODY" is not a valid ParticipantRole value; expected one of "CUSTOMER", "AGENT", "ANY"' },
    },
  ],
  ...(compoundWith ? { compoundWith } : {}),
});

export const shift = (p: string): RowCase[] => [
  sentimentScore(p, 'Sentiment.OverallScore', 'Sentiment overall score'),
  sentimentScore(p, 'Sentiment.Score.Beginning', 'Sentiment score at the beginning', [
    leaf('NumberGreaterOrEqualTo', `${p}.Sentiment.Score.End`, [2], { filters: [role('CUSTOMER')] }),
  ]),
  sentimentScore(p, 'Sentiment.Score.End', 'Sentiment score at the end', [
    leaf('NumberLessOrEqualTo', `${p}.Sentiment.Score.Beginning`, [-2], { filters: [role('CUSTOMER')] }),
  ]),
];

export const windowedSentiment = (p: string): RowCase => {
  const path = `${p}.Sentiment.State`;
  const past = (Data: FilterJson['Data']): FilterJson => ({ Type: 'RealTimeCallContactPeriodSeconds', Data });
  return {
    path,
    valid: leaf('EQUALS', path, ['NEGATIVE'], { filters: [role('CUSTOMER'), past({ Past: 60 })] }),
    alsoValid: [leaf('EQUALS', path, ['POSITIVE'], { filters: [role('ANY'), past({ Past: 300 })] })],
    negatable: false,
    wrongOperator: { op: 'CONTAINS_ANY', use: 'EQUALS' },
    badOperands: [
      {
        change: { operands: ['negative'] },
        expect: { at: { needle: '"negative"' }, message: '"negative" is not a valid Sentiment state (time period) value (did you mean "NEGATIVE"?)' },
      },
    ],
    badFilters: [
      {
        change: { filters: [role('CUSTOMER')] },
        expect: {
          at: 'filterClause',
          message: 'Sentiment state (time period) requires the RealTimeCallContactPeriodSeconds filter ({"Past": seconds})',
        },
      },
      {
        change: { filters: [role('CUSTOMER'), past({ Last: 60 })] },
        expect: { at: { value: ['Data', { Last: 60 }] }, message: 'RealTimeCallContactPeriodSeconds Data must be {"Past": seconds}, not {"Last":60}' },
      },
      {
        change: { filters: [role('CUSTOMER'), past({ Past: 0 })] },
        expect: {
          at: { value: ['Data', { Past: 0 }] },
          message: 'RealTimeCallContactPeriodSeconds Past must be a number of seconds greater than 0, not 0',
        },
      },
    ],
  };
};

// ---------------------------------------------------------------------------
// numbers

export const number = (
  p: string,
  rel: string,
  name: string,
  range: { min: number; max?: number },
  extra: Partial<RowCase> = {},
): RowCase => {
  const path = `${p}.${rel}`;
  const bounds = range.max === undefined ? `of at least ${range.min}` : `from ${range.min} to ${range.max}`;
  return {
    path,
    valid: leaf('NumberGreaterOrEqualTo', path, [range.min]),
    alsoValid: [leaf('NumberLessOrEqualTo', path, [range.max ?? range.min + 1000])],
    negatable: false,
    wrongOperator: { op: 'EQUALS', use: COMPARE },
    badOperands: [
      {
        change: { operands: [range.min - 1] },
        expect: { at: { needle: `${range.min - 1}]` }, message: `${name} takes a number ${bounds}, got ${range.min - 1}` },
      },
      ...(range.max === undefined
        ? []
        : [
            {
              change: { operands: [range.max + 1] },
              expect: { at: { needle: `${range.max + 1}]` }, message: `${name} takes a number ${bounds}, got ${range.max + 1}` },
            },
          ]),
      { change: { operands: [2.5] }, expect: { at: { needle: '2.5' }, message: `${name} takes a whole number, got 2.5` } },
    ],
    ...extra,
  };
};

export const roleNumber = (p: string, rel: string, name: string): RowCase => {
  const path = `${p}.${rel}`;
  return {
    ...number(p, rel, name, { min: 0 }),
    valid: leaf('NumberGreaterOrEqualTo', path, [600], { filters: [role('AGENT')] }),
    alsoValid: [leaf('NumberLessOrEqualTo', path, [80], { filters: [role('CUSTOMER')] })],
    badOperands: [{ change: { operands: [-1] }, expect: { at: { needle: '-1]' }, message: `${name} takes a number of at least 0, got -1` } }],
    badFilters: [
      { change: { filters: undefined }, expect: { at: 'comparisonValue', message: `${name} requires the ParticipantRole filter (AGENT or CUSTOMER)` } },
      {
        change: { filters: [role('ANY')] },
        expect: { at: { value: ['Data', 'ANY'] }, message: '"ANY" is not a valid ParticipantRole value; expected one of "AGENT", "CUSTOMER"' },
      },
      {
        change: { filters: [role('AGENT'), role('CUSTOMER')] },
        expect: {
          at: { needle: '"ParticipantRole","Data":"CUSTOMER"' },
          message: 'duplicate ParticipantRole filter: a filter type appears once per FilterClause',
        },
      },
    ],
  };
};

