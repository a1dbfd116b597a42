import type { AppContext } from '../../context.js';
import { can, requirePermission, type Actor } from '../auth/permissions.js';
import { dealScope } from '../deals/deal-access.js';
import * as repo from './search.repo.js';
import type { SearchQuery } from './search.schema.js';

export interface SearchHit {
  kind: 'contact' | 'company' | 'deal' | 'list';
  id: number;
  title: string;
  subtitle: string | null;
}

/**
 * The Ctrl/Cmd-K search: up to `limit` hits of each kind the actor may read. A kind the role
 * cannot read is not queried at all (a role without deals:read gets no deals), and deals keep
 * the deals module's visibility (sales see their own unless the workspace shares all).
 */
export async function searchEverything(options: { ctx: AppContext; actor: Actor; query: SearchQuery }): Promise<{ data: SearchHit[] }> {
  const { ctx, actor, query } = options;
  requirePermission(actor, 'contacts:read');
  const { q, limit } = query;
  const ws = actor.workspaceId;
  const [contacts, companies, deals, lists] = await Promise.all([
    repo.searchContacts(ctx.db, ws, q, limit),
    can(actor, 'companies:read') ? repo.searchCompanies(ctx.db, ws, q, limit) : [],
    can(actor, 'deals:read') ? dealScope(ctx.db, actor).then((scope) => repo.searchDeals(ctx.db, ws, q, limit, scope)) : [],
    can(actor, 'lists:read') ? repo.searchLists(ctx.db, ws, q, limit) : [],
  ]);
  const money = (value: unknown, currency: string) => `${Number(value).toLocaleString('en', { maximumFractionDigits: 2 })} ${currency}`;
  return {
    data: [
      ...contacts.map((c): SearchHit => ({ kind: 'contact', id: c.id, title: c.full_name || c.email || `Contact #${c.id}`, subtitle: [c.email, c.company_name].filter(Boolean).join(' · ') || null })),
      ...companies.map((c): SearchHit => ({ kind: 'company', id: c.id, title: c.name, subtitle: c.domain })),
      ...deals.map((d): SearchHit => ({ kind: 'deal', id: d.id, title: d.title, subtitle: `${money(d.value, d.currency)} · ${d.status}` })),
      ...lists.map((l): SearchHit => ({ kind: 'list', id: l.id, title: l.name, subtitle: `${l.purpose} list` })),
    ],
  };
}
