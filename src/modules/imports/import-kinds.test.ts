import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { caller, makePipeline } from '../deals/deals.fixtures.js';
import { upload, waitForImport } from './testing.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let call: ReturnType<typeof caller>;
beforeAll(async () => {
  t = await createTestApp({ workers: true });
  ws = await newWorkspace(t.ctx);
  call = caller(t.app, ws.owner.headers);
});
afterAll(async () => t.close());

const importFile = async (kind: string, csv: string, fields: Record<string, unknown>, headers = ws.owner.headers) => {
  const form = Object.fromEntries(Object.entries({ kind, ...fields }).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  const up = await upload(t.app, headers, csv, form);
  return { up, done: up.statusCode === 201 ? await waitForImport(t.app, headers, up.json().id) : null };
};
const companies = async () => (await call('GET', '/api/v1/companies?limit=100')).body.data.map((c: { name: string; domain: string | null; industry: string | null }) => [c.name, c.domain, c.industry]).sort();

describe('companies import', () => {
  it('suggests company fields, upserts by domain then by name, and settles repeated domains first', async () => {
    await call('POST', '/api/v1/companies', { name: 'Acme Old Name', domain: 'acme.test' });
    await call('POST', '/api/v1/companies', { name: 'Globex' });
    const csv = 'Company name,Website,Industry\nAcme,https://acme.test/about,Rockets\nglobex,,Energy\nInitech,initech.test,Software\nInitech Two,INITECH.test,Printers\n';
    const suggested = (await upload(t.app, ws.owner.headers, csv, { kind: 'companies' })).json();
    expect(suggested).toMatchObject({ kind: 'companies', suggestedMapping: { 'Company name': 'name', Website: 'domain', Industry: 'industry' } });

    const mapping = { 'Company name': 'name', Website: 'domain', Industry: 'industry' };
    const check = await call('POST', `/api/v1/imports/${suggested.id}/check`, { mapping });
    expect(check.body.repeats).toMatchObject({ field: 'domain', count: 1, shown: [{ value: 'initech.test', rows: [4, 5] }] });
    const started = await call('POST', `/api/v1/imports/${suggested.id}/start`, { mapping, onRepeat: 'first' });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const done = await waitForImport(t.app, ws.owner.headers, suggested.id);
    expect(done).toMatchObject({ status: 'completed', created: 1, updated: 2, skipped: 1, failed: 0 });
    expect(await companies()).toEqual([['Acme', 'acme.test', 'Rockets'], ['Globex', null, 'Energy'], ['Initech', 'initech.test', 'Software']]);
    // A timeline entry names the import and the row.
    const acme = (await call('GET', '/api/v1/companies?limit=100')).body.data.find((c: { name: string }) => c.name === 'Acme');
    const timeline = (await call('GET', `/api/v1/companies/${acme.id}/timeline`)).body.data;
    expect(timeline[0]).toMatchObject({ kind: 'imported', data: { importId: suggested.id, action: 'updated', row: 2 } });
  });

  it('refuses existing companies in create mode and a file without a name column', async () => {
    const { done } = await importFile('companies', 'Name,Domain\nAcme,\nNewco,newco.test\n', { mapping: { Name: 'name', Domain: 'domain' }, mode: 'create' });
    expect(done).toMatchObject({ created: 1, failed: 1, errors: [{ row: 2, field: 'name', message: 'a company with this domain or name already exists (mode create)' }] });
    const { up } = await importFile('companies', 'Industry\nX\n', { mapping: { Industry: 'industry' } });
    expect(up.statusCode).toBe(400);
    expect(up.json().error.details.fields[0]).toEqual({ path: 'mapping', message: 'map a column to "name" or "domain": companies are matched by domain, else by name' });
  });
});

describe('deals import', () => {
  it('creates deals in the named pipeline and stage, with amount, currency, close date, company and contact', async () => {
    const pipeline = await makePipeline(t.app, ws.owner.headers, 'Enterprise');
    const dora = (await call('POST', '/api/v1/contacts', { firstName: 'Dora', email: 'dora@deals.test' })).body;
    const csv = [
      'Deal name,Pipeline,Stage,Amount,Currency,Close date,Company,Contact email',
      `Big one,enterprise,s2 50%,"1.234,50",usd,25/12/2026,acme.test,DORA@deals.test`,
      'Small one,,,900,,01/02/2027,Globex,',
      'Lost stage,Enterprise,Negotiation,10,,,,',
      'Nobody,Enterprise,,5,,,,ghost@deals.test',
    ].join('\n');
    const { up, done } = await importFile('deals', csv, {
      mapping: { 'Deal name': 'title', Pipeline: 'pipeline', Stage: 'stage', Amount: 'amount', Currency: 'currency', 'Close date': 'closeDate', Company: 'company', 'Contact email': 'contact' },
    });
    expect(up.statusCode, up.body).toBe(201);
    expect(done).toMatchObject({ status: 'completed', kind: 'deals', mode: 'create', created: 2, failed: 2, dateFormat: 'DMY' });
    expect(done.errors.map((e: { row: number; field: string; message: string }) => [e.row, e.field, e.message])).toEqual([
      [4, 'stage', `is not a stage of Enterprise (stages: ${pipeline.stages.map((s) => s.name).join(', ')}) (column "Stage": "Negotiation")`],
      [5, 'contact', 'is not the email of a contact of this workspace (column "Contact email": "ghost@deals.test")'],
    ]);
    const deals = (await call('GET', '/api/v1/deals?limit=100')).body.data;
    const big = deals.find((d: { title: string }) => d.title === 'Big one');
    expect(big).toMatchObject({ pipelineId: pipeline.id, stageId: pipeline.stages[1].id, value: 1234.5, currency: 'USD', expectedCloseDate: '2026-12-25', company: { name: 'Acme' } });
    expect(big.contactIds).toEqual([dora.id]);
    const small = deals.find((d: { title: string }) => d.title === 'Small one');
    // No pipeline or stage named: the workspace's first pipeline and its first stage, as POST /deals does.
    expect(small).toMatchObject({ value: 900, expectedCloseDate: '2027-02-01', company: { name: 'Globex' } });
    // The contact's timeline shows the new deal, as for a deal made in the app.
    const timeline = (await call('GET', `/api/v1/contacts/${dora.id}/timeline`)).body.data;
    expect(timeline.find((e: { kind: string }) => e.kind === 'deal_created')).toMatchObject({ data: { dealId: big.id, title: 'Big one', importId: up.json().id, row: 2 } });
  });

  it('imports deals only as new records, and only for roles that may write deals', async () => {
    const { up } = await importFile('deals', 'Title\nX\n', { mapping: { Title: 'title' }, mode: 'upsert' });
    expect(up.statusCode).toBe(400);
    expect(up.json().error.details.fields[0]).toEqual({ path: 'mode', message: 'deals can only be imported with mode create' });
    const marketing = await ws.as('marketing');
    expect((await upload(t.app, marketing.headers, 'Title\nX\n', { kind: 'deals' })).statusCode).toBe(403);
  });
});
