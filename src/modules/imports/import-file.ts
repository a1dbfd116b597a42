import type { AppContext } from '../../context.js';
import { csvRecords, detectDelimiter, type CsvRecord } from './csv-format.js';
import * as repo from './imports.repo.js';

/** Streams the stored chunks back in order, one query per chunk, so memory stays at one chunk. */
async function* chunksOf(ctx: AppContext, importId: number, first: Buffer | null) {
  if (!first) return;
  yield first;
  for (let seq = 1; ; seq++) {
    const chunk = await repo.findChunk(ctx.db, importId, seq);
    if (!chunk) return;
    yield chunk;
  }
}

/**
 * The data rows of a stored upload, header left out, read the same way by the pre-start check
 * and by the job (so both see the same row numbers). The delimiter is found again from the first chunk.
 */
export async function* importRecords(ctx: AppContext, importId: number): AsyncGenerator<CsvRecord> {
  const first = await repo.findChunk(ctx.db, importId, 0);
  const delimiter = detectDelimiter(first ? first.toString('utf8', 0, Math.min(first.length, 64 * 1024)) : '');
  let pastHeader = false;
  for await (const record of csvRecords(chunksOf(ctx, importId, first), delimiter)) {
    if (pastHeader) yield record;
    pastHeader = true;
  }
}
