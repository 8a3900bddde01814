/**
 * The real-time state of a contact per channel (`REALTIME#<channel>`), written under
 * optimistic concurrency on its `Version`.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
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
    return this.table.attempt(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          [K.pk]: contactPk(key),
          [K.sk]: `REALTIME#${channel}`,
          State: JSON.stringify(state),
          Version: expected + 1,
          UpdatedAt: now.toISOString(),
          [K.ttl]: this.table.expiresAt(now),
        },
        ConditionExpression: expected === 0 ? 'attribute_not_exists(#pk)' : 'Version = :v',
        ...(expected === 0 ? { ExpressionAttributeNames: { '#pk': K.pk } } : { ExpressionAttributeValues: { ':v': expected } }),
      }),
    );
  }
}
