import { z } from 'zod';
import { beforeAll, describe, expect, it } from 'vitest';
import { installZodMessages } from './zod-messages.js';

beforeAll(() => installZodMessages());

const messageOf = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error(`expected ${JSON.stringify(value)} to be refused`);
  return r.error.issues[0].message;
};

describe('the shared zod error map', () => {
  it('writes sizes as people say them', () => {
    expect(messageOf(z.string().max(200), 'x'.repeat(201))).toBe('must be at most 200 characters');
    expect(messageOf(z.string().min(3), 'ab')).toBe('must be at least 3 characters');
    expect(messageOf(z.string().min(1), '')).toBe('must not be empty');
    expect(messageOf(z.string().length(2), 'abc')).toBe('must have exactly 2 characters');
    expect(messageOf(z.array(z.string()).max(100), Array(101).fill('a'))).toBe('must be at most 100 items');
    expect(messageOf(z.array(z.string()).min(1), [])).toBe('must have at least one item');
    expect(messageOf(z.number().max(1_000_000), 2_000_000)).toBe('must be at most 1,000,000');
    expect(messageOf(z.number().positive(), 0)).toBe('must be more than 0');
    expect(messageOf(z.number().int().min(1), 0)).toBe('must be at least 1');
    expect(messageOf(z.number().lt(5), 5)).toBe('must be less than 5');
  });

  it('names missing fields and wrong types', () => {
    expect(messageOf(z.object({ name: z.string() }), {})).toBe('is required');
    expect(messageOf(z.string(), 5)).toBe('must be text');
    expect(messageOf(z.number(), 'five')).toBe('must be a number');
    expect(messageOf(z.number().int(), 1.5)).toBe('must be a whole number');
    expect(messageOf(z.boolean(), 'yes')).toBe('must be true or false');
    expect(messageOf(z.array(z.number()), {})).toBe('must be a list');
  });

  it('names formats, choices and unknown keys', () => {
    expect(messageOf(z.email(), 'not-an-email')).toBe('must be a valid email address');
    expect(messageOf(z.url(), 'nope')).toBe('must be a valid URL (https://…)');
    expect(messageOf(z.iso.datetime(), '2026-13-01')).toBe('must be a date and time such as 2026-03-01T09:30:00Z');
    expect(messageOf(z.string().regex(/^\d+$/), 'abc')).toBe('is not in the expected format');
    expect(messageOf(z.string().startsWith('https://'), 'http://x')).toBe('must start with "https://"');
    expect(messageOf(z.enum(['create', 'update', 'upsert']), 'merge')).toBe('must be one of: create, update, upsert');
    expect(messageOf(z.literal('yes'), 'no')).toBe('must be "yes"');
    expect(messageOf(z.number().multipleOf(5), 7)).toBe('must be a multiple of 5');
    expect(messageOf(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 })).toBe('has unknown fields: b, c');
    expect(messageOf(z.union([z.string(), z.number()]), true)).toBe('is not in any of the accepted forms');
    expect(messageOf(z.record(z.string().max(2), z.string()), { long: 'x' })).toBe('has a key that is not allowed');
  });

  it('leaves a message a schema sets itself alone', () => {
    expect(messageOf(z.string().max(3, 'keep it short'), 'long')).toBe('keep it short');
    expect(messageOf(z.string().refine((v) => v === 'ok', 'must be ok'), 'no')).toBe('must be ok');
  });
});
