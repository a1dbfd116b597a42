import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from './context.js';
import { multipart } from '../src/modules/imports/testing.js';
import { newWorkspace } from './factories.js';
import { fuzzed, hostileString, paramArb, validish, type JsonSchema, type SchemaContext } from './openapi-arbitraries.js';

/**
 * Throws random and hostile values — NUL, lone surrogates, huge numbers, long and odd Unicode,
 * impossible dates, forged cursors and filters — at every documented path parameter, query
 * parameter and JSON body field, as the owner of a workspace holding one record of each kind,
 * and asserts that nothing answers 5xx. Seeded, with a fixed number of runs per parameter or field,
 * so a failure replays and the file stays well under a minute; FUZZ_RUNS and FUZZ_SEED explore
 * further (FUZZ_RUNS=40 FUZZ_SEED=7 npx vitest run test/openapi-fuzz.test.ts).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 6);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
/** Ending the session would turn every later request into a 401 that tests nothing. */
const SKIP = new Set(['POST /api/v1/auth/logout']);
const OWN_WORKSPACE = (o: { method: string; path: string }) => o.method === 'DELETE' || /\/users\/\{id\}$|\/merge$/.test(o.path);

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

type Ids = Record<string, number>;

/** A workspace with one record of each kind, made through the API, and the owner's headers. */
async function seedWorkspace() {
  const ws = await newWorkspace(t.ctx, 'Fuzz');
  // Same-origin, as the web app sends it: state-changing cookie requests are checked for it.
  const headers = { ...ws.owner.headers, origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' };
  const post = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: 'POST', url, headers, payload });
    if (res.statusCode >= 300) throw new Error(`seeding ${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  for (const [entity, key, type, options] of [
    ['contact', 'tx', 'text'], ['contact', 'num', 'number'], ['contact', 'day', 'date'], ['contact', 'flag', 'boolean'],
    ['contact', 'sel', 'select', ['a', 'b']], ['contact', 'multi', 'multiselect', ['x', 'y']], ['company', 'size', 'number'], ['deal', 'due', 'date'],
  ] as const) await post('/api/v1/custom-fields', { entity, key, label: key, type, options });
  const ids: Ids = { user: ws.owner.actor.userId! };
  ids.company = (await post('/api/v1/companies', { name: 'Acme', tags: ['vip'], custom: { size: 5 } })).id;
  ids.contact = (await post('/api/v1/contacts', { firstName: 'Ann', email: 'ann@acme.test', birthday: '1990-02-28', companyId: ids.company, tags: ['vip'], custom: { tx: 'hello', num: 3, day: '2024-02-29', sel: 'a', multi: ['x'] } })).id;
  ids.contact2 = (await post('/api/v1/contacts', { firstName: 'Ann', lastName: 'Dup', email: 'ann2@acme.test' })).id;
  const pipeline = await post('/api/v1/pipelines', { name: 'Sales', stages: [{ name: 'Lead', probability: 10 }, { name: 'Won', probability: 100 }] });
  ids.pipeline = pipeline.id;
  ids.stage = pipeline.stages[0].id;
  ids.deal = (await post('/api/v1/deals', { title: 'Big deal', value: 1000, currency: 'EUR', pipelineId: ids.pipeline, contactIds: [ids.contact], companyId: ids.company, custom: { due: '2026-03-01' } })).id;
  ids.cost = (await post(`/api/v1/deals/${ids.deal}/costs`, { label: 'Travel', amount: 10, date: '2026-01-01' })).id;
  ids.note = (await post(`/api/v1/contacts/${ids.contact}/notes`, { body: 'A note' })).id;
  ids.activity = (await post('/api/v1/activities', { type: 'task', subject: 'Call back', contactId: ids.contact, dealId: ids.deal, dueAt: '2026-01-02T10:00:00Z' })).id;
  ids.list = (await post('/api/v1/lists', { name: 'Newsletter' })).id;
  await post(`/api/v1/lists/${ids.list}/members`, { contactIds: [ids.contact], consent: { source: 'admin', lawfulBasis: 'consent', proof: 'Signed up at the fuzz fair' } });
  ids.segment = (await post('/api/v1/segments', { name: 'VIPs', tree: { type: 'tags', op: 'hasAny', tags: ['vip'] } })).id;
  ids.lostReason = (await post('/api/v1/lost-reasons', { label: 'Price' })).id;
  ids.apiKey = (await post('/api/v1/api-keys', { name: 'fuzz', role: 'admin' })).id;
  ids.customField = (await t.app.inject({ url: "/api/v1/custom-fields", headers })).json().data?.[0]?.id ?? 1;
  const upload = multipart([{ name: 'file', filename: 'people.csv', content: 'Email,First name,Score\r\nann@acme.test,Ann,3\r\n' }]);
  ids.import = (await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...headers, ...upload.headers }, payload: upload.payload })).json().id;
  return { headers, ids };
}

/** Which seeded record a parameter or field names, from its name and the path it is on. */
function idPool(ids: Ids, path: string) {
  const resource: Record<string, string> = {
    contacts: 'contact', companies: 'company', notes: 'note', segments: 'segment', lists: 'list', pipelines: 'pipeline', 'lost-reasons': 'lostReason',
    deals: 'deal', activities: 'activity', users: 'user', 'api-keys': 'apiKey', 'custom-fields': 'customField', imports: 'import', notifications: 'notification',
  };
  const byName: Record<string, string> = {
    ownerId: 'user', assigneeId: 'user', userId: 'user', companyId: 'company', contactId: 'contact', duplicateId: 'contact2',
    dealId: 'deal', pipelineId: 'pipeline', stageId: 'stage', listId: 'list', segmentId: 'segment', lostReasonId: 'lostReason', costId: 'cost', entityId: 'contact',
  };
  const owner = /\/api\/v1\/([a-z-]+)\/\{id\}/.exec(path)?.[1];
  return (name: string) => {
    const key = name === 'id' ? resource[owner ?? ''] : byName[name];
    return key && ids[key] ? [ids[key]] : [1];
  };
}

const FILTER_FIELDS: Record<string, string[]> = {
  contacts: ['firstName', 'email', 'birthday', 'createdAt', 'updatedAt', 'custom.tx', 'custom.num', 'custom.day', 'custom.flag', 'custom.sel', 'custom.multi'],
  companies: ['name', 'domain', 'industry', 'createdAt', 'custom.size'],
  deals: ['title', 'currency', 'expectedCloseDate', 'createdAt', 'closedAt', 'custom.due'],
};
const filterFieldsOf = (path: string) => (path.includes('/deals') ? FILTER_FIELDS.deals : path.startsWith('/api/v1/companies') && !path.endsWith('/contacts') ? FILTER_FIELDS.companies : FILTER_FIELDS.contacts);

interface Operation {
  method: string;
  path: string;
  op: JsonSchema;
}

function operationsOf(doc: JsonSchema): Operation[] {
  return Object.entries<JsonSchema>(doc.paths).flatMap(([path, ops]) =>
    Object.entries<JsonSchema>(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })).filter((o) => !SKIP.has(`${o.method} ${o.path}`)),
  );
}

/** Where a request's hostile values go: a parameter, a top-level body field, the whole body, or nowhere. */
function targetsOf(o: Operation): string[] {
  const body = bodySchemaOf(o);
  return [...(o.op.parameters ?? []).map((p: JsonSchema) => `${p.in}:${p.name}`), ...Object.keys(body?.properties ?? {}).map((k) => `body:${k}`), ...(body ? ['body'] : []), 'none'];
}
const bodySchemaOf = (o: Operation): JsonSchema | undefined => o.op.requestBody?.content?.['application/json']?.schema;

/**
 * A request whose target gets hostile values at any depth while everything else stays plausible,
 * so the hostile value gets past the other fields' checks and reaches the code behind them.
 */
function requestArb(o: Operation, sc: SchemaContext, target: string) {
  const params: JsonSchema[] = o.op.parameters ?? [];
  const bodySchema = bodySchemaOf(o);
  const bodyProps = Object.keys(bodySchema?.properties ?? {});
  const paramsIn = (where: string) => Object.fromEntries(params.filter((p) => p.in === where).map((p) => [p.name, paramArb(p.schema, p.name, sc, target === `${where}:${p.name}`)]));
  let body: fc.Arbitrary<unknown> = fc.constant(undefined);
  if (bodySchema && target === 'body') body = fuzzed(bodySchema, 'body', sc);
  else if (bodySchema && !bodyProps.length) body = validish(bodySchema, 'body', sc);
  else if (bodySchema) {
    const props = Object.fromEntries(bodyProps.map((k) => [k, target === `body:${k}` ? fuzzed(bodySchema.properties[k], k, sc) : validish(bodySchema.properties[k], k, sc)]));
    body = fc.record(props, { requiredKeys: (bodySchema.required ?? []).filter((k: string) => k in props || `body:${k}` === target) });
  }
  return fc.record({ path: fc.record(paramsIn('path')), query: fc.record(paramsIn('query'), { requiredKeys: [] }), body });
}

/** A stable seed per operation and target, so each gets its own sequence yet failures replay. */
const seedOf = (key: string) => [...key].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, SEED);

/**
 * Percent-encodes like encodeURIComponent, but sends a lone surrogate as the bytes a careless
 * client would (its generalised UTF-8 form) instead of throwing.
 */
const LONE_SURROGATE = /([\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/;
const encode = (s: string) =>
  s
    .split(LONE_SURROGATE)
    .map((part, i) => {
      if (i % 2 === 0) return encodeURIComponent(part);
      const u = part.charCodeAt(0);
      return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 63), 0x80 | (u & 63)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    })
    .join('');

function urlOf(path: string, pathValues: Record<string, string>, query: Record<string, string>): string {
  const url = path.replace(/\{(\w+)\}/g, (_, name) => encode(pathValues[name] ?? '1'));
  const qs = Object.entries(query).map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
  return qs ? `${url}?${qs}` : url;
}

describe('fuzzing every documented operation', () => {
  it('answers no 5xx to random and hostile parameters and bodies', async () => {
    const doc = t.app.swagger() as JsonSchema;
    const components = doc.components?.schemas ?? {};
    const failures: string[] = [];
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(80);
    // Operations share one workspace, except those that remove records or could lock the owner
    // out: they get their own, so the next operation's requests still point at live records.
    const shared = await seedWorkspace();
    for (const o of operations) {
      const { headers, ids } = OWN_WORKSPACE(o) ? await seedWorkspace() : shared;
      const sc: SchemaContext = { components, ids: idPool(ids, o.path), filterFields: filterFieldsOf(o.path) };
      for (const target of targetsOf(o)) {
        const result = await fc.check(
          fc.asyncProperty(requestArb(o, sc, target), async (r) => {
            const url = urlOf(o.path, r.path as Record<string, string>, r.query as Record<string, string>);
            const res = await t.app.inject({ method: o.method as 'GET', url, headers, ...(r.body === undefined ? {} : { payload: r.body as object }) });
            if (res.statusCode >= 500) throw new Error(`${o.method} ${url} ${JSON.stringify(r.body)?.slice(0, 600)} → ${res.statusCode} ${res.body.slice(0, 300)}`);
          }),
          { seed: seedOf(`${o.method} ${o.path} ${target}`), numRuns: target === 'none' ? 2 : RUNS, endOnFailure: true },
        );
        if (result.failed) {
          failures.push(`[${target}] ${String((result.errorInstance as Error)?.message ?? result.counterexample).slice(0, 1200)}`);
          if (process.env.FUZZ_RUNS) console.error(failures.at(-1)); // long exploratory runs: see them as they come
        }
      }
    }
    expect(failures).toEqual([]);
  }, process.env.FUZZ_RUNS ? 3_600_000 : 240_000);

  it('refuses unstorable text in a CSV upload and its form fields with a 4xx, never a 5xx', async () => {
    const { headers } = await seedWorkspace();
    await fc.assert(
      fc.asyncProperty(hostileString, hostileString, hostileString, async (header, cell, field) => {
        const upload = multipart([
          { name: 'mode', value: field },
          { name: 'mapping', value: JSON.stringify({ [header]: 'email', Email: field }) },
          { name: 'file', filename: `${field.replace(/["\r\n]/g, '')}.csv`, content: `Email,${header.replace(/[\r\n]/g, '')}\r\na@b.test,${cell}\r\n` },
        ]);
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...headers, ...upload.headers }, payload: upload.payload });
        expect(res.statusCode, res.body).toBeLessThan(500);
      }),
      { seed: SEED, numRuns: 40 },
    );
  });
});
