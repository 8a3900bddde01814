/**
 * DescribeContact and SearchContacts (the contact routes of functions/http/routes.ts)
 * over the contacts the pipeline stored, served by engine/contacts; the real
 * `@aws-sdk/client-connect` talks to them like to Connect. A malformed request is
 * InvalidParameterException, as Connect answers these operations.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InvalidParameterException } from '../engine/api/errors.ts';
import { ContactsService } from '../engine/contacts/service.ts';
import { ContactsStore } from '../engine/contacts/store.ts';
import type { ObjectReader } from '../engine/ingest/s3.ts';
import { CONTACTS_TABLE } from '../storage/action-tables.ts';
import { PIPELINE_STATE_TABLE } from '../storage/pipeline-tables.ts';
import { tableName } from '../storage/tables.ts';
import { bindApi, type BoundApi } from './http/connect-api.ts';
import { CONTACT_ROUTES } from './http/routes.ts';

export interface ContactsApiParts {
  readonly dynamoDb: DynamoDBClient;
  /** Reads the analysis files the pipeline stored references to (transcript search). */
  readonly reader: ObjectReader;
  readonly region: string;
  readonly accountId: string;
  /** Table names (default: from the environment, storage/tables.ts). */
  readonly stateTable?: string;
  readonly contactsTable?: string;
}

export function contactsService(parts: ContactsApiParts): ContactsService {
  const doc = DynamoDBDocumentClient.from(parts.dynamoDb);
  const store = new ContactsStore(doc, {
    stateTable: parts.stateTable ?? tableName(PIPELINE_STATE_TABLE),
    contactsTable: parts.contactsTable ?? tableName(CONTACTS_TABLE),
    reader: parts.reader,
  });
  return new ContactsService(store, { region: parts.region, accountId: parts.accountId });
}

export function contactsApi(service: ContactsService | (() => ContactsService)): BoundApi {
  return bindApi({ routes: CONTACT_ROUTES, service, badRequest: (m) => new InvalidParameterException(m), bodyRequired: false });
}
