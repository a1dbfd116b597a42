import { generateKeyPairSync } from 'node:crypto';
import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import { sealSecret } from '../../lib/secret-box.js';

/**
 * Seeds for delivery tests and the bench: an audience of `count` consenting subscribers made in
 * three statements, a sending account pointing at a local sink, a DKIM domain, a template and a
 * draft campaign. Not used by the app.
 */
export async function seedAudience(ctx: AppContext, workspaceId: number, count: number, domainOf = (i: number) => `d${i % 7}.test`) {
  const list = await ctx.db.insertInto('lists').values({ workspace_id: workspaceId, name: `List ${Math.random().toString(36).slice(2)}` }).returning('id').executeTakeFirstOrThrow();
  const listId = Number(list.id);
  const domains = Array.from({ length: 7 }, (_, i) => domainOf(i));
  await sql`insert into contacts (workspace_id, first_name, last_name, email, email_normalized, custom)
    select ${workspaceId}, 'Person' || g, 'Number' || g, 'p' || g || '.' || ${listId} || '@' || (${JSON.stringify(domains)}::jsonb ->> (g % 7)),
      'p' || g || '.' || ${listId} || '@' || (${JSON.stringify(domains)}::jsonb ->> (g % 7)), jsonb_build_object('tier', case when g % 2 = 0 then 'gold' else 'silver' end)
    from generate_series(1, ${count}) g`.execute(ctx.db);
  await sql`insert into list_members (workspace_id, list_id, contact_id, status)
    select ${workspaceId}, ${listId}, id, 'subscribed' from contacts where workspace_id = ${workspaceId} and email like ${`%.${listId}@%`}`.execute(ctx.db);
  await sql`insert into contact_consents (workspace_id, contact_id, channel, list_id, status)
    select ${workspaceId}, contact_id, 'email', ${listId}, 'granted' from list_members where list_id = ${listId}`.execute(ctx.db);
  // Bulk-loaded just now: give the planner statistics, as autovacuum would in a day's use.
  for (const t of ['contacts', 'list_members', 'contact_consents']) await sql.raw(`analyze ${t}`).execute(ctx.db);
  return listId;
}

export async function seedSending(ctx: AppContext, workspaceId: number, o: { port: number; domain?: string; maxPerSecond?: number; maxConnections?: number; fromDomain?: string | null; weight?: number }) {
  const domain = o.domain ?? 'news.example.test';
  const account = await ctx.db.insertInto('sending_accounts').values({
    workspace_id: workspaceId, name: `Sink ${o.port}`, host: '127.0.0.1', port: o.port, security: 'none', username: null, password_encrypted: null,
    max_per_second: o.maxPerSecond ?? 10_000, max_connections: o.maxConnections ?? 5, from_domain: o.fromDomain ?? null, weight: o.weight ?? 1,
  }).returning('id').executeTakeFirstOrThrow();
  const existing = await ctx.db.selectFrom('sending_domains').select('dkim_public_key').where('workspace_id', '=', workspaceId).where('domain', '=', domain).executeTakeFirst();
  if (existing) return { accountId: Number(account.id), domain, publicKey: existing.dkim_public_key };
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicKeyB64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  await ctx.db.insertInto('sending_domains').values({
    workspace_id: workspaceId, domain, dkim_selector: 'rp1', dkim_public_key: publicKeyB64, verified_at: new Date(),
    dkim_private_key_encrypted: sealSecret(ctx.secret, 'dkim-private-key', privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()),
  }).execute();
  return { accountId: Number(account.id), domain, publicKey: publicKeyB64 };
}

export const TEST_MJML = `<mjml><mj-body><mj-section><mj-column>
<mj-text>Hello {{ contact.first_name | default: "there" }} ({{ contact.tier }}) of {{ workspace.name }}</mj-text>
<mj-button href="https://shop.example.test/sale">Shop the sale</mj-button>
<mj-text><a href="{{ unsubscribe_url }}">Unsubscribe</a> · {{ workspace.postal_address }}</mj-text>
</mj-column></mj-section></mj-body></mjml>`;

export async function seedCampaign(ctx: AppContext, workspaceId: number, o: { listIds: number[]; domain?: string; subject?: string }) {
  const template = await ctx.db.insertInto('email_templates').values({ workspace_id: workspaceId, name: 'T', mjml: TEST_MJML }).returning('id').executeTakeFirstOrThrow();
  const campaign = await ctx.db.insertInto('campaigns').values({
    workspace_id: workspaceId, name: 'Spring sale', subject: o.subject ?? 'Hi {{ contact.first_name }}, our spring sale', preheader: 'Up to 30% off',
    from_name: 'Acme News', from_email: `news@${o.domain ?? 'news.example.test'}`, template_id: Number(template.id), list_ids: JSON.stringify(o.listIds),
  }).returning('id').executeTakeFirstOrThrow();
  return Number(campaign.id);
}
