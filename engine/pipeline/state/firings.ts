/**
 * The real-time rules fired on a contact (`FIRED#<ruleId>`): at most once per contact
 * and rule. FIRING while an attempt runs the rule's actions (a lease of the storage
 * kernel: the item is created by the claim and deleted by a release), FIRED after.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { LeaseLostError, Leases } from '../../dynamo/lease.ts';
import { STATE_KEYS as K } from '../../../storage/pipeline-tables.ts';
import { contactPk, leaseLayout, type ContactKey, type StateTable } from './table.ts';

export class Firings {
  private readonly leases: Leases;

  constructor(
    private readonly table: StateTable,
    /** How long a claim holds before another attempt may take it over. */
    private readonly leaseMs: number,
  ) {
    this.leases = new Leases(table.doc, leaseLayout(table, { held: 'FIRING' }, leaseMs));
  }

  private key(key: ContactKey, ruleId: string) {
    return { [K.pk]: contactPk(key), [K.sk]: `FIRED#${ruleId}` };
  }

  /**
   * Claims the firing of a real-time rule for a contact. Undefined when it already
   * fired (or is firing elsewhere, within the lease).
   */
  async claim(key: ContactKey, ruleId: string, now: Date): Promise<string | undefined> {
    const ttl = { [K.ttl]: this.table.expiresAt(now) };
    const claim = await this.leases.claim(this.key(key, ruleId), now, this.leaseMs, { create: ttl, takeOver: ttl });
    return claim.state === 'claimed' || claim.state === 'taken-over' ? claim.token : undefined;
  }

  /**
   * Whether a rule's firing on the contact is claimed (`FIRING`) by another attempt
   * whose lease holds, as opposed to done (`FIRED`): after `claim` refused.
   */
  async elsewhere(key: ContactKey, ruleId: string): Promise<boolean> {
    const { Item } = await this.table.doc.send(new GetCommand({ TableName: this.table.tableName, Key: this.key(key, ruleId), ConsistentRead: true }));
    return Item?.Status === 'FIRING';
  }

  async markFired(key: ContactKey, ruleId: string, token: string, eventKey: string, now: Date): Promise<void> {
    const done = await this.leases.complete(this.key(key, ruleId), token, 'FIRED', { FiredAt: now.toISOString(), EventKey: eventKey });
    if (!done) throw new LeaseLostError(`the firing of ${ruleId} on contact ${key.contactId}`);
  }

  /** Gives up a firing claim after a failure, so the retry can fire the rule. */
  async release(key: ContactKey, ruleId: string, token: string): Promise<void> {
    await this.leases.release(this.key(key, ruleId), token);
  }
}
