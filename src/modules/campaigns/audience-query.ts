import { createHash } from 'node:crypto';
import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Executor } from '../../db/executor.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../lib/app-error.js';
import type { Actor } from '../auth/permissions.js';
import { segmentContactIds } from '../segments/segment-contacts.js';

/** Who a campaign is for: lists (∪), narrowed by every include segment (∩), minus exclude segments. */
export interface AudienceSpec {
  listIds: number[];
  includeSegmentIds: number[];
  excludeSegmentIds: number[];
}

export type AudienceQuery = SelectQueryBuilder<DB & { c: DB['contacts'] }, 'c', { contact_id: number; email: string; domain: string; list_id: number }>;

export const MAX_AUDIENCE_PARTS = 20;

/**
 * THE audience of a campaign as one SQL query selecting (contact_id, email, domain, list_id): the count
 * shown before sending and send's freezing INSERT … SELECT both use it, so the number promised
 * is the number frozen. It applies the send guard's rules (send-guard.ts) in SQL:
 *  - subscribed to at least one of the lists, with consent granted for that list, no channel-wide withdrawal;
 *  - a sendable address (the same pattern as isSendableEmail, in PostgreSQL's regex dialect);
 *  - not suppressed: the suppression key HMAC(secret, normalised address) is computed in SQL from
 *    sha256() with the key's inner and outer pads passed in (RFC 2104), so even a re-added erased
 *    address, kept only as its hash, is caught without a round trip per recipient;
(An address is one contact per workspace: contacts_email_key.)
 * Plan: contacts by workspace; per contact, list_members_seg_idx / contact_consents_key probes and
 * one suppressions_hash_key probe; segments arrive as semi-joins from segmentContactIds.
 */
export async function audienceQuery(o: { ctx: AppContext; actor: Actor; audience: AudienceSpec; db?: Executor; now?: Date }): Promise<AudienceQuery> {
  const { ctx, actor, audience } = o;
  const db = o.db ?? ctx.db;
  const ws = actor.workspaceId;
  await checkLists(db, ws, audience.listIds);
  const listIds = JSON.stringify(audience.listIds);
  const { inner, outer } = hmacPads(ctx.secret);
  // The lowest list the contact qualifies on: its one-click unsubscribe is for that list.
  const memberList = sql<number>`(select min(m.list_id) from list_members m join contact_consents cc on cc.workspace_id = m.workspace_id
      and cc.contact_id = m.contact_id and cc.channel = 'email' and coalesce(cc.list_id, 0) = m.list_id and cc.status = 'granted'
      where m.workspace_id = ${ws} and m.contact_id = c.id and m.status = 'subscribed'
      and m.list_id in (select (jsonb_array_elements_text(${listIds}::jsonb))::bigint))`;
  let q = db.selectFrom('contacts as c')
    .select(['c.id as contact_id', sql<string>`c.email`.as('email'), sql<string>`lower(split_part(c.email, '@', 2))`.as('domain'), memberList.as('list_id')])
    .where('c.workspace_id', '=', ws)
    .where('c.email', 'is not', null)
    .where(sql<SqlBool>`length(c.email) <= 254 and c.email ~ ${SENDABLE_SQL}`)
    .where(sql<SqlBool>`${memberList} is not null`)
    .where(sql<SqlBool>`not exists (select 1 from contact_consents w where w.workspace_id = ${ws} and w.contact_id = c.id
      and w.channel = 'email' and coalesce(w.list_id, 0) = 0 and w.status = 'withdrawn')`)
    .where(sql<SqlBool>`not exists (select 1 from suppressions s where s.workspace_id = ${ws} and s.email_hash = (
      select encode(sha256(decode(${outer}, 'hex') || sha256(decode(${inner}, 'hex') || convert_to('suppression:' ||
        case when n.d = 'gmail.com' then replace(n.l, '.', '') else n.l end || '@' || n.d, 'UTF8'))), 'hex')
      from (select case when strpos(p.l, '+') > 1 then left(p.l, strpos(p.l, '+') - 1) else p.l end as l,
                   case when p.d = 'googlemail.com' then 'gmail.com' else p.d end as d
            from (select lower(split_part(c.email, '@', 1)) as l, lower(split_part(c.email, '@', 2)) as d) p) n))`);
  for (const segmentId of audience.includeSegmentIds) {
    q = q.where('c.id', 'in', await segmentContactIds({ ctx, actor, segmentId, db, now: o.now }));
  }
  for (const segmentId of audience.excludeSegmentIds) {
    q = q.where('c.id', 'not in', await segmentContactIds({ ctx, actor, segmentId, db, now: o.now }));
  }
  return q as unknown as AudienceQuery;
}

/** The exact number of recipients the campaign would be frozen with now. */
export async function countAudience(o: Parameters<typeof audienceQuery>[0]): Promise<number> {
  const q = await audienceQuery(o);
  const db = o.db ?? o.ctx.db;
  const row = await db.selectFrom(q.as('a')).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function checkLists(db: Executor, workspaceId: number, listIds: number[]) {
  if (listIds.length === 0) throw AppError.invalid({ path: 'list_ids', message: 'choose at least one list' });
  const found = await db.selectFrom('lists').select('id').where('workspace_id', '=', workspaceId).where('id', 'in', listIds).execute();
  if (found.length !== new Set(listIds).size) throw AppError.invalid({ path: 'list_ids', message: 'a list does not exist' });
}

// isSendableEmail's pattern (email-hash.ts) in PostgreSQL's ARE dialect: `]` first in the class.
const SENDABLE_SQL = '^[^]\\s@<>()[\\\\,;:"]{1,64}@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$';

/** HMAC-SHA256's key pads (RFC 2104): the key hashed when longer than a block, zero-padded, xored. */
export function hmacPads(secret: string): { inner: string; outer: string } {
  let key = Buffer.from(secret, 'utf8');
  if (key.length > 64) key = createHash('sha256').update(key).digest();
  const block = Buffer.alloc(64);
  key.copy(block);
  const inner = Buffer.from(block.map((b) => b ^ 0x36));
  const outer = Buffer.from(block.map((b) => b ^ 0x5c));
  return { inner: inner.toString('hex'), outer: outer.toString('hex') };
}
