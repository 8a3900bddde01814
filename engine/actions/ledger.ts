/**
 * The exactly-once ledger: one item per (eventKey, ruleId, actionIndex). An action
 * runs only after its item was created by a conditional write (`attribute_not_exists`),
 * so a redelivered event or a retried Lambda finds the item and does not run it again.
 *
 * The item holds a lease while the action runs (RUNNING, LeaseUntil, Token) and the
 * outcome once it is done (DONE). A RUNNING item whose lease has passed belongs to an
 * attempt that died; the next claimant takes it over (conditional on the old token),
 * and the runner decides whether the action may run again (only idempotent ones).
 * The lease itself is the storage kernel's (engine/dynamo/lease.ts).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { Leases } from '../dynamo/lease.ts';
import type { TriggerEvent } from '../context/types.ts';
import type { ActionOutcome } from './types.ts';

/** What the ledger keeps of an outcome (and gives back to a duplicate). */
export interface StoredOutcome {
  readonly status: ActionOutcome['status'];
  readonly detail: string;
  readonly output?: Readonly<Record<string, unknown>>;
  readonly emitted?: readonly TriggerEvent[];
}

export type Claim =
  | { readonly state: 'claimed'; readonly token: string }
  /** The lease of an earlier attempt passed without an outcome: it may have had effects. */
  | { readonly state: 'taken-over'; readonly token: string; readonly previousStart?: string }
  | { readonly state: 'done'; readonly outcome: StoredOutcome }
  | { readonly state: 'running'; readonly leaseUntil: string };

export interface ActionLedger {
  claim(key: string, now: Date, leaseMs: number): Promise<Claim>;
  /** Records the outcome (only while `token` still holds the claim). */
  complete(key: string, token: string, outcome: StoredOutcome, now: Date): Promise<void>;
  /** Extends the lease while retries go on. */
  renew(key: string, token: string, until: Date): Promise<void>;
  /**
   * Gives the claim up without an outcome (a transient failure outlasted the retries):
   * the lease ends `now`, so the retry takes the item over (it may have had effects).
   */
  release(key: string, token: string, now: Date): Promise<void>;
}

export const ledgerKey = (eventKey: string, ruleId: string, actionIndex: number) => `${eventKey}|${ruleId}|${actionIndex}`;

/** Ledger items are kept 7 days (TTL): past that a redelivery is not expected. */
export const DEFAULT_LEDGER_TTL_SECONDS = 7 * 24 * 3600;

export class DynamoDbActionLedger implements ActionLedger {
  private readonly leases: Leases;

  constructor(
    doc: DynamoDBDocumentClient,
    table: string,
    private readonly ttlSeconds = DEFAULT_LEDGER_TTL_SECONDS,
  ) {
    this.leases = new Leases(doc, { tableName: table, keyAttribute: 'KEY', statusAttribute: 'Status', tokenAttribute: 'Token', held: 'RUNNING' });
  }

  async claim(key: string, now: Date, leaseMs: number): Promise<Claim> {
    const claim = await this.leases.claim({ KEY: key }, now, leaseMs, {
      create: {
        StartedTime: now.toISOString(),
        // Wall-clock expiry: a replay's --clock may lie in the past, and TTL must not delete the item early.
        ExpiresAt: Math.floor(Date.now() / 1000) + this.ttlSeconds,
      },
    });
    switch (claim.state) {
      case 'claimed':
        return claim;
      case 'taken-over':
        return { state: 'taken-over', token: claim.token, previousStart: claim.previous.StartedTime as string };
      case 'held':
        return { state: 'running', leaseUntil: claim.until };
      case 'settled':
        return { state: 'done', outcome: JSON.parse(claim.item!.Outcome as string) as StoredOutcome };
    }
  }

  async complete(key: string, token: string, outcome: StoredOutcome, now: Date): Promise<void> {
    // Refused when another attempt took the claim over after our lease passed: its outcome wins.
    await this.leases.complete({ KEY: key }, token, 'DONE', { Outcome: JSON.stringify(outcome), CompletedTime: now.toISOString() });
  }

  async renew(key: string, token: string, until: Date): Promise<void> {
    await this.leases.renew({ KEY: key }, token, until);
  }

  async release(key: string, token: string, now: Date): Promise<void> {
    // The item stays RUNNING with its lease ended: the retry takes it over (and knows it may have had effects).
    await this.leases.renew({ KEY: key }, token, now);
  }
}

/** The same contract in memory (unit tests, `eval`-style runs without DynamoDB). */
export class MemoryActionLedger implements ActionLedger {
  readonly items = new Map<string, { status: 'RUNNING' | 'DONE'; token: string; leaseUntil: string; start: string; outcome?: StoredOutcome }>();

  async claim(key: string, now: Date, leaseMs: number): Promise<Claim> {
    const token = randomUUID();
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    const item = this.items.get(key);
    if (!item) {
      this.items.set(key, { status: 'RUNNING', token, leaseUntil, start: now.toISOString() });
      return { state: 'claimed', token };
    }
    if (item.status === 'DONE') return { state: 'done', outcome: item.outcome! };
    if (item.leaseUntil > now.toISOString()) return { state: 'running', leaseUntil: item.leaseUntil };
    const previousStart = item.start;
    Object.assign(item, { token, leaseUntil });
    return { state: 'taken-over', token, previousStart };
  }

  async complete(key: string, token: string, outcome: StoredOutcome): Promise<void> {
    const item = this.items.get(key);
    if (item && item.token === token) Object.assign(item, { status: 'DONE', outcome: structuredClone(outcome) });
  }

  async renew(key: string, token: string, until: Date): Promise<void> {
    const item = this.items.get(key);
    if (item && item.token === token && item.status === 'RUNNING') item.leaseUntil = until.toISOString();
  }

  release(key: string, token: string, now: Date): Promise<void> {
    return this.renew(key, token, now);
  }
}
