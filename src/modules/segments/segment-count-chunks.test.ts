import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../../../test/context.js';
import { newWorkspace } from '../../../test/factories.js';
import { closeContext } from '../../boot.js';
import type { AppContext } from '../../context.js';
import { SYSTEM_READER } from '../timeline/event-access.js';
import { countInIdRanges, CHUNKED_ABOVE } from './segment-count-chunks.js';
import { treeCountQuery } from './segment-count.js';
import { countSegmentContacts, loadCompileEnv } from './segment-contacts.js';
import type { SegmentNode } from './segment-tree.schema.js';

let ctx: AppContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => closeContext(ctx));

const vipOrBirthday: SegmentNode = { type: 'or', children: [{ type: 'tags', op: 'hasAny', tags: ['vip'] }, { type: 'field', field: 'birthday', op: 'anniversaryInNext', days: 366 }] };

async function workspaceWithContacts(spanAbove: number) {
  const ws = await newWorkspace(ctx);
  const add = (tags: string[], birthday: string | null, id?: number) =>
    sql`insert into contacts (${sql.raw(id ? 'id, ' : '')}workspace_id, first_name, tags, birthday) ${sql.raw(id ? 'overriding system value ' : '')}
        values (${sql.raw(id ? `${id}, ` : '')}${ws.id}, 'x', ${sql.val(tags)}::text[], ${birthday}::date)`.execute(ctx.db);
  for (const [tags, birthday] of [[['vip'], null], [[], '1980-05-06'], [[], null], [['news'], null]] as const) await add([...tags], birthday);
  // A contact far above the others (an identity value no test will reach), so the ids span more than the threshold.
  const { rows: [{ hi }] } = await sql<{ hi: number }>`select max(id) as hi from contacts`.execute(ctx.db);
  await add(['vip'], null, Number(hi) + spanAbove + 10_000_000);
  return ws;
}

describe('segment counts in contact-id ranges', () => {
  it('counts what the one-statement count counts, over a wide span of ids', async () => {
    const ws = await workspaceWithContacts(CHUNKED_ABOVE);
    const env = await loadCompileEnv(ctx.db, ws.id, SYSTEM_READER);
    const { rows } = await treeCountQuery(ctx.db, env, vipOrBirthday).execute(ctx.db);
    expect(Number(rows[0].n)).toBe(3);
    expect(await countInIdRanges(ctx.db, env, vipOrBirthday, [])).toBe(3);
    expect((await countSegmentContacts({ ctx, actor: ws.owner.actor, tree: vipOrBirthday })).count).toBe(3);
  });

  it('leaves small workspaces and event-only trees to the one statement', async () => {
    const ws = await newWorkspace(ctx);
    const env = await loadCompileEnv(ctx.db, ws.id, SYSTEM_READER);
    expect(await countInIdRanges(ctx.db, env, vipOrBirthday, [])).toBeNull();
    const wide = await workspaceWithContacts(CHUNKED_ABOVE);
    const wideEnv = await loadCompileEnv(ctx.db, wide.id, SYSTEM_READER);
    expect(await countInIdRanges(ctx.db, wideEnv, { type: 'event', kind: 'email_opened', withinDays: 30 }, [])).toBeNull();
  });
});
