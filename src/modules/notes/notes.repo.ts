import type { Executor } from '../../db/executor.js';

export type NoteSubject = { contactId: number } | { companyId: number };

export function insertNote(db: Executor, workspaceId: number, subject: NoteSubject, authorId: number | null, body: string) {
  return db
    .insertInto('notes')
    .values({
      workspace_id: workspaceId,
      contact_id: 'contactId' in subject ? subject.contactId : null,
      company_id: 'companyId' in subject ? subject.companyId : null,
      author_id: authorId,
      body,
    })
    .returning(['id', 'body', 'author_id', 'created_at'])
    .executeTakeFirstOrThrow();
}

/** Newest first, keyset on id (notes_contact_idx / notes_company_idx). */
export function listNotes(db: Executor, workspaceId: number, subject: NoteSubject, beforeId: number | undefined, limit: number) {
  let q = db
    .selectFrom('notes as n')
    .leftJoin('users as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.body', 'n.author_id', 'u.name as author_name', 'n.created_at'])
    .where('n.workspace_id', '=', workspaceId);
  q = 'contactId' in subject ? q.where('n.contact_id', '=', subject.contactId) : q.where('n.company_id', '=', subject.companyId);
  if (beforeId) q = q.where('n.id', '<', beforeId);
  return q.orderBy('n.id', 'desc').limit(limit + 1).execute();
}

export function findNote(db: Executor, workspaceId: number, id: number) {
  return db.selectFrom('notes').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst();
}

export function deleteNote(db: Executor, workspaceId: number, id: number) {
  return db.deleteFrom('notes').where('workspace_id', '=', workspaceId).where('id', '=', id).execute();
}

export async function subjectExists(db: Executor, workspaceId: number, subject: NoteSubject): Promise<boolean> {
  const table = 'contactId' in subject ? 'contacts' : 'companies';
  const id = 'contactId' in subject ? subject.contactId : subject.companyId;
  return Boolean(await db.selectFrom(table).select('id').where('workspace_id', '=', workspaceId).where('id', '=', id).executeTakeFirst());
}
