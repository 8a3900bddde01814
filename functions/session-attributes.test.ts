import { ConnectClient, GetContactAttributesCommand } from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import type { PipelineConfig } from '../engine/pipeline/config.ts';
import { contactAttributesFromEnv } from './session-attributes.ts';

// What deploy/functions.ts and deploy/local-stage.ts set for ingestRealtime.
describe('contactAttributesFromEnv', () => {
  it('asks Connect when the deployment says connect, nothing when unset or none', () => {
    expect(contactAttributesFromEnv({ CONNECT_RULES_CONTACT_ATTRIBUTES: 'connect' })).toBeTypeOf('function');
    expect(contactAttributesFromEnv({})).toBeUndefined();
    expect(contactAttributesFromEnv({ CONNECT_RULES_CONTACT_ATTRIBUTES: ' none ' })).toBeUndefined();
  });

  it("loads Connect's client on the first ask and sends GetContactAttributes for the segment's instance and contact", async () => {
    // every ConnectClient's send (Connect has no local equivalent): the exact request asserted
    const connect = mockClient(ConnectClient);
    try {
      connect.on(GetContactAttributesCommand).resolves({ Attributes: { CustomerTier: 'Gold' } });
      const source = contactAttributesFromEnv({ CONNECT_RULES_CONTACT_ATTRIBUTES: 'connect' })!({ region: 'eu-west-2' } as PipelineConfig);
      expect(await source.attributes('i-1', 'c-1')).toEqual({ CustomerTier: 'Gold' });
      connect.on(GetContactAttributesCommand).resolves({});
      expect(await source.attributes('i-1', 'c-2')).toEqual({});
      expect(connect.commandCalls(GetContactAttributesCommand).map((c) => c.args[0].input)).toEqual([
        { InstanceId: 'i-1', InitialContactId: 'c-1' },
        { InstanceId: 'i-1', InitialContactId: 'c-2' },
      ]);
      expect(await connect.call(0).thisValue.config.region()).toBe('eu-west-2');
    } finally {
      connect.restore();
    }
  });

  it('refuses any other value at start, naming it', () => {
    expect(() => contactAttributesFromEnv({ CONNECT_RULES_CONTACT_ATTRIBUTES: 'yes' })).toThrow("CONNECT_RULES_CONTACT_ATTRIBUTES must be connect or none, got 'yes'");
  });
});
