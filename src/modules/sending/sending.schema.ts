import { z } from 'zod';

const hostname = z.string().trim().toLowerCase().min(1, 'must not be empty').max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a host name');
const domainName = z.string().trim().toLowerCase().max(253)
  .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a domain name like example.com');
const optionalText = (max: number) => z.string().max(max).nullable().optional().transform((v) => (v === '' ? null : v));

const accountFields = {
  name: z.string().trim().min(1, 'must not be empty').max(200),
  host: hostname.or(z.ipv4()),
  port: z.number().int().min(1).max(65535),
  security: z.enum(['none', 'starttls', 'tls']).describe('tls: TLS from the first byte (465); starttls: upgrade (587)'),
  username: optionalText(320),
  password: optionalText(1000).describe('Write-only; stored encrypted. Omit to keep the current one, null to clear it'),
  maxPerSecond: z.number().int().min(1).max(10_000).describe('Throttle: messages per second through this account'),
  maxConnections: z.number().int().min(1).max(50),
  fromDomain: domainName.nullable().optional().describe('Serve only mail from this domain (null: any)'),
  weight: z.number().int().min(0).max(1000).describe('Share of the mail among accounts serving the same domain'),
  enabled: z.boolean(),
};

export const createAccountBody = z.object({
  ...accountFields,
  security: accountFields.security.default('starttls'),
  maxPerSecond: accountFields.maxPerSecond.default(50),
  maxConnections: accountFields.maxConnections.default(5),
  weight: accountFields.weight.default(1),
  enabled: accountFields.enabled.default(true),
});
export type CreateAccountInput = z.infer<typeof createAccountBody>;

export const updateAccountBody = z.object(accountFields).partial();
export type UpdateAccountInput = z.infer<typeof updateAccountBody>;

export const createDomainBody = z.object({
  domain: domainName,
  selector: z.string().trim().toLowerCase().regex(/^[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?$/, 'letters, digits and dashes, up to 32').optional()
    .describe('DKIM selector (default: rapport + the year and month)'),
});
export type CreateDomainInput = z.infer<typeof createDomainBody>;

export const postalAddressBody = z.object({
  postalAddress: z.string().trim().max(500).nullable().transform((v) => (v === '' ? null : v))
    .describe('Printed in every marketing footer (CAN-SPAM); campaigns are blocked without it'),
});
