import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

/**
 * TRUST_PROXY: whether X-Forwarded-For/-Proto/-Host are believed. Off by default, since anyone can
 * send them; set it only behind a reverse proxy: `true` (any hop), a hop count, or a comma-separated
 * list of proxy addresses/CIDRs (what Fastify's `trustProxy` accepts).
 */
const trustProxySchema = z
  .string()
  .trim()
  .transform((v, zctx): boolean | number | string[] => {
    if (v === 'false') return false;
    if (v === 'true') return true;
    if (/^\d+$/.test(v)) return Number(v);
    const list = v.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = list.find((entry) => {
      const [ip, bits, extra] = entry.split('/');
      if (extra !== undefined || !isIP(ip!)) return true;
      return bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (isIP(ip!) === 4 ? 32 : 128));
    });
    if (!list.length || bad !== undefined) {
      zctx.addIssue({ code: 'custom', message: `must be true, false, a hop count or a comma-separated list of IP addresses/CIDRs${bad ? ` ("${bad}" is none of them)` : ''}` });
      return z.NEVER;
    }
    return list;
  });

/** Environment settings, checked once at boot. Settings that users edit live in the database instead. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  // The origin the app is served from: links in emails, the CSRF origin check, Secure cookies.
  PUBLIC_URL: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//i.test(v), 'must start with http:// or https://')
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  TRUST_PROXY: trustProxySchema.default(false),
  SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000).describe('PostgreSQL: cancel a statement after this long (0: never); migrations are exempt. PGlite has no timeout'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RUN_WORKERS: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional().describe('Outgoing mail for reminders, e.g. smtp://user:pass@host:587; unset disables email'),
  MAIL_FROM: z.string().min(3).default('Rapport <no-reply@localhost>'),
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1000).max(100_000_000).default(10_000_000).describe('Help desk: an inbound attachment larger than this is not kept (the ticket says so)'),
  INBOUND_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional().describe('Port of the inbound SMTP listener (bounces, complaints, help-desk mail); unset: off'),
  INBOUND_SMTP_HOST: z.string().min(1).default('0.0.0.0'),
  INBOUND_MAX_MESSAGE_BYTES: z.coerce.number().int().min(10_000).max(100_000_000).default(25_000_000).describe('Inbound mail larger than this is refused with 552'),
  DNS_RESOLVER: z.string().regex(/^[^\s:]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/, 'must be host or host:port').optional().describe('DNS server (host:port) for the sending-domain checks; unset: the system resolvers'),
  BOUNCE_SOFT_LIMIT: z.coerce.number().int().min(1).max(50).default(3).describe('Soft bounces (mailbox full, expired, temporary) in a row before an address is suppressed'),
  BOUNCE_DOMAIN: z.string().regex(/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$|^localhost$/, 'must be a domain name').optional().describe('Domain of VERP return paths (bounces come back to the inbound listener); unset: the from-address domain'),
  SEND_BATCH_SIZE: z.coerce.number().int().min(10).max(5000).default(500).describe('Campaign recipients a send worker claims at a time'),
  SEND_CLAIM_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60).describe('A claimed campaign recipient stays its worker\'s this long; then a crashed worker\'s rows are taken over'),
  SEND_MAX_PER_DOMAIN_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(100).describe('Throttle per recipient domain (e.g. gmail.com), per worker process'),
  COLLECT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(10).max(10_000_000).default(600).describe('Requests a minute one client address may send to /t/collect (the snippet sends one every few seconds)'),
  EVENTS_PAGE_VIEW_RETENTION_MONTHS: z.coerce.number().int().min(1).max(120).default(13).describe('Raw page views older than this many months are dropped (whole month partitions); daily aggregates, sessions and custom events are kept'),
  SEND_COMPOSE_THREADS: z.coerce.number().int().min(0).max(32).default(Math.min(4, availableParallelism())).describe('Worker threads that render and DKIM-sign campaign messages (default: the CPU count, at most 4); 0 composes in the send loop\'s own thread'),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
