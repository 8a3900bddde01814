/**
 * A live session's contact attributes from Amazon Connect (session-attributes.ts):
 * GetContactAttributes, which "Retrieves the contact attributes for the specified
 * contact" (AWS API reference), by the instance and the contact of the segment. The
 * function's role allows `connect:GetContactAttributes` on the instance's contacts
 * (deploy/iam.ts). Loaded by the real-time function on its first session that needs it
 * (functions/ingest-realtime.ts), so its start loads no Connect client.
 */
import { ConnectClient, GetContactAttributesCommand } from '@aws-sdk/client-connect';
import type { ContactAttributesSource } from './session-attributes.ts';

export function connectContactAttributes(client: ConnectClient): ContactAttributesSource {
  return {
    async attributes(instanceId, contactId) {
      // InitialContactId: the segment's contact. AWS names the parameter "The identifier of the initial contact."
      const out = await client.send(new GetContactAttributesCommand({ InstanceId: instanceId, InitialContactId: contactId }));
      return out.Attributes ?? {};
    },
  };
}

/** The source on a client of the function's Region. */
export const connectContactAttributesIn = (region: string): ContactAttributesSource => connectContactAttributes(new ConnectClient({ region }));
