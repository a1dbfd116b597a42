import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import type { DealScope } from '../deals/deals.repo.js';

/** Bounds each exported section: a person's own records, never a workspace dump. */
const SECTION_LIMIT = 10_000;

export function timelineOf(db: Executor, workspaceId: number, contactId: number) {
  return db.selectFrom('timeline_events').select(['id', 'kind', 'occurred_at', 'data']).where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).orderBy('id').limit(SECTION_LIMIT).execute();
}

export function notesOf(db: Executor, workspaceId: number, contactId: number) {
  return db.selectFrom('notes').select(['id', 'body', 'created_at', 'updated_at']).where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).orderBy('id').limit(SECTION_LIMIT).execute();
}

export function activitiesOf(db: Executor, workspaceId: number, contactId: number) {
  return db.selectFrom('activities').selectAll().where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId).orderBy('id').limit(SECTION_LIMIT).execute();
}

export function dealsOf(db: Executor, workspaceId: number, contactId: number, scope: DealScope) {
  let q = db.selectFrom('deals as d').innerJoin('deal_contacts as dc', 'dc.deal_id', 'd.id')
    .select(['d.id', 'd.title', 'd.value', 'd.currency', 'd.status', 'd.created_at'])
    .where('d.workspace_id', '=', workspaceId).where('dc.contact_id', '=', contactId);
  if (!scope.all) q = q.where('d.owner_id', '=', scope.ownerId ?? -1);
  return q.orderBy('d.id').limit(SECTION_LIMIT).execute();
}

/**
 * Erasure's anonymisation of what stays: events elsewhere (company and deal timelines) that name
 * the contact lose the personal keys, and audit entries about the contact or holding its address
 * or name lose those values. The audit scan reads the workspace's log once; erasure is rare and
 * owner-only, and the log must not keep what the person asked to be forgotten.
 */
export async function anonymiseTraces(db: Executor, workspaceId: number, contactId: number, secrets: { value: string; onlyMentioning: boolean }[]) {
  await sql`update timeline_events set data = (data - 'name' - 'email' - 'fullName' - 'mergedName' - 'mergedEmail') || '{"erased": true}'::jsonb
    where workspace_id = ${workspaceId} and data ->> 'contactId' = ${String(contactId)}`.execute(db);
  // Entries about the contact itself, its ledger rows and its notes say nothing once emptied.
  const consentIds = db.selectFrom('consent_events').select('id').where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId);
  const noteIds = db.selectFrom('notes').select('id').where('workspace_id', '=', workspaceId).where('contact_id', '=', contactId);
  await db.updateTable('audit_log').set({ before: sql`case when before is null then null else '{"erased": true}'::jsonb end`, after: sql`case when after is null then null else '{"erased": true}'::jsonb end` })
    .where('workspace_id', '=', workspaceId)
    .where((eb) => eb.or([
      eb.and([eb('entity', '=', 'contact'), eb('entity_id', '=', contactId)]),
      eb.and([eb('entity', '=', 'consent'), eb('entity_id', 'in', consentIds)]),
      eb.and([eb('entity', '=', 'note'), eb('entity_id', 'in', noteIds)]),
    ]))
    .execute();
  // Addresses and phone numbers identify one person: scrubbed wherever they appear. A name may be
  // shared with someone else, so it is scrubbed only in entries that name this contact's id.
  const mentions = JSON.stringify({ contactId: contactId }).slice(1, -1).replace(':', ': ');
  for (const { value, onlyMentioning } of secrets.filter((x) => x.value.length >= 3)) {
    // A whole JSON string value, quotes included, so "bea-ann@x" is not touched when erasing "ann@x".
    const needle = JSON.stringify(value);
    for (const col of ['before', 'after'] as const) {
      await sql`update audit_log set ${sql.ref(col)} = replace(${sql.ref(col)}::text, ${needle}, '"[erased]"')::jsonb
        where workspace_id = ${workspaceId} and strpos(${sql.ref(col)}::text, ${needle}) > 0
          and (${!onlyMentioning} or strpos(${sql.ref(col)}::text, ${mentions}) > 0)`.execute(db);
    }
  }
}
