/**
 * The real-time state of a contact per channel (`REALTIME#<channel>`), written under
 * optimistic concurrency on its `Version`.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { putVersioned } from '../../dynamo/conditional.ts';
import type { RealtimeContactState } from '../../context/realtime.ts';
import { STATE_KEYS as K } from '../../../storage/pipeline-tables.ts';
import { contactPk, type ContactKey, type StateTable } from './table.ts';

export class RealtimeStates {
  constructor(private readonly table: StateTable) {}

  async get(key: ContactKey, channel: string): Promise<{ state: RealtimeContactState; version: number } | undefined> {
    const { Item } = await this.table.doc.send(
      new GetCommand({ TableName: this.table.tableName, Key: { [K.pk]: contactPk(key), [K.sk]: `REALTIME#${channel}` }, ConsistentRead: true }),
    );
    return Item ? { state: JSON.parse(String(Item.State)) as RealtimeContactState, version: Number(Item.Version) } : undefined;
  }

  /** Writes the state if its version is still `expected` (0: not stored yet). False when another writer won. */
  async put(key: ContactKey, channel: string, state: RealtimeContactState, expected: number, now: Date): Promise<boolean> {
    const item = { [K.pk]: contactPk(key), [K.sk]: `REALTIME#${channel}`, State: JSON.stringify(state), UpdatedAt: now.toISOString(), [K.ttl]: this.table.expiresAt(now) };
    return putVersioned(this.table.doc, this.table.tableName, item, K.pk, expected);
  }
}
