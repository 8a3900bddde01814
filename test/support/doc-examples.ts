/**
 * The example `Function` documents of the Amazon Connect documentation, verbatim (the
 * decoded `Function` strings): shared inputs for the tests of the parser, the
 * validator and the compiler.
 */

/** Letter of the example in the documentation → its text. */
export const DOC_EXAMPLES = {
  /** RealTimeCall: customer says "refund" while in a given queue */
  A: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"CONTAINS_ANY","Operands":["refund"],"ComparisonValue":"$.ContactLens.RealTimeCall.ExactMatch.Transcript",
   "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"ParticipantRole","Data":"CUSTOMER"}]},"Negate":false},
  {"Operator":"CONTAINS_ANY","Operands":["11111111-1234-5678-9123-12345678012"],"ComparisonValue":"$.ContactLens.RealTimeCall.Queue.QueueId","Negate":false}
]}}`,
  /** RealTimeCall: customer negative for the past 60 s, not in the VIP queue, attribute Tier=Gold */
  B: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"EQUALS","Operands":["NEGATIVE"],"ComparisonValue":"$.ContactLens.RealTimeCall.Sentiment.State",
   "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"ParticipantRole","Data":"CUSTOMER"},{"Type":"RealTimeCallContactPeriodSeconds","Data":{"Past":60}}]},"Negate":false},
  {"Operator":"CONTAINS_ANY","Operands":["<vipQueueId>"],"ComparisonValue":"$.ContactLens.RealTimeCall.Queue.QueueId","Negate":true},
  {"Operator":"EQUALS","Operands":["Gold"],"ComparisonValue":"$.ContactLens.RealTimeCall.ContactAttribute.Tier","Negate":false}
]}}`,
  /** PostCall: agent did NOT say the greeting in the first 30 s (exact) OR customer semantically asked to cancel */
  C: `{"Version":"2022-11-25","RuleFunction":{"Operator":"OR","Operands":[
  {"Operator":"CONTAINS_ANY","Operands":["thank you for calling","how may I help"],"ComparisonValue":"$.ContactLens.PostCall.ExactMatch.Transcript",
   "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"PostCallContactPeriodSeconds","Data":{"First":30}},{"Type":"ParticipantRole","Data":"AGENT"}]},"Negate":true},
  {"Operator":"CONTAINS_ANY","Operands":["I want to cancel","close my account"],"ComparisonValue":"$.ContactLens.PostCall.SemanticMatch.Transcript",
   "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"ParticipantRole","Data":"CUSTOMER"}]},"Negate":false}
]}}`,
  /** PostCall: natural-language semantic match */
  D: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"EQUALS","Operands":["Customer asked to change their address and the agent completed the change during the call."],
   "ComparisonValue":"$.ContactLens.PostCall.SemanticMatch.Phrase","Negate":false}
]}}`,
  /** PostCall: pattern match "credit*" not within 1 word of "card*", English */
  E: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"CONTAINS_ANY","Operands":[[{"Type":"PLAIN","Value":"credit*"},{"Type":"PROXIMITY","Value":{"Distance":1,"IsWithin":false}},{"Type":"PLAIN","Value":"card*"}]],
   "ComparisonValue":"$.ContactLens.PostCall.PatternMatch.Transcript",
   "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"ParticipantRole","Data":"ANY"},{"Type":"PatternMatchLanguageFilter","Data":"EN"}]},"Negate":false}
]}}`,
  /** PostCall: sentiment shift (customer from ≤ −2 at start to ≥ 2 at end) AND > 2 holds AND no queue */
  F: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"AND","Operands":[
    {"Operator":"NumberLessOrEqualTo","Operands":[-2],"ComparisonValue":"$.ContactLens.PostCall.Sentiment.Score.Beginning",
     "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"ParticipantRole","Data":"CUSTOMER"}]},"Negate":false},
    {"Operator":"NumberGreaterOrEqualTo","Operands":[2],"ComparisonValue":"$.ContactLens.PostCall.Sentiment.Score.End",
     "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"ParticipantRole","Data":"CUSTOMER"}]},"Negate":false}]},
  {"Operator":"NumberGreaterOrEqualTo","Operands":[3],"ComparisonValue":"$.ContactLens.PostCall.Agent.NumberOfHolds","Negate":false},
  {"Operator":"EQUALS","Operands":[],"ComparisonValue":"$.ContactLens.PostCall.Queue.QueueId","Negate":false}
]}}`,
  /** PostCall: agent talk time ≥ 600 s, loudness ≥ 80 dB (customer), non-talk ≥ 30 %, disconnect reason */
  G: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"NumberGreaterOrEqualTo","Operands":[600],"ComparisonValue":"$.ContactLens.PostCall.TalkTime.TotalTimeSecs",
   "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"ParticipantRole","Data":"AGENT"}]},"Negate":false},
  {"Operator":"NumberGreaterOrEqualTo","Operands":[80],"ComparisonValue":"$.ContactLens.PostCall.Loudness.HighestLoudnessScore",
   "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"ParticipantRole","Data":"CUSTOMER"}]},"Negate":false},
  {"Operator":"NumberGreaterOrEqualTo","Operands":[30],"ComparisonValue":"$.ContactLens.PostCall.Agent.NonTalkTimePct","Negate":false},
  {"Operator":"CONTAINS_ANY","Operands":["CUSTOMER_DISCONNECT","TELECOM_PROBLEM"],"ComparisonValue":"$.ContactLens.PostCall.DisconnectReason","Negate":false}
]}}`,
  /** PostCall: self-service AI agent (2 versions), escalated to a human */
  H: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"CONTAINS_ANY","Operands":["30682191-2312-4c27-9fc1-752e7a399d52:1","30682191-2312-4c27-9fc1-752e7a399d52:2"],
   "ComparisonValue":"$.ContactLens.PostCall.AiAgent.IdWithVersion",
   "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"AiAgentUseCase","Data":{"Value":"SelfService"}},{"Type":"AiAgentEscalatedToHuman","Data":"TRUE"}]},"Negate":false}
]}}`,
  /** PostChat: first agent response ≥ 60 s AND no greeting in the agent's first 60 s */
  I: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"NumberGreaterOrEqualTo","Operands":[60],"ComparisonValue":"$.ContactLens.PostChat.ResponseTime.Agent.FirstResponseTimeSecs","Negate":false},
  {"Operator":"CONTAINS_ANY","Operands":["hello","hi","welcome"],"ComparisonValue":"$.ContactLens.PostChat.ExactMatch.Transcript",
   "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"PostChatContactPeriodSeconds","Data":{"First":60}},{"Type":"ParticipantRole","Data":"AGENT"}]},"Negate":true}
]}}`,
  /** Email: inbound email in a routing profile, handled ≥ 900 s */
  J: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"CONTAINS_ANY","Operands":["INBOUND"],"ComparisonValue":"$.ContactLens.Email.InitiationMethod","Negate":false},
  {"Operator":"CONTAINS_ANY","Operands":["arn:aws:connect:us-east-1:111122223333:instance/<id>/routing-profile/<rpId>"],"ComparisonValue":"$.ContactLens.Email.Agent.RoutingProfile","Negate":false},
  {"Operator":"NumberGreaterOrEqualTo","Operands":[900],"ComparisonValue":"$.ContactLens.Email.Agent.AgentInteractionDurationSecs","Negate":false}
]}}`,
  /** ContactEvaluation: form X, question q1 answered with option o2 OR form score ≤ 50 */
  K: `{"Version":"2022-11-25","RuleFunction":{"Operator":"OR","Operands":[
  {"Operator":"AND","Operands":[
    {"Operator":"EQUALS","Operands":["<formId>"],"ComparisonValue":"$.ContactLens.ContactEvaluation.Form.FormId","Negate":false},
    {"Operator":"EQUALS","Operands":["q12345678"],"ComparisonValue":"$.ContactLens.ContactEvaluation.Question.QuestionRefId","Negate":false},
    {"Operator":"EQUALS","Operands":["o12345678"],"ComparisonValue":"$.ContactLens.ContactEvaluation.Question.Answer.ValueRefId","Negate":false}]},
  {"Operator":"AND","Operands":[
    {"Operator":"EQUALS","Operands":["<formId>"],"ComparisonValue":"$.ContactLens.ContactEvaluation.Form.FormId","Negate":false},
    {"Operator":"NumberLessOrEqualTo","Operands":[50],"ComparisonValue":"$.ContactLens.ContactEvaluation.Form.Score","Negate":false}]}
]}}`,
  /** ContactEvaluation: section score */
  L: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"AND","Operands":[
    {"Operator":"EQUALS","Operands":["<formId>"],"ComparisonValue":"$.ContactLens.ContactEvaluation.Form.FormId","Negate":false},
    {"Operator":"EQUALS","Operands":["s12345678"],"ComparisonValue":"$.ContactLens.ContactEvaluation.Section.SectionRefId","Negate":false},
    {"Operator":"NumberLessOrEqualTo","Operands":[50],"ComparisonValue":"$.ContactLens.ContactEvaluation.Section.Score","Negate":false}]}
]}}`,
  /** Zendesk ticket create: urgent incident tagged "vip" */
  M: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"EQUALS","Operands":["incident"],"ComparisonValue":"$.ThirdParty.Zendesk.TicketCreate.Type","Negate":false},
  {"Operator":"EQUALS","Operands":["urgent"],"ComparisonValue":"$.ThirdParty.Zendesk.TicketCreate.Priority","Negate":false},
  {"Operator":"CONTAINS","Operands":["vip"],"ComparisonValue":"$.ThirdParty.Zendesk.TicketCreate.Tags","Negate":false}
]}}`,
  /** Zendesk status update: status is anything but solved */
  N: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"EQUALS","Operands":["solved"],"ComparisonValue":"$.ThirdParty.Zendesk.StatusUpdate.Status","Negate":true}
]}}`,
  /** Salesforce case create: subject contains "outage" OR custom attribute Region = EMEA */
  O: `{"Version":"2022-11-25","RuleFunction":{"Operator":"OR","Operands":[
  {"Operator":"CONTAINS","Operands":["outage"],"ComparisonValue":"$.ThirdParty.Salesforce.CaseCreate.Subject","Negate":false},
  {"Operator":"EQUALS","Operands":["EMEA"],"ComparisonValue":"$.ThirdParty.Salesforce.CaseCreate.CustomAttribute.Region","Negate":false}
]}}`,
  /** Case update: template T, status closed, reason ≠ Refund */
  P: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"CONTAINS_ANY","Operands":["<templateId>"],"ComparisonValue":"$.Case.TemplateId","Negate":false},
  {"Operator":"EQUALS","Operands":["closed"],"ComparisonValue":"$.Case.Fields.status","Negate":false},
  {"Operator":"EQUALS","Operands":["Refund"],"ComparisonValue":"$.Case.Fields.case_reason","Negate":true}
]}}`,
  /** Case create: assigned queue, created before a date */
  Q: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"CONTAINS_ANY","Operands":["<queueId>"],"ComparisonValue":"$.Case.Fields.assigned_queue","Negate":false},
  {"Operator":"NumberLessOrEqualTo","Operands":["2023-11-11T11:11:11.111111Z"],"ComparisonValue":"$.Case.Fields.created_datetime","Negate":false}
]}}`,
  /** SLA breach */
  R: `{"Version":"2022-11-25","RuleFunction":{"Operator":"AND","Operands":[
  {"Operator":"CONTAINS_ANY","Operands":["highPrioritySla"],"ComparisonValue":"$.RelatedItem.SlaConfiguration.Name","Negate":false}
]}}`,
  /** Metric data: queue dimension, two groups (real-time group OR historical group) */
  S: `{"Version":"2022-11-25","RuleFunction":{"Operator":"OR","Operands":[
  {"Operator":"AND","Operands":[
    {"Operator":"NumberGreaterOrEqualTo","ComparisonValue":"$.MetricData.CONTACTS_IN_QUEUE","Operands":[100],
     "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"MetricDataFilterByQueue","Data":["<q1>","<q2>"]},{"Type":"MetricDataFilterByChannel","Data":["VOICE"]}]},"Negate":false},
    {"Operator":"NumberLessOrEqualTo","ComparisonValue":"$.MetricData.AGENTS_AVAILABLE","Operands":[2],
     "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"MetricDataFilterByQueue","Data":["<q1>","<q2>"]},{"Type":"MetricDataFilterByChannel","Data":["VOICE"]}]},"Negate":false}]},
  {"Operator":"AND","Operands":[
    {"Operator":"NumberLessOrEqualTo","ComparisonValue":"$.MetricData.SERVICE_LEVEL","Operands":[80],
     "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"MetricDataFilterByQueue","Data":["<q1>","<q2>"]},{"Type":"MetricDataDurationSeconds","Data":{"Past":3600}},
       {"Type":"MetricDataThresholdSeconds","Data":{"Comparison":"LT","ThresholdValue":20}},{"Type":"MetricDataFilterByChannel","Data":["VOICE"]}]},"Negate":false}]}
],
"FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"MetricDataGrouping","Data":["QUEUE"]}]}}}`,
  /** Metric data: agent dimension, agent in a custom status for 10 minutes */
  T: `{"Version":"2022-11-25","RuleFunction":{"Operator":"OR","Operands":[
  {"Operator":"AND","Operands":[
    {"Operator":"EQUALS","ComparisonValue":"$.MetricData.AGENT_ACTIVITY","Operands":["<agentStatusId>"],
     "FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"MetricDataFilterByAgentHierarchyLevelOne","Data":["<hierarchyGroupId>"]},{"Type":"AgentActivityDurationSeconds","Data":{"Past":600}}]},"Negate":false}]}
],
"FilterClause":{"LogicOperator":"AND","Filters":[{"Type":"MetricDataGrouping","Data":["AGENT"]}]}}}`,
} as const;

export type DocExampleName = keyof typeof DOC_EXAMPLES;
