/**
 * What the repositories of the pipeline state table (storage/pipeline-tables.ts)
 * share: the contact's partition, the document client, the TTL of what they write,
 * and a conditional write that answers false when its condition failed.
 */
import type { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { writeIf } from '../../dynamo/conditional.ts';
import type { LeaseTable } from '../../dynamo/lease.ts';
import { STATE_KEYS } from '../../../storage/pipeline-tables.ts';

export interface ContactKey {
  readonly instanceId: string;
  readonly contactId: string;
}

export const contactPk = (key: ContactKey): string => `CONTACT#${key.instanceId}#${key.contactId}`;
/** The partition of an instance's contact records in the ByInstance index (SearchContacts). */
export const instanceContactsPk = (instanceId: string): string => `CONTACTS#${instanceId}`;

export class StateTable {
  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
    private readonly ttlSeconds: number,
  ) {}

  /**
   * The TTL of state written at `now`, counted from the wall clock (or `now` when
   * later): the run's clock may lie in the past (replay --clock, tests), and DynamoDB
   * deletes an item whose TTL has passed at any moment, even mid-evaluation.
   */
  expiresAt(now: Date): number {
    return Math.floor(Math.max(now.getTime(), Date.now()) / 1000) + this.ttlSeconds;
  }

  /** Sends a conditional write: false when its condition failed. */
  attempt(command: PutCommand | UpdateCommand | DeleteCommand): Promise<boolean> {
    return writeIf(this.doc, command);
  }
}

/**
 * The lease layout of a claimable item of this table (engine/dynamo/lease.ts). Items
 * claimed before leases had one representation hold `ClaimedAt` (epoch ms of the
 * claim) instead of `LeaseUntil`: their lease ends `leaseMs` after it. Such items
 * live at most the state's TTL (14 days by default); past that the reading can go.
 */
export function leaseLayout(table: StateTable, states: { held: string; free?: string }, leaseMs: number): LeaseTable {
  return {
    tableName: table.tableName,
    keyAttribute: STATE_KEYS.pk,
    statusAttribute: 'Status',
    tokenAttribute: 'ClaimToken',
    ...states,
    legacyUntil: (item) => (item.ClaimedAt === undefined ? undefined : new Date(Number(item.ClaimedAt) + leaseMs).toISOString()),
    legacy: ['ClaimedAt'],
  };
}
