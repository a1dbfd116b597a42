import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { AppError, type FieldIssue } from '../../lib/app-error.js';
import { unstorableText } from '../../lib/storable-text.js';
import type { Actor } from '../auth/permissions.js';
import { MAX_COLUMNS } from '../imports/csv-format.js';
import { upsertOrderIn } from './order-write.js';
import { upsertOrderBody } from './orders.schema.js';

/**
 * Orders from CSV through the contacts' import engine (imports/run-import.ts: chunks, batches,
 * checkpoints, row errors, job recovery). One row per order line, the order's columns repeated
 * on each of its rows, which must be adjacent (as shops export them). A batch never splits an
 * order (`sameOrder`), so each order is upserted whole, with the API's rules: an invalid row
 * fails its whole order, with the row's error.
 */
export const ORDER_IMPORT_FIELDS = [
  'externalId', 'email', 'customerId', 'firstName', 'lastName', 'status', 'placedAt', 'updatedAt', 'currency',
  'sku', 'productName', 'category', 'quantity', 'unitPrice', 'discount', 'shipping', 'tax', 'total', 'refunded',
] as const;
type OrderField = (typeof ORDER_IMPORT_FIELDS)[number];

const ALIASES: Partial<Record<OrderField, string[]>> = {
  externalId: ['orderid', 'order', 'ordernumber', 'name', 'id'], email: ['email', 'customeremail'], customerId: ['customerid'],
  firstName: ['firstname', 'billingfirstname'], lastName: ['lastname', 'billinglastname'], status: ['status', 'financialstatus', 'orderstatus'],
  placedAt: ['placedat', 'createdat', 'orderdate', 'date'], updatedAt: ['updatedat'], currency: ['currency'], sku: ['sku', 'lineitemsku'],
  productName: ['productname', 'lineitemname', 'product', 'item'], category: ['category'], quantity: ['quantity', 'qty', 'lineitemquantity'],
  unitPrice: ['unitprice', 'price', 'lineitemprice'], discount: ['discount', 'discountamount'], shipping: ['shipping'], tax: ['tax', 'taxes'],
  total: ['total', 'ordertotal'], refunded: ['refunded', 'refundedamount'],
};
const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

export function suggestOrderMapping(headers: string[]): Record<string, string> {
  const used = new Set<string>();
  const out: Record<string, string> = {};
  for (const header of headers) {
    const field = (Object.keys(ALIASES) as OrderField[]).find((f) => !used.has(f) && ALIASES[f]!.includes(norm(header)));
    if (field) {
      used.add(field);
      out[header] = field;
    }
  }
  return out;
}

export function checkOrderMapping(headers: string[], mapping: Record<string, string>): FieldIssue[] {
  const entries = Object.entries(mapping);
  // Bounded before the loop, as for contacts: each entry may cost a message.
  if (entries.length > MAX_COLUMNS) return [{ path: 'mapping', message: `maps ${entries.length} columns; a file has at most ${MAX_COLUMNS}` }];
  const issues: FieldIssue[] = [];
  const seen = new Map<string, string>();
  for (const [header, field] of entries) {
    const path = `mapping.${header}`;
    if (!headers.includes(header)) issues.push({ path, message: `"${header}" is not a column of the file` });
    else if (!(ORDER_IMPORT_FIELDS as readonly string[]).includes(field)) issues.push({ path, message: `unknown order field "${field}"; use one of ${ORDER_IMPORT_FIELDS.join(', ')}` });
    else if (seen.has(field)) issues.push({ path, message: `"${field}" is already mapped from "${seen.get(field)}"` });
    else seen.set(field, header);
  }
  for (const field of ['externalId', 'placedAt', 'currency'] as const) if (!seen.has(field)) issues.push({ path: 'mapping', message: `map a column to "${field}"` });
  if (!seen.has('email') && !seen.has('customerId')) issues.push({ path: 'mapping', message: 'map a column to "email" or "customerId": orders need their customer' });
  return issues;
}

export interface OrderImportResult {
  created: number;
  updated: number;
  failed: number;
  errors: { row: number; field: string | null; message: string }[];
}

type Row = { record: string[]; row: number };

export function orderImporter(o: { actor: Actor; headers: string[]; mapping: Record<string, string>; now: Date }) {
  const column = new Map(Object.entries(o.mapping).map(([header, field]) => [field as OrderField, o.headers.indexOf(header)]));
  const cell = (r: Row, f: OrderField) => {
    const i = column.get(f);
    return i === undefined ? '' : (r.record[i] ?? '').trim();
  };
  const num = (v: string) => (v === '' ? undefined : Number(v.replace(/[^\d.-]/g, '')));
  const time = (v: string) => (v === '' ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);

  /** The API input of one order's rows; its first row holds the order's columns. */
  function inputOf(rows: Row[]) {
    const first = rows[0]!;
    const lines = rows.filter((r) => cell(r, 'sku') || cell(r, 'productName')).map((r) => ({
      sku: cell(r, 'sku') || undefined, name: cell(r, 'productName') || undefined, category: cell(r, 'category') || undefined,
      quantity: num(cell(r, 'quantity')) ?? 1, unitPrice: num(cell(r, 'unitPrice')),
    }));
    const customerId = cell(first, 'customerId');
    return {
      externalId: cell(first, 'externalId'),
      customer: { email: cell(first, 'email') || undefined, externalId: customerId ? `csv:customer:${customerId}` : undefined, firstName: cell(first, 'firstName') || undefined, lastName: cell(first, 'lastName') || undefined },
      status: (cell(first, 'status') || 'paid').toLowerCase().replace(/[\s-]+/g, '_'),
      placedAt: time(cell(first, 'placedAt')),
      // Without a version column, re-importing a corrected file wins over the earlier import.
      updatedAt: time(cell(first, 'updatedAt')) ?? o.now.toISOString(),
      currency: cell(first, 'currency'),
      lines,
      discount: num(cell(first, 'discount')) ?? 0, shipping: num(cell(first, 'shipping')) ?? 0, tax: num(cell(first, 'tax')) ?? 0,
      total: num(cell(first, 'total')), refunded: num(cell(first, 'refunded')) ?? 0,
    };
  }

  /** Order ids of this run's earlier batches (a resumed run knows only its own). */
  const earlier = new Set<string>();

  /** Upserts each order under a savepoint, so a refused one (a currency mismatch) fails alone. */
  async function processRows(trx: Executor, rows: Row[]): Promise<OrderImportResult> {
    const result: OrderImportResult = { created: 0, updated: 0, failed: 0, errors: [] };
    const seen = new Set<string>();
    const fail = (group: Row[], field: string | null, message: string) => {
      result.failed += group.length;
      result.errors.push(...group.map((r) => ({ row: r.row, field, message })));
    };
    for (const group of groups(rows.filter((r) => r.record.some((c) => c.trim() !== '')))) {
      const unstorable = group.flatMap((r) => r.record).map(unstorableText).find(Boolean);
      if (unstorable) {
        fail(group, null, unstorable);
        continue;
      }
      const externalId = cell(group[0]!, 'externalId');
      if (externalId && (seen.has(externalId) || earlier.has(externalId))) {
        fail(group, 'externalId', `order ${externalId} appeared earlier in the file: an order's rows must be adjacent`);
        continue;
      }
      seen.add(externalId);
      const parsed = upsertOrderBody.safeParse(inputOf(group));
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        fail(group, issue.path.join('.') || null, `order ${cell(group[0]!, 'externalId') || '(no id)'}: ${issue.message}`);
        continue;
      }
      await sql`savepoint import_order`.execute(trx);
      try {
        const { outcome } = await upsertOrderIn(trx, { actor: o.actor, input: parsed.data, source: 'csv' });
        if (outcome === 'created') result.created++;
        else if (outcome === 'updated') result.updated++;
      } catch (err) {
        if (!(err instanceof AppError) || err.code !== 'VALIDATION') throw err;
        await sql`rollback to savepoint import_order`.execute(trx);
        fail(group, (err.details?.fields as FieldIssue[] | undefined)?.[0]?.path ?? null, `order ${parsed.data.externalId}: ${err.message}`);
      }
    }
    result.errors.sort((a, b) => a.row - b.row);
    for (const id of seen) earlier.add(id);
    return result;
  }

  function groups(rows: Row[]): Row[][] {
    const out: Row[][] = [];
    for (const r of rows) {
      const last = out.at(-1);
      if (last && cell(last[0]!, 'externalId') === cell(r, 'externalId')) last.push(r);
      else out.push([r]);
    }
    return out;
  }

  /** Whether two adjacent records belong to one order: the batch is not cut between them. */
  const sameOrder = (a: string[], b: string[]) => cell({ record: a, row: 0 }, 'externalId') === cell({ record: b, row: 0 }, 'externalId');
  return { processRows, sameOrder };
}
