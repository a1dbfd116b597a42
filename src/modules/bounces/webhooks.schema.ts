import { z } from 'zod';
import { PROVIDERS } from './webhook-providers.js';

export const providerParam = z.object({ provider: z.enum(PROVIDERS).describe('Which email provider posts here') });

/**
 * How a provider's calls are proven to be its own, beyond the secret URL. Each provider takes
 * only its own fields; what is not set stays as the secret URL alone (Amazon SNS messages are
 * always signature-checked, whatever is set here).
 */
export const webhookVerificationBody = z.object({
  publicKey: z.string().trim().min(40).max(2000).optional().describe('SendGrid: the Event Webhook verification key (base64, as the console shows it, or PEM)'),
  signingKey: z.string().trim().min(8).max(200).optional().describe('Mailgun: the HTTP webhook signing key (write-only, stored encrypted)'),
  username: z.string().trim().min(1).max(200).regex(/^[^:]+$/, 'must not contain ":"').optional().describe('Postmark: the basic-auth user name set on the webhook'),
  password: z.string().min(8).max(200).optional().describe('Postmark: the basic-auth password (write-only, stored encrypted)'),
  topicArn: z.string().trim().regex(/^arn:aws(-[a-z]+)*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}$/, 'must be an SNS topic ARN').optional().describe('Amazon SES: accept only this SNS topic'),
}).strict();
export type WebhookVerificationInput = z.infer<typeof webhookVerificationBody>;

export const webhookEntry = z.object({
  provider: z.enum(PROVIDERS),
  url: z.string(),
  verifiedBy: z.enum(['signature', 'basic-auth', 'url-secret']).describe('What proves a call is the provider\'s, besides the URL'),
  publicKey: z.string().nullable(),
  username: z.string().nullable(),
  topicArn: z.string().nullable(),
  hasSecret: z.boolean().describe('A signing key or password is stored (never shown)'),
});
export type WebhookEntry = z.infer<typeof webhookEntry>;

export const webhookAnswer = z.object({ confirmed: z.boolean(), recorded: z.number(), ignored: z.number() });
