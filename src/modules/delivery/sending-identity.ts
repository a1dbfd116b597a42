import { createPrivateKey, type KeyObject } from 'node:crypto';
import type { Executor } from '../../db/executor.js';
import type { SmtpSecurity } from '../../db/schema-email.js';
import { AppError } from '../../lib/app-error.js';
import { openSecret } from '../../lib/secret-box.js';

/**
 * The READ path of sending accounts and domains (the templates/sending module owns writes): which
 * SMTP account sends a message, with its password unsealed, and the DKIM key of the from-domain.
 * Secrets are opened here only, in the worker, and never logged.
 */
export interface SendingAccount {
  id: number;
  host: string;
  port: number;
  security: SmtpSecurity;
  username: string | null;
  password: string | null;
  maxPerSecond: number;
  maxConnections: number;
  fromDomain: string | null;
  weight: number;
}

export interface DkimKey {
  domain: string;
  selector: string;
  privateKey: KeyObject;
}

export interface SendingIdentity {
  accounts: SendingAccount[];
  dkim: DkimKey | null;
}

export const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();

/** Enabled accounts that may send for `fromDomain` (theirs, or any when from_domain is unset), and the domain's DKIM key. */
export async function loadSendingIdentity(db: Executor, secret: string, workspaceId: number, fromEmail: string): Promise<SendingIdentity> {
  const fromDomain = domainOf(fromEmail);
  const rows = await db.selectFrom('sending_accounts').selectAll()
    .where('workspace_id', '=', workspaceId).where('enabled', '=', true).where('weight', '>', 0).orderBy('id').execute();
  const own = rows.filter((r) => r.from_domain?.toLowerCase() === fromDomain);
  // Accounts dedicated to this from-domain win; otherwise the accounts serving any domain.
  const chosen = own.length ? own : rows.filter((r) => !r.from_domain);
  if (chosen.length === 0) throw AppError.invalid({ path: 'fromEmail', message: `no enabled sending account can send from ${fromDomain}` });
  const accounts = chosen.map((r) => ({
    id: Number(r.id), host: r.host, port: r.port, security: r.security, username: r.username,
    password: r.password_encrypted ? openSecret(secret, 'smtp-password', r.password_encrypted) : null,
    maxPerSecond: r.max_per_second, maxConnections: r.max_connections, fromDomain: r.from_domain, weight: r.weight,
  }));
  const domain = await db.selectFrom('sending_domains').select(['domain', 'dkim_selector', 'dkim_private_key_encrypted'])
    .where('workspace_id', '=', workspaceId).where((eb) => eb.fn('lower', ['domain']), '=', fromDomain).executeTakeFirst();
  const dkim = domain
    ? { domain: domain.domain.toLowerCase(), selector: domain.dkim_selector, privateKey: createPrivateKey(openSecret(secret, 'dkim-private-key', domain.dkim_private_key_encrypted)) }
    : null;
  return { accounts, dkim };
}

/**
 * Picks accounts by weight, smoothly (nginx's smooth weighted round-robin): over any run of
 * messages each account's share follows its weight, with no randomness to test around.
 */
export class AccountPicker {
  private readonly current: number[];
  private readonly total: number;
  constructor(private readonly accounts: SendingAccount[]) {
    this.current = accounts.map(() => 0);
    this.total = accounts.reduce((s, a) => s + a.weight, 0);
  }
  next(): SendingAccount {
    let best = 0;
    for (let i = 0; i < this.accounts.length; i++) {
      this.current[i]! += this.accounts[i]!.weight;
      if (this.current[i]! > this.current[best]!) best = i;
    }
    this.current[best]! -= this.total;
    return this.accounts[best]!;
  }
}
