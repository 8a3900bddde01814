/**
 * What every handler of the ingestor shares: its dependencies, running a delivery
 * once (Powertools idempotency: a redelivery gets the first result back, marked
 * `duplicate`), the once-per-contact gate of real-time rules, and `error` results.
 * It imports no payload adapter: each handler (contact-join.ts, segments.ts,
 * events.ts) brings its own, so a Lambda bundle holds only its sources' adapters.
 */
import { REALTIME_SOURCES } from '../context/realtime.ts';
import type { ContactFactsCache } from '../context/contact-record.ts';
import type { TriggerEvent } from '../context/types.ts';
import { isBadInput } from '../ingest/errors.ts';
import type { ObjectReader } from '../ingest/s3.ts';
import type { PipelineConfig } from './config.ts';
import type { Deduplicator } from './dedup.ts';
import { errorInfo, type IngestResult, type InputKind } from './ingest-result.ts';
import { contactIdOf, type FiringGate, type TriggerProcessor } from './process.ts';
import type { ContactAttributesSource } from './session-attributes.ts';
import type { ContactKey, ContactStateStore } from './state-store.ts';
import type { StateRepositoryMaker } from './state/repositories.ts';
import type { Telemetry } from './telemetry.ts';
import { UnsettledWorkError } from './unsettled.ts';

export interface IngestorDeps {
  readonly config: PipelineConfig;
  readonly store: ContactStateStore;
  readonly processor: TriggerProcessor;
  readonly dedup: Deduplicator;
  readonly reader: ObjectReader;
  readonly telemetry: Telemetry;
  readonly now: () => Date;
  /** Contact records normalised once for all their readers (backtest); by default each reader normalises its own. */
  readonly contactFacts?: ContactFactsCache;
  /** Where a live session's attributes are asked when no stored record tells them (deployed: Connect, segments.ts); none by default. */
  readonly contactAttributes?: ContactAttributesSource;
}

/** What the once-per-contact gate of real-time rules reads (`gate`, `gateFor`). */
export interface FiringGateParts {
  /** The firings repository's maker (state/repositories.ts `firingsState`): given, not imported, so a bundle whose functions see no real-time event holds none. */
  readonly firings: StateRepositoryMaker;
}

export class IngestCore {
  /** `gate`: for an ingestor that evaluates real-time events (segments, canonical events); without it the state refuses their gate. */
  constructor(
    readonly deps: IngestorDeps,
    gate?: FiringGateParts,
  ) {
    if (gate) deps.store.use(gate.firings);
  }

  get log() {
    return this.deps.telemetry.logger;
  }

  /** Runs `work` once per delivery key; a redelivery returns the first result as `duplicate`. */
  async once(deliveryKey: string, source: string, label: string, work: () => Promise<IngestResult>): Promise<IngestResult> {
    const { result, ran } = await this.deps.dedup.once(deliveryKey, work);
    if (ran) return result;
    this.deps.telemetry.count('Duplicates', result.source ?? source);
    this.log.info('duplicate delivery: already processed, nothing runs again', { deliveryKey, source: result.source ?? source, label, first: result.label });
    return {
      ...result,
      label,
      status: 'duplicate',
      detail: `a redelivery: already ${result.status === 'evaluated' ? 'evaluated' : `processed (${result.status})`}, nothing runs again`,
      evaluations: [],
    };
  }

  gate(key: ContactKey): FiringGate {
    const { store, now } = this.deps;
    return {
      claim: async (rule) => {
        const token = await store.claimFiring(key, rule.RuleId, now());
        // Claimed by an attempt that may still run its actions, or died within its lease:
        // not "already fired". The delivery fails and is retried (then takes the claim over).
        if (token === undefined && (await store.firingElsewhere(key, rule.RuleId))) {
          throw new UnsettledWorkError(`real-time rule ${rule.Name} on contact ${key.contactId}`, ['its firing is claimed by another invocation']);
        }
        return token;
      },
      done: (rule, token, eventKey) => store.markFired(key, rule.RuleId, token, eventKey, now()),
      release: (rule, token) => store.releaseFiring(key, rule.RuleId, token),
    };
  }

  /** Real-time sources fire at most once per contact and rule; other sources are not gated. */
  readonly gateFor = (event: TriggerEvent): FiringGate | undefined => {
    if (event.EventSourceName !== REALTIME_SOURCES.VOICE && event.EventSourceName !== REALTIME_SOURCES.CHAT) return undefined;
    const contactId = contactIdOf(event);
    return contactId ? this.gate({ instanceId: event.InstanceId, contactId }) : undefined;
  };

  /** An `error` result; bad input is counted and logged as such. */
  errorResult(err: unknown, kind: InputKind, label: string): IngestResult {
    const info = errorInfo(err);
    if (isBadInput(err)) {
      this.deps.telemetry.count('InvalidInput', kind);
      this.log.warn('bad input', { label, kind, reason: info.reason, message: info.message });
    } else {
      this.deps.telemetry.count('Failures', kind);
      this.log.error('input failed', { label, kind, error: err as Error });
    }
    return { kind, status: 'error', label, error: info, detail: info.message, evaluations: [] };
  }
}
