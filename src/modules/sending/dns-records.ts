import { Resolver } from 'node:dns/promises';
import type { DnsRecordCheck } from '../../db/schema-email.js';

/** The TXT records a sending domain must publish, exactly as the user copies them. */
export interface DnsRecordSpec {
  type: 'TXT';
  name: string;
  value: string;
}
export type RecordKind = 'dkim' | 'spf' | 'dmarc';

export function expectedRecords(options: { domain: string; selector: string; publicKey: string; smtpHosts: string[] }): Record<RecordKind, DnsRecordSpec> {
  const { domain, selector, publicKey } = options;
  const hosts = [...new Set(options.smtpHosts.map((h) => h.toLowerCase()))].sort();
  const senders = hosts.length > 0 ? hosts.map((h) => `a:${h}`).join(' ') : 'mx';
  return {
    dkim: { type: 'TXT', name: `${selector}._domainkey.${domain}`, value: `v=DKIM1; k=rsa; p=${publicKey}` },
    spf: { type: 'TXT', name: domain, value: `v=spf1 ${senders} ~all` },
    // p=none first: reports arrive while the owner checks that every legitimate sender passes.
    dmarc: { type: 'TXT', name: `_dmarc.${domain}`, value: `v=DMARC1; p=none; rua=mailto:postmaster@${domain}; adkim=r; aspf=r` },
  };
}

/** `host:port` of the resolver to ask (config DNS_RESOLVER); undefined: the system's resolvers. */
export function resolverFor(spec: string | undefined): Resolver {
  // One try with a short timeout: the check runs inside a request.
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  if (spec) resolver.setServers([spec]);
  return resolver;
}

async function txt(resolver: Resolver, name: string): Promise<{ found: string[]; error?: string }> {
  try {
    // A long TXT record arrives in 255-byte chunks; joined they are the record.
    return { found: (await resolver.resolveTxt(name)).map((chunks) => chunks.join('')) };
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ENOTFOUND' || code === 'ENODATA') return { found: [], error: 'no TXT record found' };
    return { found: [], error: `DNS lookup failed (${code ?? 'error'})` };
  }
}

const tagsOf = (record: string) => new Map(record.split(';').map((t) => t.trim().split('=')).filter((kv) => kv.length >= 2).map(([k, ...v]) => [k!.trim().toLowerCase(), v.join('=').trim()]));

const matchers: Record<RecordKind, (found: string[], spec: DnsRecordSpec) => string | null> = {
  dkim: (found, spec) => {
    const want = tagsOf(spec.value).get('p');
    return found.some((r) => tagsOf(r).get('p')?.replace(/\s+/g, '') === want) ? null : 'the public key (p=) does not match';
  },
  spf: (found, spec) => {
    const spf = found.filter((r) => /^v=spf1(\s|$)/i.test(r));
    if (spf.length !== 1) return spf.length === 0 ? 'no v=spf1 record' : 'more than one v=spf1 record (SPF then fails)';
    const have = spf[0]!.toLowerCase().split(/\s+/);
    const missing = spec.value.split(/\s+/).filter((m) => /^(a|mx):?/.test(m) && !have.includes(m) && !have.includes(m.replace(/^a:/, 'include:')));
    return missing.length === 0 ? null : `missing ${missing.join(', ')}`;
  },
  dmarc: (found) => {
    const dmarc = found.filter((r) => /^v=DMARC1/i.test(r));
    if (dmarc.length !== 1) return dmarc.length === 0 ? 'no v=DMARC1 record' : 'more than one v=DMARC1 record';
    return /^(none|quarantine|reject)$/i.test(tagsOf(dmarc[0]!).get('p') ?? '') ? null : 'the policy (p=) must be none, quarantine or reject';
  },
};

/** Looks each record up and says, per record, whether what is published does the job. */
export async function checkRecords(resolver: Resolver, specs: Record<RecordKind, DnsRecordSpec>): Promise<Record<RecordKind, DnsRecordCheck>> {
  const kinds = Object.keys(specs) as RecordKind[];
  const results = await Promise.all(kinds.map(async (kind) => {
    const spec = specs[kind];
    const { found, error } = await txt(resolver, spec.name);
    const problem = error ?? matchers[kind](found, spec);
    const check: DnsRecordCheck = { ok: problem === null, name: spec.name, expected: spec.value, found };
    if (problem) check.error = problem;
    return [kind, check] as const;
  }));
  return Object.fromEntries(results) as Record<RecordKind, DnsRecordCheck>;
}
