/** Email through Amazon SES (v2 SendEmail), deployed: one message per recipient, plain text. */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { EmailMessage, EmailService } from '../backends.ts';

export class SesEmail implements EmailService {
  readonly idempotent = false;

  constructor(
    private readonly client: SESv2Client,
    /** A verified SES identity (the Connect default is no-reply@amazonconnect.com, which only Connect can use). */
    private readonly from: string,
    private readonly configurationSetName?: string,
  ) {}

  async send(m: EmailMessage): Promise<{ messageId: string }> {
    const out = await this.client.send(
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
    return { messageId: out.MessageId ?? m.id };
  }
}
