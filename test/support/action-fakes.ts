/**
 * In-memory stand-ins of the action services for unit tests: they record what they are
 * asked and answer like the local back ends.
 */
import type { TriggerEvent } from '../../engine/context/types.ts';
import type { RuleAction, StoredRule } from '../../engine/rules/model.ts';
import {
  ActionError,
  fieldValue,
  type BusEvent,
  type CaseFieldValue,
  type CaseRecord,
  type CasesService,
  type CategoryStore,
  type ContactFacts,
  type EmailMessage,
  type EmailQuota,
  type EmailService,
  type EventBus,
  type SendLog,
  type SendState,
  type SlaItem,
  type StartTaskInput,
  type TaskService,
  type User,
  type UserDirectory,
} from '../../engine/actions/backends.ts';
import type { AutoEvaluationInput, AutoEvaluator } from '../../engine/actions/evaluation/auto.ts';
import type { ActionDeps } from '../../engine/actions/executors/support.ts';
import type { ActionInvocation } from '../../engine/actions/types.ts';

/** The SendLog contract in memory (the deployed one is the outbox table's, local/outbox.ts). */
export class MemorySendLog implements SendLog {
  readonly items = new Map<string, { status: 'SENDING' | 'SENT'; since: string; messageId?: string }>();

  async begin(_instanceId: string, id: string, now: Date): Promise<SendState> {
    const item = this.items.get(id);
    if (!item) {
      this.items.set(id, { status: 'SENDING', since: now.toISOString() });
      return { state: 'new' };
    }
    return item.status === 'SENT' ? { state: 'sent', messageId: item.messageId! } : { state: 'unknown', since: item.since };
  }

  async sent(_instanceId: string, id: string, messageId: string): Promise<void> {
    this.items.set(id, { ...this.items.get(id)!, status: 'SENT', messageId });
  }

  async abandon(_instanceId: string, id: string): Promise<void> {
    if (this.items.get(id)?.status === 'SENDING') this.items.delete(id);
  }
}

export const INSTANCE = '4f1b2c3d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
export const INSTANCE_ARN = `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE}`;

export class FakeServices {
  categories = new Map<string, Set<string>>();
  facts = new Map<string, ContactFacts>();
  tasks: (StartTaskInput & { contactId: string })[] = [];
  stopped: string[] = [];
  events: BusEvent[] = [];
  emails: EmailMessage[] = [];
  sentToday = 0;
  users: User[] = [];
  cases = new Map<string, CaseRecord>();
  related = new Map<string, { contactArn: string; channel?: string }[]>();
  slas: SlaItem[] = [];
  evaluations: AutoEvaluationInput[] = [];

  deps(overrides: Partial<ActionDeps> = {}): ActionDeps {
    const self = this;
    const categories: CategoryStore = {
      async assignCategory(i) {
        const set = self.categories.get(i.contactId) ?? new Set();
        self.categories.set(i.contactId, set);
        const created = !set.has(i.category);
        set.add(i.category);
        return { created };
      },
      async categoriesOf(_i, c) {
        return [...(self.categories.get(c) ?? [])];
      },
      async contactsWithCategory(_i, cat) {
        return [...self.categories].filter(([, s]) => s.has(cat)).map(([c]) => c);
      },
      async rememberContact(_i, f) {
        self.facts.set(f.ContactId!, f);
      },
      async contactFacts(_i, c) {
        return self.facts.get(c);
      },
    };
    const tasks: TaskService = {
      async startTask(i) {
        const existing = self.tasks.find((t) => t.clientToken === i.clientToken);
        if (existing) return { contactId: existing.contactId, created: false };
        if (i.previousContactId && self.tasks.filter((t) => t.previousContactId === i.previousContactId).length >= 12) {
          throw new ActionError('ServiceQuotaExceededException', 'too many tasks');
        }
        const contactId = `task-${self.tasks.length + 1}`;
        self.tasks.push({ ...i, contactId });
        return { contactId, created: true };
      },
      async stopContact(_i, c) {
        if (self.stopped.includes(c)) return { stopped: false };
        self.stopped.push(c);
        return { stopped: true };
      },
    };
    const bus: EventBus = {
      async putEvent(e) {
        self.events.push(e);
        return { eventId: e.id };
      },
    };
    const email: EmailService = {
      async send(m) {
        self.emails.push(m);
        return { messageId: m.id };
      },
    };
    const emailQuota: EmailQuota = {
      async reserve(_i, _d, n, limit) {
        if (self.sentToday + n > limit) return false;
        self.sentToday += n;
        return true;
      },
    };
    const users: UserDirectory = {
      async usersByIds(_i, ids) {
        return self.users.filter((u) => ids.includes(u.Id));
      },
      async usersWithTags(_i, tags) {
        return self.users.filter((u) => Object.entries(tags).every(([k, v]) => u.Tags?.[k] === v));
      },
    };
    const cases: CasesService = {
      async createCase(i) {
        const caseId = `case-${i.clientToken.slice(0, 6)}`;
        if (self.cases.has(caseId)) return { caseId, created: false };
        const f: Record<string, CaseFieldValue> = {};
        for (const x of i.fields) {
          const v = fieldValue(x.Value);
          if (v !== undefined) f[x.Id] = v;
        }
        self.cases.set(caseId, { CaseId: caseId, TemplateId: i.templateId, Fields: f });
        return { caseId, created: true };
      },
      async getCase(id) {
        return self.cases.get(id);
      },
      async updateCase(id, fields) {
        const c = self.cases.get(id);
        if (!c) throw new ActionError('ResourceNotFoundException', `case ${id} does not exist`);
        for (const x of fields) {
          const v = fieldValue(x.Value);
          if (v === undefined) delete c.Fields[x.Id];
          else c.Fields[x.Id] = v;
        }
        return { case: c, slaChanges: [] };
      },
      async relateContact(id, contact) {
        self.related.set(id, [...(self.related.get(id) ?? []), contact]);
        return { relatedItemId: `rel-${id}` };
      },
      async relatedContacts(id) {
        return self.related.get(id) ?? [];
      },
      async assignSla(i) {
        const sla: SlaItem = {
          RelatedItemId: `sla-${self.slas.length + 1}`,
          CaseId: i.caseId,
          SlaConfiguration: { Name: i.name, Type: 'CaseField', Status: 'Active', TargetTime: new Date(i.now.getTime() + i.targetSlaMinutes * 60_000).toISOString() },
          ...(i.cascade ? { Cascade: i.cascade } : {}),
        };
        self.slas.push(sla);
        return sla;
      },
    };
    const evaluations: AutoEvaluator = {
      async autoEvaluate(i) {
        self.evaluations.push(i);
        return {
          evaluationId: i.evaluationId,
          formVersion: 1,
          score: 50,
          unanswered: [],
          event: { EventSourceName: 'OnContactEvaluationSubmit', InstanceId: i.instanceId, ContactLens: { ContactEvaluation: { ContactId: i.contactId, EvaluationId: i.evaluationId } } },
        };
      },
    };
    return {
      region: 'us-east-1',
      accountId: '111122223333',
      eventSource: 'connect-rules',
      categories,
      tasks,
      bus,
      email,
      emailQuota,
      emailsPerDay: 500,
      users,
      cases,
      evaluations,
      ...overrides,
    };
  }
}

export function rule(source: StoredRule['TriggerEventSource']['EventSourceName'], actions: RuleAction[], name = 'TEST_RULE', id = 'rule-1'): StoredRule {
  return {
    InstanceId: INSTANCE,
    RuleId: id,
    RuleArn: `${INSTANCE_ARN}/rule/${id}`,
    Name: name,
    TriggerEventSource: { EventSourceName: source },
    Function: '{}',
    Actions: actions,
    PublishStatus: 'PUBLISHED',
    CreatedTime: new Date(0),
    LastUpdatedTime: new Date(0),
    LastUpdatedBy: 'arn:aws:iam::111122223333:user/test',
    Version: 1,
  };
}

export function invocation(event: TriggerEvent, r: StoredRule, actionIndex = 0, extra: Partial<ActionInvocation> = {}): ActionInvocation {
  return {
    event,
    eventKey: event.EventId ?? 'event-1',
    rule: r,
    action: r.Actions[actionIndex]!,
    actionIndex,
    instanceArn: INSTANCE_ARN,
    now: new Date('2025-03-12T16:00:00Z'),
    depth: 0,
    ...extra,
  };
}

export const postCallEvent = (body: Record<string, unknown> = {}): TriggerEvent =>
  ({
    EventSourceName: 'OnPostCallAnalysisAvailable',
    InstanceId: INSTANCE,
    EventId: 'post-call-1',
    ContactLens: {
      PostCall: {
        ContactId: 'contact-1',
        Channel: 'VOICE',
        Agent: { AgentId: 'agent-1' },
        Queue: { QueueId: 'queue-1' },
        ContactAttribute: { Tier: 'Gold' },
        ...body,
      },
    },
  }) as TriggerEvent;
