import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { AppContext } from '../../context.js';
import { toStorableText } from '../../lib/storable-text.js';
import { requirePermission, type Actor } from '../auth/permissions.js';
import { CsvSniffer } from './csv-format.js';
import * as repo from './imports.repo.js';

export const CHUNK_SIZE = 256 * 1024;

/** The client's file name is only a label: characters the database cannot store are replaced rather than refused. */
function storableFilename(name: string): string {
  const clean = toStorableText(name.slice(0, 255)); // cut first: a cut may split a surrogate pair
  return clean.trim() === '' ? 'upload.csv' : clean;
}

/**
 * Stores an uploaded file as ~256 KB rows of import_chunks while it arrives (never the whole file
 * in memory) and reads only its header and first rows. A bad file leaves nothing behind.
 */
export async function uploadImport(options: { ctx: AppContext; actor: Actor; filename: string; file: Readable }): Promise<number> {
  const { ctx, actor, file } = options;
  requirePermission(actor, 'imports:run');
  const id = await repo.insertImport(ctx.db, { workspaceId: actor.workspaceId, createdBy: actor.userId, actorLabel: actor.label, filename: storableFilename(options.filename) });
  try {
    const sniffer = new CsvSniffer();
    const hash = createHash('sha256');
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    let seq = 0;
    let total = 0;
    const flush = async () => {
      const data = Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      await repo.insertChunk(ctx.db, actor.workspaceId, id, seq++, data);
    };
    for await (const piece of file as AsyncIterable<Buffer>) {
      sniffer.push(piece);
      hash.update(piece);
      pending.push(piece);
      pendingBytes += piece.length;
      total += piece.length;
      if (pendingBytes >= CHUNK_SIZE) await flush();
    }
    if (pendingBytes) await flush();
    const { headers, sample } = await sniffer.finish();
    await repo.markUploaded(ctx.db, id, { byteSize: total, sha256: hash.digest('hex'), headers, sample });
    return id;
  } catch (err) {
    await repo.deleteImport(ctx.db, id);
    throw err;
  }
}
