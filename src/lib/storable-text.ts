import type { FieldIssue } from './app-error.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a string cannot be stored, or null. PostgreSQL refuses U+0000 in text and jsonb, and a lone
 * UTF-16 surrogate has no UTF-8 form (jsonb refuses its `\ud800` escape; text would silently get
 * U+FFFD). Either would fail deep inside a query as a 500, so it is refused at the edge instead.
 */
export function unstorableText(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character (U+0000), which cannot be stored';
  if (LONE_SURROGATE.test(value)) return 'contains an unpaired UTF-16 surrogate, which is not valid Unicode';
  return null;
}

/** The text with NULs dropped and unpaired surrogates made U+FFFD: for labels worth keeping rather than refusing. */
export function toStorableText(value: string): string {
  return value.replace(/\u0000/g, '').replace(new RegExp(LONE_SURROGATE, 'g'), '\uFFFD');
}

/**
 * A copy of parsed data (plain objects, arrays) with every string value made storable
 * (toStorableText); byte arrays and other objects are kept as they are. For input that must be
 * kept rather than refused, such as a customer's mail.
 */
export function toStorableDeep<T>(value: T): T {
  if (typeof value === 'string') return toStorableText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => toStorableDeep(v)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toStorableDeep(v)])) as T;
  }
  return value;
}

/**
 * The first string (value or object key) in a parsed input that cannot be stored, with its path
 * written as the validation errors write theirs (`tags.2`, `custom.note`). Iterative, and each
 * entry links to its parent instead of copying the path, so a body nested 100,000 deep costs
 * linear time and no stack.
 */
export function findUnstorableText(input: unknown): FieldIssue | null {
  interface Entry { value: unknown; key: string | null; parent: Entry | null }
  const pathOf = (e: Entry | null): string => {
    const keys: string[] = [];
    for (let at = e; at && at.key !== null; at = at.parent) keys.push(at.key);
    const path = keys.reverse().join('.');
    return path.length > 200 ? `${path.slice(0, 200)}…` : path; // a path 100,000 levels deep is no help in a message
  };
  const stack: Entry[] = [{ value: input, key: null, parent: null }];
  while (stack.length) {
    const entry = stack.pop()!;
    const { value } = entry;
    if (typeof value === 'string') {
      const message = unstorableText(value);
      if (message) return { path: pathOf(entry), message };
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: String(i), parent: entry });
    } else if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
      for (const [key, child] of Object.entries(value)) {
        const message = unstorableText(key);
        if (message) return { path: pathOf({ value: child, key: printable(key), parent: entry }), message: `has a key that ${message}` };
        stack.push({ value: child, key, parent: entry });
      }
    }
  }
  return null;
}

/** A key shown in an error message without the character that made it unusable. */
const printable = (key: string) => key.replace(/\u0000/g, '\\u0000').replace(new RegExp(LONE_SURROGATE, 'g'), '\uFFFD');
