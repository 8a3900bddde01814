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

/**
 * How long one GetContactAttributes may take, its retries included: a Connect that
 * accepts and never answers would otherwise hold the segment until the Lambda's timeout
 * and fail the whole Kinesis batch. It answers in tens of milliseconds; past this the
 * segment is evaluated with the attributes not yet known (segments.ts `askConnect`), and
 * connect-asks.ts bounds how many such waits one batch makes.
 */
export const CONNECT_ANSWER_MS = 1500;

/** Attempts per call: one retry of a throttled or failed call, within CONNECT_ANSWER_MS. */
export const CONNECT_MAX_ATTEMPTS = 2;

export function connectContactAttributes(client: ConnectClient, answerMs = CONNECT_ANSWER_MS): ContactAttributesSource {
  return {
    async attributes(instanceId, initialContactId) {
      // AWS (API reference, GetContactAttributes): InitialContactId, "The identifier of the initial contact."
      const command = new GetContactAttributesCommand({ InstanceId: instanceId, InitialContactId: initialContactId });
      const out = await client.send(command, { abortSignal: AbortSignal.timeout(answerMs) });
      return out.Attributes ?? {};
    },
  };
}

/** The source on a client of the function's Region, with few attempts (the deadline bounds them all). */
export const connectContactAttributesIn = (region: string): ContactAttributesSource =>
  connectContactAttributes(new ConnectClient({ region, maxAttempts: CONNECT_MAX_ATTEMPTS }));
