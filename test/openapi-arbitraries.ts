import fc from 'fast-check';

/**
 * Arbitraries for fuzzing the API from its OpenAPI document: a "valid-ish" value for a JSON
 * schema (so a request gets past the first check and reaches deeper code), and hostile values —
 * NUL, lone surrogates, huge numbers, very long and odd Unicode text, impossible dates, tampered
 * cursors and filters — mixed into every parameter and body field.
 */
export type JsonSchema = Record<string, any>;

/** Ids of records that exist in the fuzzed workspace, by the name of the field that holds them. */
export type IdPool = (name: string) => number[];

const b64 = (json: string) => Buffer.from(json).toString('base64url');

/** Text the engine cannot store, or that parsers trip on. */
export const NASTY_STRINGS = [
  'a\u0000b', '\u0000', '\ud800', 'x\udfffy', '\ud83d', '\udc00\ud800', '%00', 'a\\u0000b',
  'x'.repeat(10_000), 'é'.repeat(3000), '🦄'.repeat(1200), '\u202e\u200b\ufeff', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗͕', 'Ω≈ç√∫', '\t\r\n', ' ', '',
  "'; drop table contacts; --", '<script>alert(1)</script>', '../../etc/passwd', '${{7*7}}', '{{7*7}}', '\\', '"', "'",
  '+275760-09-13', '-271821-04-20', '0000-01-01', '2026-02-30', '10000-01-01', '9999-12-31', '0001-01-01', '1',
  '9999-12-31T23:59:59.999Z', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '1970-01-01T00:00:00+14:00', 'yesterday', 'epoch', 'infinity',
  'null', 'true', '[]', '{}', '[{}]', '[{"field":"x"}]', '[[[[[[[[[[[]]]]]]]]]]]', 'NaN', '-0', '0x1F', '1e309', '-1e309', '9223372036854775808',
  '18446744073709551616', '-9223372036854775809', '1e-400', '9007199254740993', '3.14159', '-1', '0', ' 1 ',
];

const CURSOR_VALUES = [
  '["1",5]', '["+275760-09-13",1]', '["0000-01-01",1]', '["2026-02-30 00:00:00+00",1]', '["10000-01-01",1]', '["-infinity",1]', '["infinity",1]',
  '["2026-01-01",1e309]', '["2026-01-01",9223372036854775808]', '[1e309]', '[9223372036854775808]', '[-1]', '[1.5]', '["1"]', '[null]', '[]', '{}',
  '"x"', '["a\\u0000b",1]', '["\\ud800",1]', '["2026-01-01 00:00:00+00","1"]', '["x",1,2]', '[[1],[2]]', '["2026-01-01T00:00:00Z",1]',
];
/** Cursors a client could forge: well-formed base64url of the wrong JSON, and junk. */
export const hostileCursor: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...CURSOR_VALUES).map(b64), fc.constantFrom('!!!', '%00', 'W10', 'a'.repeat(1999)));

/** A single UTF-16 unit or code point, with NUL and half surrogates made common. */
const nastyUnit = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff', '\u202e', '\ufffe', '\u{10ffff}') },
  { weight: 4, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
);
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: nastyUnit, maxLength: 40 }) },
);
export const hostileNumber: fc.Arbitrary<number> = fc.constantFrom(1e308, -1e308, 2 ** 63, -(2 ** 63), 2 ** 64, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE, -0, 0, -1, 1.5, 1e-300, 2 ** 31, 123456789012);
/** Any JSON value a body field might be given instead of what it expects. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { '\u0000': 1 }, ['\ud800'], { a: { b: { c: 'x\u0000' } } }) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 4 }) },
);

const DATES = ['2024-02-29', '2026-01-15', '1990-12-31', '2100-01-01'];
const DATE_TIMES = ['2026-01-15T10:00:00Z', '2024-02-29T23:59:59+02:00', '2030-06-01T08:30:00.000Z'];

export interface SchemaContext {
  components: Record<string, JsonSchema>;
  ids: IdPool;
  /** Field names a filter may name on this path (`filters` query parameters). */
  filterFields: string[];
}

/**
 * A plausible value for the schema. With `dirty`, every nested field may in turn be hostile;
 * without, the value is as valid as the schema and the field's name let us guess.
 */
export function validish(schema: JsonSchema | undefined, name: string, sc: SchemaContext, dirty = false, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(undefined);
  const child = (s: JsonSchema | undefined, n: string) => (dirty ? fuzzed(s, n, sc, depth + 1) : validish(s, n, sc, false, depth + 1));
  if (schema.$ref) {
    const target = sc.components[String(schema.$ref).split('/').pop()!];
    return target ? validish(target, name, sc, dirty, depth + 1) : (specialFor(name, sc, dirty) ?? fc.jsonValue({ maxDepth: 2 }));
  }
  const special = specialFor(name, sc, dirty);
  if (special) return special;
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if ('const' in schema) return fc.constant(schema.const);
  const union = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (union) return fc.oneof(...union.map((s: JsonSchema) => validish(s, name, sc, dirty, depth + 1)));
  // OpenAPI 3.1 writes a nullable field as a type list and an exclusive bound as a number.
  switch (Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type) {
    case 'integer':
      if (/id$/i.test(name)) return fc.constantFrom(...sc.ids(name));
      return fc.integer({ min: typeof schema.exclusiveMinimum === 'number' ? Math.max(schema.exclusiveMinimum + 1, -1000) : Math.max(schema.minimum ?? 0, -1000) + (schema.exclusiveMinimum ? 1 : 0), max: Math.min(schema.maximum ?? 100, 100) });
    case 'number':
      return fc.double({ min: Math.max(schema.minimum ?? 0, -1e6), max: Math.min(schema.maximum ?? 1e6, 1e6), noNaN: true }).map((n) => Math.round(n * 100) / 100);
    case 'boolean':
      return fc.boolean();
    case 'string':
      return stringFor(schema, name);
    case 'array':
      return fc.array(child(schema.items, singular(name)), { maxLength: 3, minLength: schema.minItems ? 1 : 0 });
    default:
      if (schema.properties) {
        const props = Object.fromEntries(Object.entries<JsonSchema>(schema.properties).map(([k, s]) => [k, child(s, k)]));
        return fc.record(props, { requiredKeys: (schema.required ?? []).filter((k: string) => k in props) });
      }
      if (schema.additionalProperties) return fc.dictionary(fc.string({ maxLength: 12 }), child(schema.additionalProperties, name), { maxKeys: 3 });
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** Text that the field's format, or failing that its name, suggests. */
function stringFor(schema: JsonSchema, name: string): fc.Arbitrary<string> {
  if (schema.format === 'date' || /(^|[a-z])(date|from|to|Date|birthday)$/.test(name)) return fc.constantFrom(...DATES);
  if (schema.format === 'date-time' || /At$/.test(name)) return fc.constantFrom(...DATE_TIMES);
  if (schema.format === 'email' || /email$/i.test(name)) return fc.constantFrom('ann@example.com', 'bob@test.example');
  if (name === 'currency') return fc.constantFrom('EUR', 'USD');
  if (name === 'tz') return fc.constantFrom('Europe/Paris', 'UTC', 'America/New_York');
  if (name === 'key') return fc.constantFrom('score', 'region');
  if (name === 'password') return fc.constant('a long enough passphrase 42');
  const max = Math.max(schema.minLength ?? 1, Math.min(schema.maxLength ?? 20, 20));
  return fc.string({ minLength: schema.minLength ?? 1, maxLength: max }).filter((v) => v.trim().length >= (schema.minLength ?? 0));
}

/** Usually a plausible value, often a hostile one, at any depth. */
export function fuzzed(schema: JsonSchema | undefined, name: string, sc: SchemaContext, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: validish(schema, name, sc, true, depth) }, { weight: 2, arbitrary: hostileJson });
}

/** A query or path parameter: always text on the wire. */
export function paramArb(schema: JsonSchema, name: string, sc: SchemaContext, hostile: boolean): fc.Arbitrary<string> {
  const plausible = validish(schema, name, sc, hostile).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? '')));
  if (!hostile) return plausible;
  return fc.oneof({ weight: 1, arbitrary: plausible }, { weight: 2, arbitrary: name === 'cursor' ? hostileCursor : fc.oneof(hostileString, hostileNumber.map(String)) });
}

const singular = (name: string) => name.replace(/s$/, '');

/** Values that only make sense with knowledge of the field: cursors, list filters, segment trees. */
function specialFor(name: string, sc: SchemaContext, dirty: boolean): fc.Arbitrary<unknown> | null {
  if (name === 'cursor') return fc.constantFrom(b64('["2026-01-01 00:00:00+00",1]'), b64('[1]'), b64('["a",1]'));
  if (name === 'filters') return filtersArb(sc.filterFields, dirty).map((f) => JSON.stringify(f));
  if (name === 'tree') return treeArb(sc, dirty);
  return null;
}

const FILTER_OPS = ['eq', 'neq', 'contains', 'startsWith', 'gt', 'gte', 'lt', 'lte', 'isEmpty', 'isNotEmpty'];
const plainValue = fc.oneof(fc.constantFrom(...DATES, ...DATE_TIMES, 'a', 'x', 'hello'), fc.integer({ min: -5, max: 5 }), fc.boolean());
const filterValueDirty = fc.oneof(hostileString, hostileNumber, plainValue);
/** List filters; without `dirty` they name real fields with ordinary values (the op may still not fit). */
export function filtersArb(fields: string[], dirty: boolean): fc.Arbitrary<unknown[]> {
  const field = dirty ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...fields) }, { weight: 1, arbitrary: hostileString }) : fc.constantFrom(...fields);
  const filterValue = dirty ? filterValueDirty : plainValue;
  return fc.array(fc.record({ field, op: fc.constantFrom(...FILTER_OPS), value: filterValue }, { requiredKeys: ['field', 'op'] }), { minLength: 1, maxLength: 3 });
}

const FIELD_OPS = ['eq', 'neq', 'contains', 'startsWith', 'isEmpty', 'lt', 'gt', 'between', 'before', 'after', 'inLast', 'inNext', 'anniversaryInNext', 'anyOf', 'noneOf'];
/** Segment condition trees two levels deep; with `dirty`, their leaves carry hostile values. */
function treeArb(sc: SchemaContext, dirty: boolean): fc.Arbitrary<unknown> {
  const plain = fc.oneof(fc.constantFrom(...DATES, 'a', 'hello'), fc.integer({ min: -5, max: 5 }), fc.boolean());
  const scalar = dirty ? fc.oneof(hostileString, hostileNumber, plain) : plain;
  const text = (...usual: string[]) => (dirty ? fc.oneof(fc.constantFrom(...usual), hostileString) : fc.constantFrom(...usual));
  const int = (min: number, max: number) => (dirty ? fc.oneof(fc.integer({ min, max }), hostileNumber) : fc.integer({ min, max }));
  const ids = (name: string) => (dirty ? fc.oneof(fc.constantFrom(...sc.ids(name)), hostileNumber) : fc.constantFrom(...sc.ids(name)));
  const leaf = fc.oneof(
    fc.record({ type: fc.constantFrom('field', 'company'), field: text(...sc.filterFields, 'name', 'birthday', 'createdAt'), op: fc.constantFrom(...FIELD_OPS), value: scalar, values: fc.array(text('a', 'x'), { minLength: 1, maxLength: 2 }), from: scalar, to: scalar, days: int(0, 3650) }, { requiredKeys: ['type', 'field', 'op'] }),
    fc.record({ type: fc.constant('tags'), op: fc.constantFrom('hasAny', 'hasAll', 'hasNone'), tags: fc.array(text('vip', 'new'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ type: fc.constant('event'), kind: text('note_added', 'contact_created', 'deal_created'), minCount: int(1, 3), withinDays: int(1, 3650), where: fc.array(fc.record({ property: text('body', 'title', 'value'), op: fc.constantFrom('eq', 'neq', 'contains'), value: scalar }), { maxLength: 2 }) }, { requiredKeys: ['type', 'kind'] }),
    fc.record({ type: fc.constant('owner'), op: fc.constantFrom('is', 'isNot', 'isEmpty'), userId: ids('userId') }, { requiredKeys: ['type', 'op'] }),
    fc.record({ type: fc.constant('segment'), segmentId: ids('segmentId') }),
    fc.record({ type: fc.constant('list'), op: fc.constantFrom('member', 'notMember'), listId: ids('listId') }),
  );
  return fc.oneof(leaf, fc.record({ type: fc.constantFrom('and', 'or'), children: fc.array(leaf, { maxLength: 3 }) }), fc.record({ type: fc.constant('not'), child: leaf }));
}
