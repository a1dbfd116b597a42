import { sql, type Kysely } from 'kysely';

// Orders find their contact through the identity module (contact_identities), never by the
// order's own customer_external_id, so this index only cost every order write.
export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw('drop index if exists orders_customer_ext_idx').execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('create index orders_customer_ext_idx on orders (workspace_id, customer_external_id) where customer_external_id is not null').execute(db);
}
