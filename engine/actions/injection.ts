/**
 * Variable injection: bare JSONPath-style tokens inside action text
 * (`Contact $.ContactLens.PostCall.ContactId needs a call back`) replaced by values of
 * the trigger event.
 *
 * Only the tokens the rule's event source offers are replaced, longest first; other
 * text (including `$.` text that is not an allowed token) is left as it is. Each text
 * is compiled once per rule version into a template (literal parts and token paths);
 * rendering (render.ts) resolves each distinct token once per invocation by its
 * dotted path and joins the parts. Rendering is apart so that the rules API, which
 * only validates, does not bundle it.
 *
 * At rule validation time (`injectionProblems`) every token-like text (`$.A.B...`) in
 * an injectable field must be exactly an allowed token of the source.
 */
import type { EventSourceName } from '../rules/model.ts';

const contactTokens = (root: string) => [
  `$.ContactLens.${root}.ContactId`,
  `$.ContactLens.${root}.Agent.AgentId`,
  `$.ContactLens.${root}.Queue.QueueId`,
];
const SALESFORCE_FIELDS = [
  'CaseNumber',
  'Name',
  'Email',
  'Phone',
  'Company',
  'Type',
  'Reason',
  'Origin',
  'Subject',
  'Priority',
  'CreatedDate',
  'Description',
];
const zendesk = (body: string) => ['Id', 'Priority', 'CreatedAt'].map((f) => `$.ThirdParty.Zendesk.${body}.${f}`);

/** The tokens each source offers in task and notification text (the published table; none for the others). */
export const TEXT_TOKENS: Readonly<Partial<Record<EventSourceName, readonly string[]>>> = {
  OnPostCallAnalysisAvailable: contactTokens('PostCall'),
  OnRealTimeCallAnalysisAvailable: contactTokens('RealTimeCall'),
  OnPostChatAnalysisAvailable: contactTokens('PostChat'),
  OnSalesforceCaseCreate: SALESFORCE_FIELDS.map((f) => `$.ThirdParty.Salesforce.CaseCreate.${f}`),
  OnZendeskTicketCreate: zendesk('TicketCreate'),
  OnZendeskTicketStatusUpdate: zendesk('TicketStatusUpdate'),
};

/** The only token of `SendNotificationAction.Recipient.UserIds`, and the sources offering it. */
export const RECIPIENT_TOKEN = '$.ContactLens.ContactEvaluation.Agent.AgentId';
export const RECIPIENT_TOKEN_SOURCES: readonly EventSourceName[] = ['OnContactEvaluationSubmit'];

export function textTokensFor(source: EventSourceName): readonly string[] {
  return TEXT_TOKENS[source] ?? [];
}

/** A compiled text: literal parts and token paths, in order. */
export type TemplatePart = { readonly literal: string } | { readonly token: string };

export interface Template {
  readonly parts: readonly TemplatePart[];
  /** The distinct tokens of the text. */
  readonly tokens: readonly string[];
}

const byLengthDesc = (tokens: readonly string[]) => [...tokens].sort((a, b) => b.length - a.length);

/** Splits `text` into literal parts and the allowed tokens it holds (longest token first at each `$`). */
export function compileTemplate(text: string, allowed: readonly string[]): Template {
  if (allowed.length === 0 || !text.includes('$.')) return { parts: [{ literal: text }], tokens: [] };
  const candidates = byLengthDesc(allowed);
  const parts: TemplatePart[] = [];
  const tokens = new Set<string>();
  let literalStart = 0;
  let i = text.indexOf('$.');
  while (i >= 0) {
    const token = candidates.find((t) => text.startsWith(t, i));
    if (token) {
      if (i > literalStart) parts.push({ literal: text.slice(literalStart, i) });
      parts.push({ token });
      tokens.add(token);
      literalStart = i + token.length;
      i = text.indexOf('$.', literalStart);
    } else {
      i = text.indexOf('$.', i + 1);
    }
  }
  if (literalStart < text.length) parts.push({ literal: text.slice(literalStart) });
  return { parts, tokens: [...tokens] };
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

/** A maximal token-like text: `$.` then dot-separated identifiers (a sentence's final `.` is not part of it). */
const TOKEN_LIKE = /\$\.[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/g;

/** The token-like texts of `text` that are not an allowed token. */
export function unknownTokens(text: string, allowed: readonly string[]): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TOKEN_LIKE)) if (!allowed.includes(m[0])) out.push(m[0]);
  return out;
}

/** The injectable text fields of an action, with their paths under the action member. */
export function injectableFields(action: {
  ActionType: string;
  TaskAction?: { Name?: string; Description?: string; References?: Record<string, { Value?: string }> };
  SendNotificationAction?: { Subject?: string; Content?: string };
}): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const task = action.TaskAction;
  if (action.ActionType === 'CREATE_TASK' && task) {
    if (typeof task.Name === 'string') out.push({ path: 'TaskAction.Name', text: task.Name });
    if (typeof task.Description === 'string') out.push({ path: 'TaskAction.Description', text: task.Description });
    for (const [key, ref] of Object.entries(task.References ?? {})) {
      if (typeof ref?.Value === 'string') out.push({ path: `TaskAction.References[${JSON.stringify(key)}].Value`, text: ref.Value });
    }
  }
  const note = action.SendNotificationAction;
  if (action.ActionType === 'SEND_NOTIFICATION' && note) {
    if (typeof note.Subject === 'string') out.push({ path: 'SendNotificationAction.Subject', text: note.Subject });
    if (typeof note.Content === 'string') out.push({ path: 'SendNotificationAction.Content', text: note.Content });
  }
  return out;
}

/**
 * Problems of the injection tokens of a validated action for a rule of `source`, one
 * line per field (`Actions[1].TaskAction.Name: $.ContactLens.PostChat.ContactId is not a variable of OnPostCallAnalysisAvailable ...`).
 */
export function injectionProblems(action: Parameters<typeof injectableFields>[0], source: EventSourceName, path: string): string[] {
  const allowed = textTokensFor(source);
  const problems: string[] = [];
  for (const field of injectableFields(action)) {
    const unknown = unknownTokens(field.text, allowed);
    if (unknown.length === 0) continue;
    const offered = allowed.length > 0 ? `variables of ${source}: ${allowed.join(', ')}` : `${source} offers no variables`;
    const list = [...new Set(unknown)].map((t) => `'${t}'`).join(', ');
    problems.push(`${path}.${field.path}: ${list} ${unknown.length > 1 ? 'are not variables' : 'is not a variable'} of this event source (${offered})`);
  }
  return problems;
}
