import { markdownToSafeHtml } from '../../lib/markdown.js';
import type { AppContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { decodeIdCursor, pageOf } from '../../lib/cursor.js';
import { insertAudit } from '../audit/audit.repo.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { insertTimelineEvents } from '../timeline/timeline.repo.js';
import * as repo from './notes.repo.js';

const subjectName = (s: repo.NoteSubject) => ('contactId' in s ? 'Contact' : 'Company');

async function requireSubject(ctx: AppContext, actor: Actor, subject: repo.NoteSubject) {
  requirePermission(actor, 'contactId' in subject ? 'contacts:read' : 'companies:read');
  if (!(await repo.subjectExists(ctx.db, actor.workspaceId, subject))) throw AppError.notFound(subjectName(subject));
}

export async function listNotes(options: { ctx: AppContext; actor: Actor; subject: repo.NoteSubject; limit: number; cursor?: string }) {
  const { ctx, actor, subject, limit } = options;
  requirePermission(actor, 'notes:read');
  await requireSubject(ctx, actor, subject);
  const beforeId = decodeIdCursor(options.cursor);
  const page = pageOf(await repo.listNotes(ctx.db, actor.workspaceId, subject, beforeId, limit), limit, (n) => [n.id]);
  return {
    nextCursor: page.nextCursor,
    data: page.data.map((n) => ({ id: n.id, body: n.body, html: markdownToSafeHtml(n.body), author: n.author_id ? { id: n.author_id, name: n.author_name ?? '' } : null, createdAt: n.created_at })),
  };
}

export async function addNote(options: { ctx: AppContext; actor: Actor; subject: repo.NoteSubject; body: string }) {
  const { ctx, actor, subject, body } = options;
  requirePermission(actor, 'notes:write');
  await requireSubject(ctx, actor, subject);
  return ctx.db.transaction().execute(async (trx) => {
    const note = await repo.insertNote(trx, actor.workspaceId, subject, actor.userId, body);
    await insertTimelineEvents(trx, [{ workspaceId: actor.workspaceId, ...subject, kind: 'note_added', actorUserId: actor.userId, data: { noteId: note.id, body: body.slice(0, 500) } }]);
    await insertAudit(trx, actor, { entity: 'note', entityId: note.id, action: 'create', after: { ...subject, body } });
    return { id: note.id, body: note.body, html: markdownToSafeHtml(note.body), author: actor.userId ? { id: actor.userId, name: '' } : null, createdAt: note.created_at };
  });
}

export async function deleteNote(options: { ctx: AppContext; actor: Actor; id: number }) {
  const { ctx, actor, id } = options;
  requirePermission(actor, 'notes:write');
  await ctx.db.transaction().execute(async (trx) => {
    const note = await repo.findNote(trx, actor.workspaceId, id);
    if (!note) throw AppError.notFound('Note');
    await repo.deleteNote(trx, actor.workspaceId, id);
    await insertTimelineEvents(trx, [{ workspaceId: actor.workspaceId, contactId: note.contact_id, companyId: note.company_id, kind: 'note_deleted', actorUserId: actor.userId, data: { noteId: id } }]);
    await insertAudit(trx, actor, { entity: 'note', entityId: id, action: 'delete', before: { contactId: note.contact_id, companyId: note.company_id, body: note.body } });
  });
}
