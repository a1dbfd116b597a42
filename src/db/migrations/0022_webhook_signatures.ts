import { sql, type Kysely } from 'kysely';

// Provider webhook signatures (issue 9): what each workspace gave us to check a provider's calls
// (SendGrid's public key, Mailgun's signing key, Postmark's basic-auth pair, the SNS topic), and
// the nonces already spent, so a captured call cannot be played again.
const statements = [
  `create table email_webhook_settings (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    provider text not null check (provider in ('ses','sendgrid','postmark','mailgun')),
    public_key text,
    username text,
    secret_sealed text,
    topic_arn text,
    updated_at timestamptz not null default now(),
    primary key (workspace_id, provider)
  )`,
  `create table email_webhook_nonces (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    provider text not null,
    nonce text not null,
    seen_at timestamptz not null default now(),
    primary key (workspace_id, provider, nonce)
  )`,
  // Spent nonces older than the replay window are pruned by age.
  `create index email_webhook_nonces_seen_idx on email_webhook_nonces (seen_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('drop table if exists email_webhook_nonces').execute(db);
  await sql.raw('drop table if exists email_webhook_settings').execute(db);
}
