import { sql, type Kysely } from 'kysely';

// Campaigns (issue 9): sending accounts and domains, templates, campaigns, the frozen per-recipient
// send queue, tracked links, engagement events and bounces. One migration so the three parts of the
// sending path (templates, pipeline, tracking/bounces) share one model.
const statements = [
  // An SMTP relay a workspace sends through. The password is encrypted at rest (src/lib/secret-box.ts).
  `create table sending_accounts (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    name text not null,
    host text not null,
    port integer not null check (port between 1 and 65535),
    security text not null default 'starttls' check (security in ('none','starttls','tls')),
    username text,
    password_encrypted text,
    max_per_second integer not null default 50 check (max_per_second between 1 and 10000),
    max_connections integer not null default 5 check (max_connections between 1 and 50),
    -- Several accounts can serve a workspace: by from-domain (null: any) and by weight.
    from_domain text,
    weight integer not null default 1 check (weight between 0 and 1000),
    enabled boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index sending_accounts_ws_idx on sending_accounts (workspace_id, id)`,
  // A domain mail is sent from. Rapport makes its DKIM key pair; the private key is encrypted at rest.
  `create table sending_domains (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    domain text not null,
    dkim_selector text not null,
    dkim_public_key text not null,
    dkim_private_key_encrypted text not null,
    -- Last DNS check, per record: { dkim: {ok, found, expected}, spf: {...}, dmarc: {...} }.
    dns_status jsonb not null default '{}',
    verified_at timestamptz,
    checked_at timestamptz,
    created_at timestamptz not null default now()
  )`,
  `create unique index sending_domains_ws_domain_key on sending_domains (workspace_id, lower(domain))`,
  // A template is MJML with Liquid; \`blocks\` keeps the block editor's document when it made the MJML.
  `create table email_templates (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    name text not null,
    kind text not null default 'marketing' check (kind in ('marketing','transactional')),
    subject text not null default '',
    preheader text not null default '',
    mjml text not null,
    blocks jsonb,
    starter text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index email_templates_ws_idx on email_templates (workspace_id, id)`,
  `create table campaigns (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    name text not null,
    status text not null default 'draft' check (status in ('draft','scheduled','sending','paused','sent','cancelled','failed')),
    subject text not null default '',
    preheader text not null default '',
    from_name text not null default '',
    from_email text not null default '',
    reply_to text,
    template_id bigint references email_templates(id) on delete set null,
    -- Frozen at send start: the MJML compiled to HTML once per campaign (Liquid still in it).
    compiled_html text,
    list_ids jsonb not null default '[]',
    include_segment_ids jsonb not null default '[]',
    exclude_segment_ids jsonb not null default '[]',
    scheduled_at timestamptz,
    time_zone text,
    started_at timestamptz,
    finished_at timestamptz,
    recipient_count integer not null default 0,
    created_by bigint references users(id) on delete set null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index campaigns_ws_idx on campaigns (workspace_id, id desc)`,
  `create index campaigns_due_idx on campaigns (scheduled_at) where status = 'scheduled'`,
  // One row per recipient, frozen by one INSERT … SELECT through the send guard at send start.
  // State machine: queued → sending → sent | failed (| skipped: suppressed after freezing).
  // \`attempts\`/\`next_attempt_at\` drive the backoff of SMTP 4xx answers.
  `create table campaign_recipients (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    campaign_id bigint not null references campaigns(id) on delete cascade,
    contact_id bigint references contacts(id) on delete set null,
    email text not null,
    domain text not null,
    status text not null default 'queued' check (status in ('queued','sending','sent','failed','skipped')),
    attempts integer not null default 0,
    next_attempt_at timestamptz,
    message_id text,
    account_id bigint,
    last_error text,
    sent_at timestamptz,
    -- Engagement, denormalised for reports: first open/click and counts.
    opened_at timestamptz,
    clicked_at timestamptz,
    bounced_at timestamptz,
    bounce_class text,
    complained_at timestamptz,
    unsubscribed_at timestamptz
  )`,
  // Workers walk a campaign in keyset order (campaign_id, id) from a saved checkpoint.
  `create index campaign_recipients_walk_idx on campaign_recipients (campaign_id, id) where status in ('queued','sending')`,
  `create unique index campaign_recipients_once_key on campaign_recipients (campaign_id, email)`,
  `create index campaign_recipients_contact_idx on campaign_recipients (workspace_id, contact_id)`,
  `create index campaign_recipients_message_idx on campaign_recipients (message_id) where message_id is not null`,
  // The links of a campaign's HTML, numbered; a click token names the index, never a URL.
  `create table campaign_links (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    campaign_id bigint references campaigns(id) on delete cascade,
    template_id bigint references email_templates(id) on delete cascade,
    position integer not null,
    url text not null
  )`,
  `create unique index campaign_links_pos_key on campaign_links (campaign_id, position)`,
  // Every engagement and delivery event. \`machine\` marks privacy-proxy opens and scanner clicks.
  `create table email_events (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    campaign_id bigint references campaigns(id) on delete cascade,
    recipient_id bigint references campaign_recipients(id) on delete cascade,
    transactional_id bigint,
    contact_id bigint references contacts(id) on delete set null,
    type text not null check (type in ('delivered','open','click','bounce','complaint','unsubscribe','deferred')),
    machine boolean not null default false,
    link_position integer,
    ip text,
    user_agent text,
    occurred_at timestamptz not null default now()
  )`,
  `create index email_events_campaign_idx on email_events (campaign_id, type, occurred_at)`,
  `create index email_events_ws_idx on email_events (workspace_id, occurred_at desc)`,
  // A parsed bounce or complaint: the code, the reason class and the remote server's own words.
  `create table email_bounces (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    campaign_id bigint references campaigns(id) on delete set null,
    recipient_id bigint references campaign_recipients(id) on delete set null,
    transactional_id bigint,
    contact_id bigint references contacts(id) on delete set null,
    email text not null,
    kind text not null check (kind in ('bounce','complaint')),
    class text not null check (class in ('hard','soft','policy','complaint','unknown')),
    status_code text,
    reason text not null,
    diagnostic text,
    remote_mta text,
    source text not null,
    sending_domain text,
    account_id bigint,
    occurred_at timestamptz not null default now()
  )`,
  `create index email_bounces_ws_idx on email_bounces (workspace_id, occurred_at desc)`,
  `create index email_bounces_email_idx on email_bounces (workspace_id, email, occurred_at desc)`,
  // Transactional messages, on the priority lane; Idempotency-Key makes a retried request one send.
  `create table transactional_messages (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    template_id bigint references email_templates(id) on delete set null,
    contact_id bigint references contacts(id) on delete set null,
    email text not null,
    data jsonb not null default '{}',
    idempotency_key text,
    status text not null default 'queued' check (status in ('queued','sending','sent','failed','suppressed')),
    attempts integer not null default 0,
    message_id text,
    last_error text,
    created_at timestamptz not null default now(),
    sent_at timestamptz
  )`,
  `create unique index transactional_idem_key on transactional_messages (workspace_id, idempotency_key) where idempotency_key is not null`,
  // The workspace's postal address goes in every marketing footer (CAN-SPAM); a campaign without it is blocked.
  `alter table workspaces add column postal_address text`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('alter table workspaces drop column postal_address').execute(db);
  for (const table of ['transactional_messages', 'email_bounces', 'email_events', 'campaign_links', 'campaign_recipients', 'campaigns', 'email_templates', 'sending_domains', 'sending_accounts']) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
}
