import { isIP } from 'node:net';
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
