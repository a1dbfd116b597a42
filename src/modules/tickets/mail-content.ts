import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sanitizeHtml from 'sanitize-html';
import type { Config } from '../../config/config.js';
import type { StoredAttachment } from '../../db/schema-helpdesk.js';

/**
 * Customer HTML is shown to agents inside the app: no script, no styles that escape the message,
 * no forms, and no remote content loaded by default (a remote image is a tracking pixel that tells
 * the sender when an agent opened it); inline (cid:/data:) images stay.
 */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img', 'span', 'font', 'center']),
    allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'], td: ['colspan', 'rowspan', 'align'], th: ['colspan', 'rowspan', 'align'], '*': ['dir', 'lang'] },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    allowedSchemesByTag: { img: ['cid', 'data'] },
    transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }) },
  });
}

export interface IncomingAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

/** Where attachments live: under the data dir, or a private temp dir for an in-memory database. */
function attachmentRoot(config: Config): string {
  return config.DATA_DIR.startsWith('memory://') ? join(tmpdir(), `rapport-attachments-${process.pid}`) : join(config.DATA_DIR, 'attachments');
}

/**
 * Stores what fits the per-file limit; the rest is dropped and named in `dropped`, so the ticket
 * says which file was not kept. Never a bounce: the sender is a customer, not a mail server.
 */
export async function storeAttachments(config: Config, workspaceId: number, files: IncomingAttachment[]): Promise<{ stored: StoredAttachment[]; dropped: string[] }> {
  const stored: StoredAttachment[] = [];
  const dropped: string[] = [];
  const dir = join(attachmentRoot(config), String(workspaceId));
  for (const file of files.slice(0, 50)) {
    const filename = safeName(file.filename);
    if (file.content.byteLength > config.ATTACHMENT_MAX_BYTES) {
      dropped.push(filename);
      continue;
    }
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const id = randomUUID();
    await writeFile(join(dir, id), file.content, { mode: 0o600 });
    stored.push({ id, filename, contentType: file.contentType.slice(0, 100), size: file.content.byteLength });
  }
  if (files.length > 50) dropped.push(`${files.length - 50} more files`);
  return { stored, dropped };
}

export function attachmentPath(config: Config, workspaceId: number, id: string): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad attachment id');
  return join(attachmentRoot(config), String(workspaceId), id);
}

/** A file name safe to show and to send back in Content-Disposition. */
function safeName(name: string): string {
  return (name || 'attachment').replace(/[\u0000-\u001f"\\/]+/g, '_').slice(0, 200);
}

/** "Re: Fwd: RE: Printer [#12]" → "Printer": the subject a new ticket is filed under. */
export function cleanSubject(subject: string): string {
  const s = subject.replace(/[\r\n]+/g, ' ').replace(/\[#\d+\]/g, '').replace(/^\s*((re|fwd?|aw|sv|tr)\s*:\s*)+/i, '').trim();
  return s.slice(0, 300) || '(no subject)';
}

/** The ticket number a subject carries as "[#123]", if any. */
export function ticketRefOf(subject: string): number | undefined {
  const m = /\[#(\d{1,12})\]/.exec(subject);
  return m ? Number(m[1]) : undefined;
}
