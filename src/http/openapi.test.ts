import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/context.js';

let t: Awaited<ReturnType<typeof createTestApp>>;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

describe('OpenAPI document', () => {
  it('is served as JSON and as a UI, and documents every public interface', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/healthz', '/api/v1/contacts', '/api/v1/contacts/{id}', '/api/v1/contacts/{id}/timeline', '/api/v1/companies', '/api/v1/companies/{id}',
      '/api/v1/custom-fields', '/api/v1/imports', '/api/v1/imports/{id}', '/api/v1/exports/contacts.csv', '/api/v1/users', '/api/v1/audit-log',
      '/api/v1/pipelines', '/api/v1/deals', '/api/v1/deals/{id}/move', '/api/v1/activities', '/api/v1/tasks/my-day', '/api/v1/notifications',
      '/api/v1/reports/forecast', '/api/v1/reports/funnel', '/api/v1/reports/sales-performance', '/api/v1/reports/workload', '/api/v1/reports/profitability',
    ]) expect(paths, p).toContain(p);
    // Request schemas come from zod: the contact body names its fields and formats.
    const body = doc.paths['/api/v1/contacts'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['firstName', 'email', 'birthday', 'custom', 'tags']));
    // Every $ref points at a schema the document defines (the recursive segment tree did not).
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs).toContain('SegmentNodeInput');
    expect(refs.filter((r) => !doc.components?.schemas?.[r])).toEqual([]);
    const ui = await t.app.inject({ url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });
});
