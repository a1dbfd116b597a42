// Helpers for the import tests: hand-built multipart bodies and polling until a job is done.
import type { App } from '../../http/types.js';

export type Part = { name: string; value: string } | { name: string; filename: string; content: string | Buffer };

export function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----rapport${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = 'filename' in p ? `form-data; name="${p.name}"; filename="${p.filename}"\r\nContent-Type: text/csv` : `form-data; name="${p.name}"`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push('filename' in p ? Buffer.from(p.content) : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(app: App, headers: Record<string, string>, csv: string | Buffer, fields: Record<string, string> = {}, fieldsFirst = false) {
  const fieldParts = Object.entries(fields).map(([name, value]) => ({ name, value }));
  const file = { name: 'file', filename: 'contacts.csv', content: csv };
  const body = multipart(fieldsFirst ? [...fieldParts, file] : [file, ...fieldParts]);
  return app.inject({ method: 'POST', url: '/api/v1/imports', payload: body.payload, headers: { ...headers, ...body.headers } });
}

/** Polls until the worker has finished the import (or the time is up). */
export async function waitForImport(app: App, headers: Record<string, string>, id: number, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.inject({ url: `/api/v1/imports/${id}`, headers });
    const body = res.json();
    if (body.status === 'completed' || body.status === 'failed' || Date.now() > until) return body;
    await new Promise((r) => setTimeout(r, 100));
  }
}
