import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { localActionsBackend } from './local/backend.ts';
import { ActionsBackendUnavailableError } from './backend-unavailable.ts';
import { createActionRuntimeOn } from './runtime.ts';

// No request is sent: the runtime is only built.
const dynamoDb = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });

describe('createActionRuntimeOn', () => {
  it('runs the configured back end when the caller holds it', () => {
    const rt = createActionRuntimeOn({ local: localActionsBackend }, { dynamoDb, config: { backend: 'local' } });
    expect(rt.config.backend).toBe('local');
    expect(rt.evaluations).toBeDefined();
    expect(rt.cases).toBeDefined();
  });

  it('refuses a configured back end the code was not packaged with, naming both', () => {
    const build = () => createActionRuntimeOn({ local: localActionsBackend }, { dynamoDb, config: { backend: 'aws' } });
    expect(build).toThrow(ActionsBackendUnavailableError);
    expect(build).toThrow("CONNECT_RULES_ACTIONS_BACKEND is 'aws', but this code holds only the local back end: package it again with actionsBackend: aws");
    expect(() => createActionRuntimeOn({}, { dynamoDb, config: { backend: 'local' } })).toThrow('this code holds no actions back end');
  });
});
