import { sql, type SqlBool } from 'kysely';
import type { Executor } from '../../db/executor.js';
import { fullTextMatch, toPrefixTsQuery } from '../../lib/list-filters.js';
import type { DealScope } from '../deals/deals.repo.js';

/**
 * The global search box's queries: a handful of rows per kind, each from an index. Contacts and
 * companies bitmap-scan the GIN index on their `search` vector (prefix tsquery), deals the GIN
 * index on theirs; lists are few per workspace, so a scan of the workspace's lists with ilike is
 * fine. Ranked by ts_rank so the best match comes first, then by name for a stable order.
 */
export function searchContacts(db: Executor, ws: number, q: string, limit: number) {
  const match = fullTextMatch('c', q, false);
  if (!match) return Promise.resolve([]);
  const tsq = toPrefixTsQuery(q)!;
  return db
    .selectFrom('contacts as c')
    .leftJoin('companies as co', 'co.id', 'c.company_id')
    .select(['c.id', 'c.full_name', 'c.email', 'co.name as company_name'])
    .where('c.workspace_id', '=', ws)
    .where('c.deleted_at', 'is', null)
    .where(match)
    .orderBy(sql`ts_rank(c.search, to_tsquery('simple', ${tsq}))`, 'desc')
    .orderBy('c.full_name')
    .limit(limit)
    .execute();
}

export function searchCompanies(db: Executor, ws: number, q: string, limit: number) {
  const match = fullTextMatch('co', q, false);
  if (!match) return Promise.resolve([]);
  const tsq = toPrefixTsQuery(q)!;
  return db
    .selectFrom('companies as co')
    .select(['co.id', 'co.name', 'co.domain'])
    .where('co.workspace_id', '=', ws)
    .where(match)
    .orderBy(sql`ts_rank(co.search, to_tsquery('simple', ${tsq}))`, 'desc')
    .orderBy('co.name')
    .limit(limit)
    .execute();
}

/** Only deals in the actor's scope: a sales user limited to their own finds only those. */
export function searchDeals(db: Executor, ws: number, q: string, limit: number, scope: DealScope) {
  const tsq = toPrefixTsQuery(q);
  if (!tsq) return Promise.resolve([]);
  let query = db
    .selectFrom('deals as d')
    .select(['d.id', 'd.title', 'd.value', 'd.currency', 'd.status'])
    .where('d.workspace_id', '=', ws)
    .where(sql<SqlBool>`d.search @@ to_tsquery('simple', ${tsq})`);
  if (!scope.all) query = scope.ownerId ? query.where('d.owner_id', '=', scope.ownerId) : query.where(sql<SqlBool>`false`);
  return query.orderBy(sql`ts_rank(d.search, to_tsquery('simple', ${tsq}))`, 'desc').orderBy('d.title').limit(limit).execute();
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

export function searchLists(db: Executor, ws: number, q: string, limit: number) {
  return db
    .selectFrom('lists as l')
    .select(['l.id', 'l.name', 'l.purpose'])
    .where('l.workspace_id', '=', ws)
    .where('l.name', 'ilike', `%${escapeLike(q)}%`)
    .orderBy(sql`lower(l.name)`)
    .limit(limit)
    .execute();
}
