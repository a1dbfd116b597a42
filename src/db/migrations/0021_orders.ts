import { sql, type Kysely } from 'kysely';

// Products and orders (issue 12 §4), the signed webhooks of shops and message gateways (§4, §5),
// and orders as a kind of CSV import. Money is numeric(14,2) in the order's currency.
const statements = [
  `create table products (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    sku text not null,
    name text not null,
    category text,
    price numeric(14,2) not null check (price >= 0),
    currency char(3) not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create unique index products_sku_key on products (workspace_id, sku)`,
  // "Bought a product of category X" finds the category's products first.
  `create index products_category_idx on products (workspace_id, lower(category)) where category is not null`,
  `create table orders (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    external_id text not null,
    source text not null check (source in ('api','csv','shopify','woocommerce')),
    contact_id bigint references contacts(id) on delete set null,
    customer_email text,
    customer_external_id text,
    status text not null check (status in ('pending','paid','fulfilled','partially_refunded','refunded','cancelled')),
    placed_at timestamptz not null,
    currency char(3) not null,
    subtotal numeric(14,2) not null default 0,
    discount numeric(14,2) not null default 0,
    shipping numeric(14,2) not null default 0,
    tax numeric(14,2) not null default 0,
    total numeric(14,2) not null,
    refunded numeric(14,2) not null default 0 check (refunded >= 0),
    source_updated_at timestamptz not null,
    payload_hash text not null,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  // The upsert's key: one order per external id and workspace, whichever channel sent it.
  `create unique index orders_external_key on orders (workspace_id, external_id)`,
  // The contact's orders (page, lifetime spend) and every order segment condition: per-contact
  // probes and the grouped "count/spend in the last N days" read this index only.
  `create index orders_contact_idx on orders (workspace_id, contact_id, placed_at desc) include (status, total, refunded) where contact_id is not null`,
  `create index orders_ws_placed_idx on orders (workspace_id, placed_at desc, id desc)`,
  // The identity seam (order-contacts.ts) finds a contact by an earlier order's customer id.
  `create index orders_customer_ext_idx on orders (workspace_id, customer_external_id) where customer_external_id is not null`,
  `create table order_lines (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    order_id bigint not null references orders(id) on delete cascade,
    position integer not null,
    product_id bigint references products(id) on delete set null,
    sku text,
    name text not null,
    category text,
    quantity numeric(14,3) not null check (quantity > 0),
    unit_price numeric(14,2) not null,
    total numeric(14,2) not null,
    unique (order_id, position)
  )`,
  // "Bought product X / category Y": the lines of the product (or category), then their orders.
  `create index order_lines_sku_idx on order_lines (workspace_id, sku, order_id) where sku is not null`,
  `create index order_lines_category_idx on order_lines (workspace_id, lower(category), order_id) where category is not null`,
  // Shop and gateway webhooks: a sealed secret per workspace and channel, and for message
  // channels the help-desk inbox that files them.
  `create table ecrm_channels (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    channel text not null check (channel in ('shopify','woocommerce','whatsapp','telegram','facebook')),
    secret_sealed text not null,
    inbox_id bigint references inboxes(id) on delete set null,
    updated_at timestamptz not null default now(),
    primary key (workspace_id, channel)
  )`,
  // A delivery id seen once is refused again (replays), whatever its signature.
  `create table webhook_receipts (
    workspace_id bigint not null references workspaces(id) on delete cascade,
    channel text not null,
    delivery_id text not null,
    received_at timestamptz not null default now(),
    primary key (workspace_id, channel, delivery_id)
  )`,
  `create table inbound_messages (
    id bigint generated always as identity primary key,
    workspace_id bigint not null references workspaces(id) on delete cascade,
    channel text not null,
    external_message_id text not null,
    sender_external_id text not null,
    contact_id bigint references contacts(id) on delete set null,
    ticket_id bigint references tickets(id) on delete set null,
    body text not null,
    sent_at timestamptz not null,
    created_at timestamptz not null default now(),
    unique (workspace_id, channel, external_message_id)
  )`,
  `create index inbound_messages_sender_idx on inbound_messages (workspace_id, sender_external_id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['inbound_messages', 'webhook_receipts', 'ecrm_channels', 'order_lines', 'orders', 'products']) {
    await sql.raw(`drop table if exists ${table}`).execute(db);
  }
}
