import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/context.js';
import { newWorkspace, type TestWorkspace } from '../../../test/factories.js';
import { ROLE_PERMISSIONS, ROLES } from '../auth/permissions.js';
import { EVENT_KINDS, REGISTERED_KINDS } from './event-kinds.js';
import { insertTimelineEvents } from './timeline.repo.js';

/**
 * The registry against the permission matrix: for every role and every declared kind, a segment
 * condition on the kind is refused (403 naming it) exactly when the role may not read it, and
 * the timeline shows the kind exactly when it may. A kind added to the registry is covered here
 * without touching this file; a kind written without being declared fails event-writers.test.ts.
 */
let t: Awaited<ReturnType<typeof createTestApp>>;
let ws: TestWorkspace;
let contactId: number;
beforeAll(async () => {
  t = await createTestApp();
  ws = await newWorkspace(t.ctx);
  contactId = (await t.app.inject({ method: 'POST', url: '/api/v1/contacts', headers: ws.owner.headers, payload: { firstName: 'Matrix' } })).json().id;
  // One event of every declared kind on the contact, with every declared property set; those
  // naming a deal name one nobody owns, which a sales user limited to their own deals never sees.
  await insertTimelineEvents(t.ctx.db, REGISTERED_KINDS.map((kind) => ({
    workspaceId: ws.id, contactId, kind,
    data: Object.fromEntries(Object.entries(EVENT_KINDS[kind].properties).map(([name, p]) => [name, name === 'dealId' ? 987_654_321 : p.type === 'number' ? 1 : p.type === 'boolean' ? true : 'x'])),
  })));
});
afterAll(async () => t.close());

/** Sales users see only their own deals unless the workspace says otherwise (it does not here). */
const ownDealsOnly = (role: string) => role === 'sales';
const visible = (role: (typeof ROLES)[number], kind: (typeof REGISTERED_KINDS)[number]) =>
  ROLE_PERMISSIONS[role].has(EVENT_KINDS[kind].permission) && !(ownDealsOnly(role) && 'dealScoped' in EVENT_KINDS[kind]);
const preview = async (headers: Record<string, string>, tree: object) => t.app.inject({ method: 'POST', url: '/api/v1/segments/preview', headers, payload: { tree } });

describe('event kinds × roles', () => {
  it.each(ROLES)('%s: a condition on a kind is a 403 naming it exactly when the role may not read the kind', async (role) => {
    const { headers } = role === 'owner' ? ws.owner : await ws.as(role);
    const mismatches: string[] = [];
    for (const kind of REGISTERED_KINDS) {
      const may = ROLE_PERMISSIONS[role].has(EVENT_KINDS[kind].permission);
      const res = await preview(headers, { type: 'and', children: [{ type: 'tags', op: 'hasNone', tags: ['x'] }, { type: 'event', kind }] });
      if (may && res.statusCode !== 200) mismatches.push(`${kind}: ${res.statusCode} ${res.body}`);
      if (!may) {
        const { error } = res.json();
        if (res.statusCode !== 403 || error.details?.kind !== kind || !error.message.includes(`"${kind}"`)) mismatches.push(`${kind}: ${res.statusCode} ${res.body}`);
        else expect(error.details.fields[0].path).toBe('tree.children[1].kind');
      }
      if (may && res.statusCode === 200) expect(res.json().count, kind).toBe(visible(role, kind) ? 1 : 0);
    }
    expect(mismatches).toEqual([]);
  });

  it.each(ROLES)('%s: the timeline shows a kind exactly when a segment may test it, and no property it may not read', async (role) => {
    const { headers } = role === 'owner' ? ws.owner : await ws.as(role);
    const res = await t.app.inject({ url: `/api/v1/contacts/${contactId}/timeline?limit=100`, headers });
    expect(res.statusCode).toBe(200);
    const seen = new Set(res.json().data.map((e: { kind: string }) => e.kind));
    expect([...seen].sort()).toEqual(REGISTERED_KINDS.filter((k) => visible(role, k)).sort());
  });

  it.each(ROLES)('%s: a property that needs more than its kind (an activity’s deal id) is refused, and hidden on the timeline', async (role) => {
    const { headers } = role === 'owner' ? ws.owner : await ws.as(role);
    const perms = ROLE_PERMISSIONS[role];
    const res = await preview(headers, { type: 'event', kind: 'activity_created', where: [{ property: 'dealId', op: 'eq', value: 1 }] });
    if (!perms.has('activities:read')) return expect(res.statusCode).toBe(403);
    expect(res.statusCode).toBe(perms.has('deals:read') ? 200 : 403);
    if (res.statusCode === 403) expect(res.json().error.details).toMatchObject({ kind: 'activity_created', property: 'dealId', permission: 'deals:read' });
    const timeline = (await t.app.inject({ url: `/api/v1/contacts/${contactId}/timeline?limit=100`, headers })).json().data;
    const activity = timeline.find((e: { kind: string }) => e.kind === 'activity_created');
    if (activity) expect('dealId' in activity.data, role).toBe(perms.has('deals:read'));
    if (role === 'support') expect(activity.data).toMatchObject({ subject: 'x' });
  });

  it.each(ROLES)('%s: the builder is offered exactly the kinds and properties the role may use', async (role) => {
    const { headers } = role === 'owner' ? ws.owner : await ws.as(role);
    const offered = (await t.app.inject({ url: '/api/v1/segments/event-kinds', headers })).json().data as { kind: string; properties: { name: string }[] }[];
    expect(offered.map((k) => k.kind).sort()).toEqual(REGISTERED_KINDS.filter((k) => ROLE_PERMISSIONS[role].has(EVENT_KINDS[k].permission)).sort());
    const activity = offered.find((k) => k.kind === 'activity_created');
    if (activity) expect(activity.properties.some((p) => p.name === 'dealId')).toBe(ROLE_PERMISSIONS[role].has('deals:read'));
  });
});
