// Compiled by typed-client.test.ts against the types it generates (tsconfig.json leaves this folder out).
import type { paths } from './openapi.js';
import { createClient } from '../typed-client.js';

/** A contact's life through the generated types: create, find, change, read back. */
export async function contactJourney(baseUrl: string, apiKey: string) {
  const api = createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${apiKey}` } });
  const created = await api.call('post', '/api/v1/contacts', { body: { firstName: 'Typed', lastName: 'Client', email: 'typed@client.example', tags: ['sdk'] } });
  const id = Number(created.data.id);
  const found = await api.call('get', '/api/v1/contacts', { query: { q: 'typed', limit: 10 } });
  const changed = await api.call('patch', '/api/v1/contacts/{id}', { path: { id }, body: { jobTitle: 'Integrator' } });
  const read = await api.call('get', '/api/v1/contacts/{id}', { path: { id } });
  return { created, found, changed, read };
}

/** Never run: tsc must refuse each call, or the unused @ts-expect-error fails the compile. */
export function misuses(api: ReturnType<typeof createClient<paths>>) {
  // @ts-expect-error a path the API does not have
  void api.call('get', '/api/v1/contactz', {});
  // @ts-expect-error firstName is text
  void api.call('post', '/api/v1/contacts', { body: { firstName: 42 } });
  // @ts-expect-error moveDeal needs a stageId
  void api.call('post', '/api/v1/deals/{id}/move', { path: { id: 1 }, body: {} });
}
