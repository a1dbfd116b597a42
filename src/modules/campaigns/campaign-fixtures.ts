import type { AppContext } from '../../context.js';
import type { Actor } from '../auth/permissions.js';
import { createContact } from '../contacts/contacts.service.js';
import { createList, setMembers } from '../lists/lists.service.js';

/** A sendable template: responsive MJML with the unsubscribe link and the postal address in its footer. */
export const FIXTURE_MJML = `<mjml><mj-body><mj-section><mj-column>
  <mj-text>Hello {{ contact.first_name | default: "there" }}</mj-text>
  <mj-button href="https://shop.example/spring?utm=mail">Shop the sale</mj-button>
  <mj-text font-size="11px">{{ workspace.postal_address }} · <a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text>
</mj-column></mj-section></mj-body></mjml>`;

/**
 * Test setup shared by campaign tests: a workspace ready to send (postal address, a verified
 * sending domain, a template) and a list of `size` subscribed contacts. Rows the templates and
 * sending modules own are written directly: these tests are about campaigns.
 */
export async function sendableWorkspace(ctx: AppContext, actor: Actor, size = 3) {
  const ws = actor.workspaceId;
  const domain = `news${ws}.example`;
  await ctx.db.updateTable('workspaces').set({ postal_address: '1 Harbour Road, Bristol BS1 4RN, UK' }).where('id', '=', ws).execute();
  await ctx.db.insertInto('sending_domains').values({ workspace_id: ws, domain, dkim_selector: 'rp1', dkim_public_key: 'x', dkim_private_key_encrypted: 'x', verified_at: new Date() }).execute();
  const template = await ctx.db.insertInto('email_templates').values({ workspace_id: ws, name: 'Spring', mjml: FIXTURE_MJML }).returning('id').executeTakeFirstOrThrow();
  const list = await createList({ ctx, actor, input: { name: `Newsletter ${ws}`, purpose: 'marketing', optInMode: 'single', description: null, publicName: null, publicDescription: null, senderName: null } });
  const consent = { source: 'admin' as const, lawfulBasis: 'consent' as const, proof: 'test fixture' };
  const contactIds: number[] = [];
  for (let i = 0; i < size; i++) contactIds.push((await createContact({ ctx, actor, input: { email: `reader${i}.w${ws}@example.org`, firstName: `Reader${i}` } })).id);
  if (contactIds.length) await setMembers({ ctx, actor, id: list.id, input: { contactIds, status: 'subscribed', consent } });
  return { domain, fromEmail: `hello@${domain}`, templateId: Number(template.id), listId: list.id, contactIds };
}
