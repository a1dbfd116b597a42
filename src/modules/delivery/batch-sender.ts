import type { AppContext } from '../../context.js';
import { SmtpSendError, smtpPool, type RawTransport } from '../../mail/smtp-pool.js';
import { Throttle } from '../../mail/throttle.js';
import { AccountPicker, type SendingAccount } from './sending-identity.js';
import type { Composed } from './compose.js';

/** How a message's SMTP attempt ended. */
export type Outcome = { ok: true; accountId: number } | { ok: false; temporary: boolean; error: string; accountId: number };

/** 4xx answers are retried this many times in all, waiting 1, 2, 4, … minutes (capped at an hour). */
export const MAX_ATTEMPTS = 5;
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/**
 * The SMTP side of one worker's run: a pool per account, weighted account choice, and the
 * per-account and per-recipient-domain throttles. `transportFor` lets tests and benches swap
 * the transport; production uses pipelined SMTP pools (smtp-pool.ts).
 */
export class BatchSender {
  private readonly pools = new Map<number, RawTransport>();
  private readonly picker: AccountPicker;
  private readonly throttle = new Throttle();
  /** Messages in flight at once: enough to keep every pooled connection busy while others render. */
  readonly concurrency: number;

  constructor(
    private readonly ctx: AppContext,
    private readonly accounts: SendingAccount[],
    private readonly transportFor: (a: SendingAccount) => RawTransport = smtpPool,
  ) {
    this.picker = new AccountPicker(accounts);
    this.concurrency = Math.min(200, accounts.reduce((s, a) => s + a.maxConnections, 0) * 4);
  }

  /** Total messages per second the accounts allow, to size batches within a claim lease. */
  get maxPerSecond(): number {
    return this.accounts.reduce((s, a) => s + a.maxPerSecond, 0);
  }

  private pool(account: SendingAccount): RawTransport {
    let pool = this.pools.get(account.id);
    if (!pool) this.pools.set(account.id, (pool = this.transportFor(account)));
    return pool;
  }

  async send(domain: string, to: string, message: Composed): Promise<Outcome> {
    const account = this.picker.next();
    await this.throttle.take(`a:${account.id}`, account.maxPerSecond);
    await this.throttle.take(`d:${domain}`, this.ctx.config.SEND_MAX_PER_DOMAIN_PER_SECOND);
    try {
      await this.pool(account).send({ from: message.envelopeFrom, to }, message.raw);
      return { ok: true, accountId: account.id };
    } catch (err) {
      const e = err instanceof SmtpSendError ? err : new SmtpSendError(String((err as Error).message ?? err), true, null);
      return { ok: false, temporary: e.temporary, error: e.message, accountId: account.id };
    }
  }

  close(): void {
    for (const pool of this.pools.values()) pool.close();
    this.pools.clear();
  }
}

/** Runs `fn` over `items` with at most `limit` at once, in order of start. */
export async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>, stop?: () => boolean): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !stop?.()) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
