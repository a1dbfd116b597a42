import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { AppContext } from '../../context.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { listFieldDefinitions, type FieldDefinition } from '../custom-fields/custom-fields.repo.js';
import type { ContactOut } from '../contacts/contact-write.js';
import type { ListContactsQuery } from '../contacts/contacts.schema.js';
import { listContacts } from '../contacts/contacts.service.js';
import type { SegmentContactsQuery } from '../segments/segment-compiler.js';
import { listWorkspaceUserEmails } from '../imports/imports.repo.js';
import { neutraliseCell } from './csv-safe.js';

const PAGE = 1000;
const COLUMNS = ['id', 'firstName', 'lastName', 'email', 'phone', 'jobTitle', 'birthday', 'company', 'owner', 'tags', 'createdAt', 'updatedAt'];

function customCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return Array.isArray(value) ? value.join(';') : String(value);
}

/** One CSV row; the owner is written as an email so the file imports back unchanged. */
function rowOf(c: ContactOut, defs: FieldDefinition[], ownerEmails: Map<number, string>): string[] {
  const cells = [
    String(c.id), c.firstName, c.lastName, c.email ?? '', c.phone ?? '', c.jobTitle ?? '', c.birthday ?? '', c.company?.name ?? '',
    c.ownerId ? (ownerEmails.get(c.ownerId) ?? '') : '', c.tags.join(';'), c.createdAt.toISOString(), c.updatedAt.toISOString(),
    ...defs.map((d) => customCell(c.custom[d.key])),
  ];
  return cells.map(neutraliseCell);
}

export type ExportContactsQuery = Omit<ListContactsQuery, 'limit' | 'cursor'>;

/**
 * Streams the contacts the list would show as CSV, through the list's own keyset pages of 1,000.
 * The first page is read before returning, so a bad filter is still a 400 and not a cut-off file.
 */
export async function exportContactsCsv(options: { ctx: AppContext; actor: Actor; query: ExportContactsQuery; now?: Date; only?: SegmentContactsQuery }): Promise<{ filename: string; stream: Readable }> {
  const { ctx, actor, query } = options;
  requirePermission(actor, 'exports:run');
  const defs = await listFieldDefinitions(ctx.db, actor.workspaceId, 'contact');
  const ownerEmails = new Map((await listWorkspaceUserEmails(ctx.db, actor.workspaceId)).map((u) => [u.id, u.email]));
  const page = (cursor?: string) => listContacts({ ctx, actor, query: { ...query, limit: PAGE, cursor }, only: options.only });
  const first = await page();
  await insertAudit(ctx.db, actor, { entity: 'contact', entityId: null, action: 'export', after: { format: 'csv', query } });

  async function* rows() {
    yield [...COLUMNS, ...defs.map((d) => `custom.${d.key}`)];
    for (let current = first; ; current = await page(current.nextCursor!)) {
      for (const c of current.data) yield rowOf(c, defs, ownerEmails);
      if (!current.nextCursor) return;
    }
  }
  const out = stringify({ bom: true });
  Readable.from(rows()).on('error', (err) => out.destroy(err)).pipe(out);
  const day = (options.now ?? new Date()).toISOString().slice(0, 10);
  return { filename: `contacts-${day}.csv`, stream: out };
}
