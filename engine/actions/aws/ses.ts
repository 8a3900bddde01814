/**
 * Email through Amazon SES (v2 SendEmail), deployed: one message per recipient, plain text.
 *
 * SendEmail has no idempotency token. Each message id (derived from (event, rule,
 * action, recipient)) is marked in a SendLog before the call and after it, so a
 * take-over of a dead attempt sends only the messages never tried. A message whose call
 * started and never answered (the attempt died during SendEmail) is not sent again:
 * the action fails with `EmailDeliveryUnknown` and its failure event, for a person to
 * check SES's sending logs (at most once for that one message).
 */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ActionError, type EmailMessage, type EmailService, type SendLog } from '../backends.ts';

export class SesEmail implements EmailService {
  readonly idempotent = true;

  constructor(
    private readonly client: SESv2Client,
    /** A verified SES identity (the Connect default is no-reply@amazonconnect.com, which only Connect can use). */
    private readonly from: string,
    private readonly log: SendLog,
    private readonly configurationSetName?: string,
  ) {}

  async send(m: EmailMessage): Promise<{ messageId: string }> {
    const before = await this.log.begin(m.instanceId, m.id, m.now);
    if (before.state === 'sent') return { messageId: before.messageId };
    if (before.state === 'unknown') {
      throw new ActionError(
        'EmailDeliveryUnknown',
        `email ${m.id} to ${m.to}: an earlier attempt started sending it at ${before.since} and ended without an answer; not sent again (SES has no idempotency token): check the SES sending logs`,
      );
    }
    let out;
    try {
      out = await this.client.send(
        new SendEmailCommand({
          FromEmailAddress: this.from,
          Destination: { ToAddresses: [m.to] },
          Content: {
            Simple: {
              Subject: { Data: m.subject, Charset: 'UTF-8' },
              Body: { Text: { Data: m.body, Charset: 'UTF-8' } },
            },
          },
          ...(this.configurationSetName ? { ConfigurationSetName: this.configurationSetName } : {}),
        }),
      );
    } catch (err) {
      // SES answered with an error: the message was not accepted and may be tried again.
      // Without an answer (a timeout, a reset) it may have been: the mark stays.
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode) await this.log.abandon(m.instanceId, m.id);
      throw err;
    }
    const messageId = out.MessageId ?? m.id;
    await this.log.sent(m.instanceId, m.id, messageId);
    return { messageId };
  }
}
