import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { actorOf, idParam, type App } from '../../http/types.js';
import { AppError } from '../../lib/app-error.js';
import { findUnstorableText } from '../../lib/storable-text.js';
import { checkImportBody, listImportsQuery, startImportBody, uploadFieldsSchema } from './imports.schema.js';
import * as service from './imports.service.js';
import { uploadImport } from './upload-import.js';

/**
 * Reads the upload form in order: text fields may come before or after the file, and the file is
 * handed to the service as a stream while it arrives.
 */
async function readUpload(ctx: AppContext, request: FastifyRequest) {
  if (!request.isMultipart()) throw AppError.invalid({ path: 'file', message: 'send the CSV as multipart/form-data in a part named "file"' });
  const fields: Record<string, string> = {};
  let importId: number | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'field') fields[part.fieldname] = String(part.value);
    else if (part.fieldname !== 'file' || importId !== undefined) part.file.resume();
    else importId = await uploadImport({ ctx, actor: actorOf(request), filename: part.filename, file: part.file });
  }
  if (importId === undefined) throw AppError.invalid({ path: 'file', message: 'is required: a CSV file in a part named "file"' });
  return { importId, fields };
}

export function importsRoutes(app: App, ctx: AppContext): void {
  const tags = ['imports'];
  app.post('/api/v1/imports', { schema: { tags, summary: 'Upload a CSV (multipart: file, optional kind, mapping JSON, mode, dryRun, onRepeat, dateFormat); with a mapping it starts at once' } }, async (request, reply) => {
    const actor = actorOf(request);
    const { importId, fields } = await readUpload(ctx, request);
    const parsed = uploadFieldsSchema.safeParse(fields);
    // The JSON-body guard sees neither multipart fields nor the JSON inside the mapping field.
    const unstorable = findUnstorableText(fields) ?? (parsed.success ? findUnstorableText(parsed.data) : null);
    const issues = unstorable ? [unstorable] : parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    try {
      if (issues.length) throw AppError.invalid(issues);
      const { mapping, mode, dryRun, kind, onRepeat, dateFormat } = parsed.data!;
      if (kind) await service.chooseImportKind({ ctx, actor, id: importId, kind });
      reply.status(201);
      if (!mapping) return await service.getImport({ ctx, actor, id: importId });
      const defaultMode = kind === 'deals' ? 'create' : 'upsert';
      return await service.startImport({ ctx, actor, id: importId, input: { mapping, mode: mode ?? defaultMode, dryRun: dryRun ?? false, onRepeat, dateFormat } });
    } catch (err) {
      // The request failed as a whole, so the stored file goes too.
      await service.discardUploadedImport({ ctx, actor, id: importId });
      throw err;
    }
  });
  app.post('/api/v1/imports/:id/start', { schema: { tags, summary: 'Start an uploaded import with a column mapping, mode and dry-run flag', params: idParam, body: startImportBody } }, async (request) =>
    service.startImport({ ctx, actor: actorOf(request), id: request.params.id, input: request.body }),
  );
  app.post('/api/v1/imports/:id/check', { schema: { tags, operationId: 'checkImport', summary: 'Read an uploaded file with a mapping and report what must be chosen before it starts: repeated emails (or company domains/names) with their rows, an open date format, rows wider than the header', params: idParam, body: checkImportBody } }, async (request) =>
    service.checkImport({ ctx, actor: actorOf(request), id: request.params.id, ...request.body }),
  );
  app.get('/api/v1/imports', { schema: { tags, summary: 'Imports, newest first (keyset)', querystring: listImportsQuery } }, async (request) =>
    service.listImports({ ctx, actor: actorOf(request), ...request.query }),
  );
  app.get('/api/v1/imports/:id', { schema: { tags, summary: 'An import with its progress, counts and first 100 row errors', params: idParam } }, async (request) =>
    service.getImport({ ctx, actor: actorOf(request), id: request.params.id }),
  );
  app.get('/api/v1/imports/:id/errors.csv', { schema: { tags, summary: 'Every row error of an import as CSV (row, field, message)', params: idParam } }, async (request, reply) => {
    const { filename, stream } = await service.importErrorsCsv({ ctx, actor: actorOf(request), id: request.params.id });
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(stream);
  });
}
