import { z } from 'zod';

type Issue = Parameters<NonNullable<z.core.$ZodErrorMap>>[0];

const TYPE_NAMES: Record<string, string> = {
  string: 'text', number: 'a number', int: 'a whole number', bigint: 'a whole number', boolean: 'true or false',
  array: 'a list', object: 'an object', date: 'a date', null: 'null',
};

const FORMAT_NAMES: Record<string, string> = {
  email: 'a valid email address', url: 'a valid URL (https://…)', uuid: 'a valid UUID', guid: 'a valid UUID',
  datetime: 'a date and time such as 2026-03-01T09:30:00Z', date: 'a date as YYYY-MM-DD', time: 'a time such as 09:30',
  ipv4: 'an IPv4 address', ipv6: 'an IPv6 address', e164: 'a phone number in international form (+33…)', jwt: 'a token',
};

const UNITS: Record<string, string> = { string: 'characters', array: 'items', set: 'items', map: 'entries', file: 'bytes' };
const shown = (v: unknown) => (typeof v === 'string' ? `"${v}"` : String(v));
const amount = (n: number | bigint) => (typeof n === 'number' && Math.abs(n) >= 10_000 ? n.toLocaleString('en-US') : String(n));

/**
 * Sentences for people instead of zod's "Too big: expected string to have <=200 characters".
 * Each reads after the field's name ("email: must be a valid email address"), in API 400s and
 * import row errors alike. A message a schema sets itself always wins over this map.
 */
export function zodMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case 'too_big': {
      const unit = UNITS[issue.origin];
      const max = amount(issue.maximum as number);
      if (issue.exact) return unit ? `must have exactly ${max} ${unit}` : `must be exactly ${max}`;
      if (unit) return `must be at most ${max} ${unit}`;
      if (issue.origin === 'date') return `must be on or before ${new Date(Number(issue.maximum)).toISOString().slice(0, 10)}`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'too_small': {
      const unit = UNITS[issue.origin];
      const min = amount(issue.minimum as number);
      if (issue.origin === 'string' && Number(issue.minimum) === 1 && !issue.exact) return 'must not be empty';
      if (issue.origin === 'array' && Number(issue.minimum) === 1 && !issue.exact) return 'must have at least one item';
      if (issue.exact) return unit ? `must have exactly ${min} ${unit}` : `must be exactly ${min}`;
      if (unit) return `must be at least ${min} ${unit}`;
      if (issue.origin === 'date') return `must be on or after ${new Date(Number(issue.minimum)).toISOString().slice(0, 10)}`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case 'invalid_format':
      if (issue.format === 'starts_with') return `must start with "${(issue as { prefix?: string }).prefix}"`;
      if (issue.format === 'ends_with') return `must end with "${(issue as { suffix?: string }).suffix}"`;
      if (issue.format === 'includes') return `must contain "${(issue as { includes?: string }).includes}"`;
      return FORMAT_NAMES[issue.format] ? `must be ${FORMAT_NAMES[issue.format]}` : 'is not in the expected format';
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `${issue.keys.length > 1 ? 'has unknown fields' : 'has an unknown field'}: ${issue.keys.join(', ')}`;
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${shown(issue.values[0])}` : `must be one of: ${issue.values.map(String).join(', ')}`;
    case 'invalid_union':
      return 'is not in any of the accepted forms';
    case 'invalid_key':
      return 'has a key that is not allowed';
    case 'invalid_element':
      return 'holds a value that is not allowed';
    case 'custom':
      return issue.message ?? 'is not valid';
    default:
      return undefined; // zod's own wording, for codes added after this was written
  }
}

let installed = false;
/** Makes zodMessage zod's error map for the whole process; called once at boot. */
export function installZodMessages(): void {
  if (installed) return;
  installed = true;
  z.config({ customError: zodMessage });
}
