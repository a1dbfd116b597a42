import spectralCore from '@stoplight/spectral-core';
import spectralParsers from '@stoplight/spectral-parsers';
import spectralRulesets from '@stoplight/spectral-rulesets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { operationsOf, routeProblems } from './document.js';

const { Spectral, Document } = spectralCore;

let t: Awaited<ReturnType<typeof createTestApp>>;
let doc: Parameters<typeof routeProblems>[0];
beforeAll(async () => {
  t = await createTestApp();
  doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
});
afterAll(async () => t.close());

describe('OpenAPI document quality', () => {
  // Routes are added by many hands: the failure names each route and what it lacks.
  it('gives every operation a unique operationId and a declared tag', () => {
    expect(routeProblems(doc), 'fix these routes (see DEVELOPERS.md, "API routes")').toEqual([]);
    expect(operationsOf(doc).length).toBeGreaterThan(100);
  });

  it('has no errors and no warnings under Spectral’s spectral:oas ruleset', async () => {
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[spectralRulesets.oas as never, 'recommended']] });
    const results = await spectral.run(new Document(JSON.stringify(doc), spectralParsers.Json));
    const findings = results.map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`);
    expect(findings).toEqual([]);
  });

  it('names operations the way clients call them', () => {
    const ids = Object.fromEntries(operationsOf(doc).map(({ method, path, op }) => [`${method} ${path}`, op.operationId]));
    expect(ids['GET /api/v1/contacts']).toBe('listContacts');
    expect(ids['POST /api/v1/deals/{id}/move']).toBe('moveDeal');
  });
});
