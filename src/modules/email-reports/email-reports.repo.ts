import { sql } from 'kysely';
import type { Executor } from '../../db/executor.js';

const n = (v: unknown) => Number(v ?? 0);

export function findCampaign(db: Executor, workspaceId: number, campaignId: number) {
  return db.selectFrom('campaigns').select(['id', 'name', 'status', 'subject', 'started_at', 'finished_at', 'recipient_count'])
    .where('workspace_id', '=', workspaceId).where('id', '=', campaignId).executeTakeFirst();
}

/** Campaigns that have started sending, newest first (keyset on campaigns_ws_idx). */
export function startedCampaignsPage(db: Executor, o: { workspaceId: number; beforeId?: number; limit: number }) {
  let q = db.selectFrom('campaigns').select(['id', 'name', 'status', 'started_at', 'recipient_count'])
    .where('workspace_id', '=', o.workspaceId).where('started_at', 'is not', null);
  if (o.beforeId) q = q.where('id', '<', o.beforeId);
  return q.orderBy('id', 'desc').limit(o.limit + 1).execute();
}

/**
 * Per campaign, the recipient states and the bounce/complaint/unsubscribe marks bounce and
 * tracking denormalise onto each row. Plan: campaign_recipients_once_key (campaign_id, email)
 * range per campaign; one pass, every figure a FILTER.
 */
export async function recipientTotals(db: Executor, workspaceId: number, campaignIds: number[]) {
  if (!campaignIds.length) return new Map<number, ReturnType<typeof toTotals>>();
  const { rows } = await sql<Record<string, unknown>>`select campaign_id,
      count(*) as recipients,
      count(*) filter (where status = 'sent') as sent,
      count(*) filter (where status = 'failed') as failed,
      count(*) filter (where status in ('queued', 'sending')) as pending,
      count(*) filter (where bounce_class = 'hard') as hard,
      count(*) filter (where bounce_class = 'soft') as soft,
      count(*) filter (where bounce_class = 'policy') as policy,
      count(*) filter (where complained_at is not null) as complaints,
      count(*) filter (where unsubscribed_at is not null) as unsubscribes
    from campaign_recipients where workspace_id = ${workspaceId} and campaign_id in (${sql.join(campaignIds)})
    group by campaign_id`.execute(db);
  return new Map(rows.map((r) => [n(r.campaign_id), toTotals(r)]));
}
const toTotals = (r: Record<string, unknown>) => ({
  recipients: n(r.recipients), sent: n(r.sent), failed: n(r.failed), pending: n(r.pending), hard: n(r.hard), soft: n(r.soft), policy: n(r.policy), complaints: n(r.complaints), unsubscribes: n(r.unsubscribes),
});

/** Opens and clicks, total and unique, human and machine. Plan: email_events_campaign_idx (campaign_id, type, …). */
export async function engagementTotals(db: Executor, workspaceId: number, campaignIds: number[]) {
  if (!campaignIds.length) return new Map<number, ReturnType<typeof toEngagement>>();
  const { rows } = await sql<Record<string, unknown>>`select campaign_id,
      count(*) filter (where type = 'open' and not machine) as opens,
      count(distinct recipient_id) filter (where type = 'open' and not machine) as unique_opens,
      count(*) filter (where type = 'open' and machine) as machine_opens,
      count(distinct recipient_id) filter (where type = 'open' and machine) as unique_machine_opens,
      count(*) filter (where type = 'click' and not machine) as clicks,
      count(distinct recipient_id) filter (where type = 'click' and not machine) as unique_clicks,
      count(*) filter (where type = 'click' and machine) as machine_clicks,
      count(*) filter (where type = 'unsubscribe') as unsubscribe_events
    from email_events where workspace_id = ${workspaceId} and campaign_id in (${sql.join(campaignIds)}) and type in ('open', 'click', 'unsubscribe')
    group by campaign_id`.execute(db);
  return new Map(rows.map((r) => [n(r.campaign_id), toEngagement(r)]));
}
const toEngagement = (r: Record<string, unknown>) => ({
  opens: n(r.opens), uniqueOpens: n(r.unique_opens), machineOpens: n(r.machine_opens), uniqueMachineOpens: n(r.unique_machine_opens),
  clicks: n(r.clicks), uniqueClicks: n(r.unique_clicks), machineClicks: n(r.machine_clicks), unsubscribeEvents: n(r.unsubscribe_events),
});

/** Clicks per link of the email (campaign_links positions), human and machine. */
export async function linkClicks(db: Executor, workspaceId: number, campaignId: number) {
  const { rows } = await sql<Record<string, unknown>>`select l.position, l.url,
      count(e.id) filter (where not e.machine) as clicks,
      count(distinct e.recipient_id) filter (where not e.machine) as unique_clicks,
      count(e.id) filter (where e.machine) as machine_clicks
    from campaign_links l
    left join email_events e on e.workspace_id = l.workspace_id and e.campaign_id = l.campaign_id and e.type = 'click' and e.link_position = l.position
    where l.workspace_id = ${workspaceId} and l.campaign_id = ${campaignId}
    group by l.position, l.url order by l.position limit 200`.execute(db);
  return rows.map((r) => ({ position: n(r.position), url: String(r.url), clicks: n(r.clicks), uniqueClicks: n(r.unique_clicks), machineClicks: n(r.machine_clicks) }));
}

/** Hour since send start (0–71; later lumped into 72) per event type and human/machine. */
export async function eventsByHour(db: Executor, workspaceId: number, campaignId: number, startedAt: Date) {
  const { rows } = await sql<Record<string, unknown>>`select least(72, floor(extract(epoch from (occurred_at - ${startedAt}::timestamptz)) / 3600))::int as hour, type, machine, count(*) as n
    from email_events where workspace_id = ${workspaceId} and campaign_id = ${campaignId} and type in ('open', 'click', 'bounce', 'complaint', 'unsubscribe')
    group by 1, 2, 3 order by 1`.execute(db);
  return rows.map((r) => ({ hour: Math.max(0, n(r.hour)), type: String(r.type), machine: Boolean(r.machine), count: n(r.n) }));
}

/**
 * The 20 recipient domains the campaign sent most to, with bounces and human engagement. The
 * events are folded per recipient first (one pass over the campaign's events by
 * email_events_campaign_idx), then hash-joined to the campaign's recipients.
 */
export async function byRecipientDomain(db: Executor, workspaceId: number, campaignId: number) {
  const { rows } = await sql<Record<string, unknown>>`with ev as (
      select recipient_id, bool_or(type = 'open' and not machine) as opened, bool_or(type = 'click' and not machine) as clicked
      from email_events where workspace_id = ${workspaceId} and campaign_id = ${campaignId} and type in ('open', 'click') group by recipient_id)
    select r.domain, count(*) filter (where r.status = 'sent') as sent,
      count(*) filter (where r.bounce_class in ('hard', 'soft')) as bounced,
      count(*) filter (where r.bounce_class = 'policy') as blocked,
      count(*) filter (where ev.opened) as opened, count(*) filter (where ev.clicked) as clicked,
      count(*) filter (where r.complained_at is not null) as complaints
    from campaign_recipients r left join ev on ev.recipient_id = r.id
    where r.workspace_id = ${workspaceId} and r.campaign_id = ${campaignId}
    group by r.domain order by count(*) desc, r.domain limit 20`.execute(db);
  return rows.map((r) => ({ domain: String(r.domain), sent: n(r.sent), bounced: n(r.bounced), blocked: n(r.blocked), opened: n(r.opened), clicked: n(r.clicked), complaints: n(r.complaints) }));
}

/** Bounces per class since a date (email_bounces_ws_idx range). */
export async function bouncesByClass(db: Executor, workspaceId: number, since: Date) {
  const rows = await db.selectFrom('email_bounces').select(['class', (eb) => eb.fn.countAll().as('n')])
    .where('workspace_id', '=', workspaceId).where('occurred_at', '>=', since).groupBy('class').execute();
  return rows.map((r) => ({ class: r.class, count: n(r.n) }));
}

/** Policy blocks per sending domain and account, with their reasons: the sender's own problems. */
export async function policyBlocksBySender(db: Executor, workspaceId: number, since: Date) {
  const { rows } = await sql<Record<string, unknown>>`select b.sending_domain, b.account_id, a.name as account_name, b.reason, count(*) as n, max(b.occurred_at) as last_at
    from email_bounces b left join sending_accounts a on a.id = b.account_id and a.workspace_id = b.workspace_id
    where b.workspace_id = ${workspaceId} and b.occurred_at >= ${since} and b.class = 'policy'
    group by b.sending_domain, b.account_id, a.name, b.reason order by n desc limit 100`.execute(db);
  return rows.map((r) => ({ sendingDomain: (r.sending_domain as string | null) ?? null, accountId: r.account_id === null ? null : n(r.account_id), accountName: (r.account_name as string | null) ?? null, reason: String(r.reason), count: n(r.n), lastAt: r.last_at as Date }));
}

/** Each bounce with its code, reason and the remote server's words, newest first (keyset by id). */
export function bouncesPage(db: Executor, o: { workspaceId: number; beforeId?: number; limit: number; class?: string; campaignId?: number }) {
  let q = db.selectFrom('email_bounces as b').leftJoin('campaigns as c', (j) => j.onRef('c.id', '=', 'b.campaign_id').onRef('c.workspace_id', '=', 'b.workspace_id'))
    .select(['b.id', 'b.email', 'b.kind', 'b.class', 'b.status_code', 'b.reason', 'b.diagnostic', 'b.remote_mta', 'b.source', 'b.sending_domain', 'b.campaign_id', 'c.name as campaign_name', 'b.occurred_at'])
    .where('b.workspace_id', '=', o.workspaceId);
  if (o.class) q = q.where('b.class', '=', o.class as never);
  if (o.campaignId) q = q.where('b.campaign_id', '=', o.campaignId);
  if (o.beforeId) q = q.where('b.id', '<', o.beforeId);
  return q.orderBy('b.id', 'desc').limit(o.limit + 1).execute();
}
