// What a merge writes: each field's value and the addresses kept as secondaries (pure, no SQL).
import type * as repo from './contacts.repo.js';
import type { MergePick } from './contacts.schema.js';
import { normalizeEmail, normalizePhone } from './normalize.js';

type Row = NonNullable<Awaited<ReturnType<typeof repo.findContact>>>;
const COLUMNS = { firstName: 'first_name', lastName: 'last_name', email: 'email', phone: 'phone', jobTitle: 'job_title', birthday: 'birthday', companyId: 'company_id', ownerId: 'owner_id' } as const;
const blank = (v: unknown) => v === null || v === undefined || v === '';

/** Each field's value: the one picked, else the survivor's, else (when blank) the duplicate's. */
export function mergedValues(survivor: Row, duplicate: Row, pick: MergePick) {
  const choose = (field: string, a: unknown, b: unknown) => (pick[field] === 'duplicate' ? b : pick[field] === 'survivor' ? a : blank(a) ? b : a);
  const values = Object.fromEntries(Object.entries(COLUMNS).map(([field, column]) => [column, choose(field, survivor[column], duplicate[column])])) as { [K in (typeof COLUMNS)[keyof typeof COLUMNS]]: Row[K] };
  const keys = new Set([...Object.keys(survivor.custom), ...Object.keys(duplicate.custom)]);
  const custom = Object.fromEntries([...keys].map((k) => [k, choose(`custom.${k}`, survivor.custom[k], duplicate.custom[k])]).filter(([, v]) => v !== undefined));
  return { ...values, custom };
}

/** Addresses of both records that are not the merged primary: kept as the survivor's secondaries. */
export function secondaries(rows: Row[], emails: { email: string; email_normalized: string }[], phones: { phone: string; phone_normalized: string }[], primary: { email: string | null; phone: string | null }) {
  const primaryEmail = normalizeEmail(primary.email);
  const primaryPhone = normalizePhone(primary.phone);
  const mails = [...rows.map((r) => ({ email: r.email, normalized: normalizeEmail(r.email) })), ...emails.map((e) => ({ email: e.email, normalized: e.email_normalized }))]
    .filter((e): e is { email: string; normalized: string } => Boolean(e.email && e.normalized) && e.normalized !== primaryEmail);
  const tels = [...rows.map((r) => ({ phone: r.phone, normalized: normalizePhone(r.phone) })), ...phones.map((p) => ({ phone: p.phone, normalized: p.phone_normalized }))]
    .filter((p): p is { phone: string; normalized: string } => Boolean(p.phone && p.normalized) && p.normalized !== primaryPhone);
  const once = <T extends { normalized: string }>(xs: T[]) => [...new Map(xs.map((x) => [x.normalized, x])).values()];
  return { mails: once(mails), tels: once(tels) };
}

