/**
 * Where the body of each source sits in a trigger event: a module apart from
 * canonical.ts, whose shapes are top-level code a bundle keeps once it imports that
 * module (the pipeline reads only these paths; the file readers never load a
 * canonical event).
 */
import type { EventSourceName } from '../../grammar/catalogue/types.ts';

/** Where the body of each source sits (sources not listed have no documented body). */
export const BODY_PATHS: Readonly<Partial<Record<EventSourceName, readonly string[]>>> = {
  OnPostCallAnalysisAvailable: ['ContactLens', 'PostCall'],
  OnPostChatAnalysisAvailable: ['ContactLens', 'PostChat'],
  OnRealTimeCallAnalysisAvailable: ['ContactLens', 'RealTimeCall'],
  OnRealTimeChatAnalysisAvailable: ['ContactLens', 'RealTimeChat'],
  OnEmailAnalysisAvailable: ['ContactLens', 'Email'],
  OnContactEvaluationSubmit: ['ContactLens', 'ContactEvaluation'],
  OnZendeskTicketCreate: ['ThirdParty', 'Zendesk', 'TicketCreate'],
  OnZendeskTicketStatusUpdate: ['ThirdParty', 'Zendesk', 'StatusUpdate'],
  OnSalesforceCaseCreate: ['ThirdParty', 'Salesforce', 'CaseCreate'],
  OnMetricDataUpdate: ['MetricData'],
  OnCaseCreate: ['Case'],
  OnCaseUpdate: ['Case'],
  OnSlaBreach: ['RelatedItem'],
};
